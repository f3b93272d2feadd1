"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against
daphne on the test database, with the real watcher, Celery worker and channel layer.

Screenshots of every page are written to .run/test/screenshots/ (test artifacts)."""

import os
import re
import shutil
import threading
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from alerts.models import Alert, AlertRule
from analysis.tasks import analyze_batch, enrich_detection
from cameras.models import Camera, Zone
from detection.models import Detection, MediaFile
from events.models import Event
from events.tasks import broadcast_event
from homesec.roles import make_admin
from household.models import ExpectedVisitor
from runner import processes
from tests import factories
from tests.conftest import serving, step_until, web_argv
from tests.media import BUS
from tests.servers import RUN_DIR

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = RUN_DIR / "screenshots"
PASSWORD = "a-long-test-password"
PAGES = [
    "/",
    "/events/",
    "/timeline/",
    "/cameras/",
    "/alerts/",
    "/system/",
    "/system/logs/",
    "/settings/",
    "/exports/",
    "/analytics/",
    "/incidents/",
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = playwright_api.expect
if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: install Debian's chromium package to run the page tests",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """daphne over the test database, with camera and media roots the test shares."""
    roots = RUN_DIR / "pages"
    shutil.rmtree(roots, ignore_errors=True)
    (roots / "cameras").mkdir(parents=True)
    port = processes.free_port()
    env = {
        "HOMESEC_CAMERA_ROOT": str(roots / "cameras"),
        "HOMESEC_MEDIA_ROOT": str(roots / "media"),
    }
    with (
        django_db_blocker.unblock(),
        serving("web-pages", web_argv(port), port, "web: serving", **env) as address,
    ):
        yield {"url": f"http://{address}", "roots": roots}


@pytest.fixture
def roots(site, settings, broker):
    settings.CAMERA_ROOT = site["roots"] / "cameras"
    settings.MEDIA_ROOT = site["roots"] / "media"
    settings.FILE_STABLE_SECONDS = 0.3
    for child in settings.CAMERA_ROOT.iterdir():
        shutil.rmtree(child)
    return settings.CAMERA_ROOT


@pytest.fixture
def camera_root(roots):
    """conftest's watcher watches the site's camera root."""
    return roots


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an asyncio loop in this thread; Django's guard against
    # blocking calls inside a loop would refuse the test's own database queries.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, site, roots, django_user_model):
    """A browser tab logged in through the login page."""
    make_admin(django_user_model.objects.create_user("resident", password=PASSWORD))
    context = browser.new_context(base_url=site["url"], viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto("/login/")
    tab.fill("input[name=username]", "resident")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(site["url"] + "/")
    yield tab
    context.close()


def screenshot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def live(tab) -> None:
    """Wait until the page's socket is connected."""
    tab.wait_for_selector("#conn[data-state=live]", timeout=10000)


def test_a_dropped_photo_slides_into_the_feed_and_can_be_reviewed(
    page, roots, watcher, settings, celery_worker_factory
):
    settings.BATCH_WINDOW_SECONDS, settings.BATCH_IDLE_TIMEOUT_SECONDS = 2, 1
    live(page)
    assert page.locator("#feed li").count() == 0
    target = roots / "Back Door" / "bus.jpg"
    target.parent.mkdir()
    shutil.copyfile(BUS, target)
    assert step_until(watcher, MediaFile.objects.exists)
    with celery_worker_factory():
        assert factories.beat_until(Event.objects.exists, timeout=180)  # a busy machine
        event = Event.objects.get()
        row = page.locator(f'#feed li[data-event="{event.pk}"]')
        row.wait_for(timeout=15000)  # no reload: it came over the socket
        assert factories.beat_until(
            lambda: Event.objects.filter(batch__state="analyzed").exists(), timeout=60
        )
    event.refresh_from_db()
    expect(row).to_contain_text(event.summary)  # the full analysis updated the row in place
    assert "Back Door" in row.inner_text()
    assert page.locator("#feed li").count() == 1
    screenshot(page, "dashboard")

    row.locator("a.summary").click()
    page.wait_for_url(f"**/events/{event.pk}/")
    boxes = page.locator(".figure .box")
    assert boxes.count() == event.detections.count() >= 4
    # The scorer's reasoning is its factors: the page lists them once, not twice.
    assert page.locator("#factors li").all_inner_texts() == event.factors
    assert event.factors
    assert event.reasoning.startswith("Scored from the facts")
    assert page.locator("#reasoning").count() == 0
    picture = page.locator(".figure img")
    assert "/preview/" in picture.get_attribute("src")  # a rendition sized for the page
    size = picture.evaluate("img => img.complete && [img.naturalWidth, img.naturalHeight]")
    assert size == [720, 960]  # the 810×1080 photo, fitted to 1280×960
    assert page.locator("#reviewed").inner_text() == "no"
    screenshot(page, "event-detail")

    with page.expect_navigation():  # the form posts, then comes back to the event
        page.click("text=Mark reviewed")
    assert page.locator("#reviewed").inner_text() == "yes"
    page.reload()
    assert page.locator("#reviewed").inner_text() == "yes"
    event.refresh_from_db()
    assert event.reviewed


def test_feedback_from_the_page_rescores_the_next_similar_event_with_the_factor_shown(
    page, settings
):
    settings.LLM_ENABLED = False
    front = factories.camera("Front Door")
    first = Event.objects.get(pk=analyze_batch([], factories.closed_batch(front).pk))
    page.goto(f"/events/{first.pk}/")
    assert page.locator("#feedback").inner_text() == "none yet"
    with page.expect_navigation():
        page.click("#feedback-form >> text=False alarm")
    assert page.locator("#feedback").inner_text().startswith("False alarm (resident,")

    similar = Event.objects.get(pk=analyze_batch([], factories.closed_batch(front).pk))
    page.goto(f"/events/{similar.pk}/")
    shown = page.locator("#factors li").all_inner_texts()
    assert "you marked 1 similar event here as a false alarm (-5)" in shown
    assert similar.risk_score == first.risk_score - 5
    expect(page.locator("#level")).to_contain_text(str(similar.risk_score))
    page.goto("/settings/")
    expect(page.locator("#calibration")).to_contain_text("as a false alarm")
    with page.expect_navigation():
        page.click("#calibration >> text=Reset all")
    expect(page.locator("#calibration")).to_contain_text("No feedback counts yet")


def test_filters_and_search_narrow_the_timeline(page):
    garden, door = factories.camera("Garden"), factories.camera("Front Door")
    now = timezone.now()
    made = {
        "fox": Event.objects.create(camera=garden, started_at=now, risk_score=12,
                                    summary="A fox crossed the lawn", labels="dog"),
        "courier": Event.objects.create(camera=door, started_at=now - timedelta(minutes=5),
                                        risk_score=40, summary="A courier left a parcel"),
        "prowler": Event.objects.create(camera=door, started_at=now - timedelta(days=3),
                                        risk_score=88, summary="Someone tried the door handle",
                                        reviewed=True),
    }  # fmt: skip

    def shown() -> set[str]:
        ids = page.locator("#timeline tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.event)"
        )
        return {name for name, event in made.items() if str(event.pk) in ids}

    page.goto("/events/")
    assert shown() == {"fox", "courier", "prowler"}
    screenshot(page, "events")
    page.select_option("select[name=camera]", "front_door")
    page.click("#filters button[type=submit]")
    assert shown() == {"courier", "prowler"}
    page.select_option("select[name=reviewed]", "false")
    page.click("#filters button[type=submit]")
    assert shown() == {"courier"}
    page.goto("/events/")
    page.select_option("select[name=risk_level]", "critical")
    page.click("#filters button[type=submit]")
    assert shown() == {"prowler"}
    page.goto("/events/")
    page.fill("input[name=search]", "parcel")
    page.click("#filters button[type=submit]")
    assert shown() == {"courier"}
    page.goto("/events/")
    # two days back: the courier (5 minutes ago) stays out even when the test runs at midnight
    page.fill("input[name=date_to]", f"{timezone.localdate(now) - timedelta(days=2):%Y-%m-%d}")
    page.click("#filters button[type=submit]")
    assert shown() == {"prowler"}

    page.goto("/events/")  # bulk review
    page.check(f'input[name=ids][value="{made["fox"].pk}"]')
    page.check(f'input[name=ids][value="{made["courier"].pk}"]')
    page.click("text=Mark selected reviewed")
    assert "2 events marked reviewed" in page.locator(".messages").inner_text()
    assert Event.objects.filter(reviewed=False).count() == 0


def test_the_zone_editor_saves_a_polygon_that_the_analysis_uses(page, roots):
    cam = factories.camera("Back Door")
    upload = factories.processed_upload(cam, box=(300, 200, 100, 200))  # feet at (0.55, 0.83)
    (roots / upload.path).parent.mkdir(parents=True)
    shutil.copyfile(BUS, roots / upload.path)
    MediaFile.objects.filter(pk=upload.pk).update(width=810, height=1080)
    detection = Detection.objects.get()
    Detection.objects.filter(pk=detection.pk).update(
        bbox_x=405, bbox_y=540, bbox_width=100, bbox_height=300
    )  # fmt: skip  feet (0.56, 0.78)

    page.goto(f"/cameras/{cam.pk}/")
    editor = page.locator("#editor")
    editor.locator("img").wait_for()
    # Polled from here: the pages' Content-Security-Policy forbids wait_for_function's eval.
    loaded = "document.getElementById('snapshot').naturalWidth > 0"
    assert processes.wait_until(lambda: page.evaluate(loaded), timeout=20, interval=0.2)
    editor.scroll_into_view_if_needed()
    box = page.locator("#zones-svg").bounding_box()
    for x, y in [(0.4, 0.6), (0.8, 0.6), (0.8, 0.95), (0.4, 0.95)]:
        page.mouse.click(box["x"] + x * box["width"], box["y"] + y * box["height"])
    page.fill("#zone-name", "Back steps")
    page.select_option("#zone-kind", "entry_point")
    page.click("#zone-save")
    expect(page.locator("#zone-message")).to_have_text("Zone “Back steps” saved.")
    screenshot(page, "camera-zones")

    zone = Zone.objects.get()
    assert (zone.name, zone.kind, zone.camera_id) == ("Back steps", "entry_point", cam.pk)
    assert [[round(x, 1), round(y, 2)] for x, y in zone.polygon] == [
        [0.4, 0.6],
        [0.8, 0.6],
        [0.8, 0.95],
        [0.4, 0.95],
    ]
    assert enrich_detection.apply(args=(detection.pk,)).get()["zones"] == [
        ["Back steps", "entry_point"]
    ]

    page.fill("#zone-name", "Too few")
    page.mouse.click(box["x"] + 10, box["y"] + 10)
    page.click("#zone-save")
    assert "at least three points" in page.locator("#zone-message").inner_text()
    assert Zone.objects.count() == 1


def test_a_socket_dropped_during_a_burst_still_shows_every_event_once(page, celery_worker):
    cam = factories.camera("Drive")
    live(page)
    events = [factories.event(cam, score=20 + i, summary=f"Burst event {i}") for i in range(30)]

    def publish():
        for event in events:
            broadcast_event.delay(event.pk)
            time.sleep(0.03)

    sender = threading.Thread(target=publish)
    sender.start()
    time.sleep(0.3)
    page.evaluate("window.homesec.socket().close()")  # dropped mid-burst; it reconnects
    sender.join()
    shown_all = f"document.querySelectorAll('#feed li').length >= {len(events)}"
    assert processes.wait_until(lambda: page.evaluate(shown_all), timeout=20, interval=0.2)
    time.sleep(1)  # anything duplicated would arrive by now
    shown = page.locator("#feed li").evaluate_all("rows => rows.map(r => Number(r.dataset.event))")
    assert sorted(shown) == sorted(event.pk for event in events)
    assert page.locator("#conn").get_attribute("data-state") == "live"


def test_a_tab_is_sent_to_the_login_page_when_its_session_ends_in_another(page, site):
    live(page)
    other = page.context.new_page()  # the same browser: the same session
    other.goto("/events/")
    other.click("form[action='/logout/'] button")
    # Where each tab goes is the point, not how soon a busy machine finishes loading it.
    other.wait_for_url(site["url"] + "/login/**", timeout=60000, wait_until="commit")
    # Not left on a page that reconnects for ever.
    page.wait_for_url(site["url"] + "/login/**", timeout=60000, wait_until="commit")


def test_an_anonymous_browser_is_sent_to_the_login_page_from_every_page(browser, site):
    context = browser.new_context(base_url=site["url"])
    tab = context.new_page()
    for path in [*PAGES, "/events/1/", "/cameras/front_door/", "/alerts/rules/new/"]:
        tab.goto(path)
        assert tab.url.startswith(site["url"] + "/login/?next="), path
    screenshot(tab, "login")
    refused = tab.evaluate("""() => new Promise((done) => {
        const socket = new WebSocket(`ws://${location.host}/ws/events/`);
        socket.onopen = () => done("open");
        socket.onclose = (e) => done(`closed ${e.code}`);
    })""")
    assert refused != "open"
    context.close()


def test_every_page_renders_with_its_data_and_an_empty_state(page):
    for path in PAGES:  # nothing yet: each page says what to do
        page.goto(path)
        assert page.locator("main").inner_text().strip()
    page.goto("/cameras/")
    assert "No cameras yet" in page.locator("main").inner_text()

    cam = factories.camera("Garden", description="Lawn and shed, seen from the kitchen")
    factories.event(cam, score=90, summary="Someone in the shed at night")
    for path in PAGES:
        page.goto(path)
        screenshot(page, path.strip("/") or "dashboard-seeded")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto("/")
    screenshot(page, "dashboard-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("#notify-button").is_visible()  # alerts on this device, offered
    worker = page.request.get("/sw.js")
    assert worker.headers["content-type"] == "application/javascript"
    assert "showNotification" in worker.text()
    page.goto("/system/")
    assert page.locator('#services tr[data-service="database"] td').nth(1).inner_text() == "healthy"
    gpus = page.locator("#gpu").inner_text()  # no detection worker here, or one on a CPU
    assert "No detection worker reports" in gpus or "no GPU" in gpus, gpus

    page.goto("/settings/")
    page.fill("textarea[name=context]", "We have a dog; the gardener comes on Tuesdays.")
    page.fill("input[name=fast_path_confidence]", "0.8")
    page.click("#settings-form button[type=submit]")
    assert "Settings saved" in page.locator(".messages").inner_text()
    from household.models import Household

    household = Household.current()
    assert (household.context, household.fast_path_confidence) == (
        "We have a dog; the gardener comes on Tuesdays.",
        0.8,
    )
    page.fill("input[name=fast_path_confidence]", "7")
    page.click("#settings-form button[type=submit]")
    assert "less than or equal to 1.0" in page.locator("main").inner_text()

    from alerts.models import HouseMode

    page.select_option("select[name=mode]", "night")  # arrowing through: nothing changes yet
    page.wait_for_timeout(500)
    assert HouseMode.current() == "home"
    page.select_option("select[name=mode]", "away")
    with page.expect_navigation():
        page.click("#mode-form button[type=submit]")  # a deliberate action sets it
    assert page.locator("select[name=mode]").input_value() == "away"
    assert HouseMode.current() == "away"


def test_a_new_rule_from_the_page_and_alerts_acknowledged(page):
    factories.camera("Garden")
    page.goto("/alerts/rules/new/")
    page.fill("input[name=name]", "Person at night")
    page.fill("input[name=min_risk_score]", "60")
    page.check("input[name=object_types][value=person]")
    page.check("input[name=modes][value=night]")
    page.click("#rule-form button[type=submit]")
    page.wait_for_url("**/alerts/")
    from alerts.models import AlertRule

    rule = AlertRule.objects.get()
    assert (rule.name, rule.min_risk_score, rule.object_types, rule.modes) == (
        "Person at night",
        60,
        ["person"],
        ["night"],
    )
    assert page.locator("#rules").inner_text().count("Person at night") == 1

    event = factories.event(Camera.objects.get(), score=70, summary="Person by the shed")
    alert = Alert.objects.create(
        rule=rule,
        event=event,
        camera=event.camera,
        risk_level=event.risk_level,
        summary=event.summary,
    )
    page.goto("/alerts/")
    assert "Person by the shed" in page.locator("#alerts").inner_text()
    screenshot(page, "alerts-with-one")
    page.check(f'input[name=ids][value="{alert.pk}"]')
    page.click("text=Acknowledge selected")
    assert "1 alert acknowledged" in page.locator(".messages").inner_text()
    alert.refresh_from_db()
    assert alert.acknowledged


def test_the_gardener_is_scheduled_from_the_settings_page(page):
    factories.camera("Back Garden")
    page.goto("/settings/")
    page.click("text=New expected visitor")
    page.fill("input[name=name]", "Gardener")
    page.check("input[name=object_types][value=person]")
    page.check("input[name=days][value=tue]")
    page.fill("input[name=start_time]", "09:00")
    page.fill("input[name=end_time]", "12:00")
    page.check("input[name=cameras][value=back_garden]")
    page.click("#visitor-form button[type=submit]")
    page.wait_for_url("**/settings/")
    row = page.locator("#visitors tbody tr").inner_text()
    assert "Gardener" in row
    assert "Tue 09:00–12:00" in row
    assert "Back Garden" in row


AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core"


def _seed_every_page() -> list[str]:
    """A camera with a snapshot, an event with its detection and a rule: every page with
    its data. Returns the pages to look at."""
    cam = factories.camera("Garden", description="Lawn and shed, seen from the kitchen")
    media = factories.processed_upload(cam)
    event = factories.event(cam, score=90, summary="Someone in the shed at night")
    event.detections.set(list(media.detections.values_list("pk", flat=True)))
    event.save()
    Alert.objects.create(
        rule=AlertRule.objects.create(name="Night"),
        event=event,
        camera=cam,
        risk_level="critical",
        summary=event.summary,
    )
    gardener = ExpectedVisitor.objects.create(
        name="Gardener", days=["tue"], start_time=clock(9), end_time=clock(12)
    )
    gardener.cameras.set([cam])
    _seed_operator_pages(event)
    return [
        *PAGES,
        f"/events/{event.pk}/",
        f"/cameras/{cam.pk}/",
        "/alerts/rules/new/",
        "/settings/digest/",
        f"/settings/visitors/{gardener.pk}/",
    ]


def _seed_operator_pages(event) -> None:
    """A digest on the dashboard, a finished and a failed export on the Exports page."""
    from django.contrib.auth.models import User

    from alerts.models import Channel
    from reports import digest, exports

    Channel.objects.create(name="Family email", kind="email", target="family@example.com")
    digest.make(send=False)
    owner = User.objects.get(username="resident")
    exports.run(exports.create(owner, "csv", {"camera": event.camera_id}))
    failed = exports.create(owner, "zip", {})
    failed.status, failed.error = "failed", "This export would be 600.0 MB, more than allowed."
    failed.save()


def _serious_violations(tab) -> list[str]:
    tab.evaluate((AXE / "axe.min.js").read_text())  # DevTools' evaluate: the CSP allows it
    found = tab.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:4]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_pages_and_static_files_are_compressed_and_static_files_kept(page, roots):
    page.goto("/events/")
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert re.fullmatch(r"/static/web/app\.css\?v=[0-9a-f]{12}", stylesheet)
    gzip = {"Accept-Encoding": "gzip"}
    html = page.request.get("/events/", headers=gzip)
    assert html.headers["content-encoding"] == "gzip"
    assert "<h1" in html.text()
    css = page.request.get(stylesheet, headers=gzip)
    assert css.headers["content-encoding"] == "gzip"
    assert "--button" in css.text()
    assert "max-age=31536000" in css.headers["cache-control"]  # a new version has a new URL
    plain = page.request.get(stylesheet, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text() == css.text()
    picture = roots / "Garden" / "bus.jpg"
    picture.parent.mkdir()
    shutil.copyfile(BUS, picture)
    media = factories.processed_upload(factories.camera("Garden"))
    MediaFile.objects.filter(pk=media.pk).update(path="Garden/bus.jpg")
    original = page.request.get(f"/api/media/{media.pk}/original/", headers=gzip)
    assert "content-encoding" not in original.headers  # a JPEG is not compressed again
    assert original.body() == BUS.read_bytes()


def test_every_page_passes_axe_and_fits_a_phone(page, browser, site):
    if not (AXE / "axe.min.js").exists():
        pytest.skip("axe-core is not installed (make test installs it with npm)")
    pages = _seed_every_page()
    problems = []
    for width, height, name in [(1280, 900, "desktop"), (390, 844, "phone")]:
        page.set_viewport_size({"width": width, "height": height})
        for path in pages:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}{path.replace('/', '-').rstrip('-') or '-dashboard'}")
            problems += [f"{path} at {width} px: {v}" for v in _serious_violations(page)]
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{path} is {wide} px wide on a {width} px screen")
    anonymous = browser.new_context(base_url=site["url"], viewport={"width": 390, "height": 844})
    login = anonymous.new_page()
    login.goto("/login/")
    screenshot(login, "phone-login")
    problems += [f"/login/: {v}" for v in _serious_violations(login)]
    anonymous.close()
    assert not problems, "\n".join(problems)


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__shifts.push({
        value: entry.value,
        moved: entry.sources.map((s) => s.node ? (s.node.id || s.node.nodeName) : "?"),
      });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def test_a_phone_page_holds_still_after_its_first_paint(page, browser, site):
    """Layout shift (Chromium's PerformanceObserver), every shift of a load added up (at
    least the page's CLS), on a 390 px phone with Lighthouse's mobile slow-down (4× CPU, a
    slow 4G): at most 0.05 for the pages a person opens, and still when the live socket
    drops after the page is shown and comes back (its state shows in the header)."""
    pages = _seed_every_page()
    event_page = next(p for p in pages if re.fullmatch(r"/events/\d+/", p))
    phone = browser.new_context(
        base_url=site["url"],
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        storage_state=page.context.storage_state(),
    )
    phone.add_init_script(LAYOUT_SHIFTS)
    tab = phone.new_page()
    cdp = phone.new_cdp_session(tab)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    slow_4g = {"latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 96_000}
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **slow_4g})
    sockets = []

    def through(socket):
        sockets.append(socket)
        socket.connect_to_server()

    tab.route_web_socket("**/ws/**", through)
    shifted = {}
    for path in ["/", "/events/", event_page, "/people/", "/timeline/"]:
        tab.goto(path)
        tab.wait_for_load_state("networkidle")
        live(tab)
        while sockets:  # the phone's network drops: the page reconnects
            sockets.pop().close()
        tab.wait_for_selector("#conn[data-state=reconnecting]")
        live(tab)
        shifts = tab.evaluate("window.__shifts")
        total = round(sum(s["value"] for s in shifts), 3)
        shifted[path] = (total, [s["moved"] for s in shifts if s["value"] > 0.001])
    phone.close()
    assert all(total <= 0.05 for total, _ in shifted.values()), shifted
