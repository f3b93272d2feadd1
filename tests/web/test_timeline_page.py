"""The review timeline in Chromium: a day's events in one lane per camera, placed at their
time, the alerts apart; reviewed by keyboard alone (j/k/r/f) and all at once; a login that
may only look is told so and changes nothing. (axe, the 390 px phone and layout shift:
test_pages.py, whose page lists include /timeline/.)"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from PIL import Image

from alerts.models import Alert, AlertRule
from detection.thumbnails import save_thumbnail
from events.models import Event, Feedback
from tests import factories
from tests.web.test_pages import (  # noqa: F401  (fixtures)
    PASSWORD,
    browser,
    expect,
    page,
    roots,
    screenshot,
    site,
)

pytestmark = pytest.mark.django_db(transaction=True)


def at(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def day_of_events(roots):  # noqa: F811
    """Yesterday: a person at the back door at 02:14 (an alert), the drive's car at 09:30
    (an alert matched in the cooldown: nothing was sent, so a detection), a cat at 18:05
    already reviewed, told as an update of the person's alert (an incident's, folded);
    and an event the day before, which the day does not show."""
    day = timezone.localdate() - timedelta(days=1)
    back, drive = factories.camera("Back Door"), factories.camera("Drive")
    factories.camera("Garage")  # nothing that day: an empty lane
    made = {}
    for name, cam, score, when in [
        ("person", back, 80, at(day, 2, 14)),
        ("car", drive, 30, at(day, 9, 30)),
        ('cat <script>alert("x")</script> "quoted"', back, 10, at(day, 18, 5)),
        ("before", drive, 50, at(day, 0) - timedelta(minutes=1)),
    ]:
        event = factories.event(cam, score=score, summary=f"The {name} event")
        Event.objects.filter(pk=event.pk).update(started_at=when)
        made[name.split()[0]] = event
    media = factories.processed_upload(back)  # the person's picture, as detection leaves it
    detection = media.detections.get()
    detection.thumbnail_path = save_thumbnail(
        Image.new("RGB", (160, 100), "gray"), f"thumbnails/{detection.pk}.jpg"
    )
    detection.save(update_fields=["thumbnail_path"])
    made["person"].detections.set([detection])
    rule = AlertRule.objects.create(name="Anything")
    told = Alert.objects.create(rule=rule, event=made["person"], camera=back,
                                risk_level="high", summary="x")  # fmt: skip
    Alert.objects.create(rule=rule, event=made["cat"], camera=back, risk_level="low",
                         summary="x", suppressed=True, folded_into=told)  # fmt: skip
    Alert.objects.create(rule=rule, event=made["car"], camera=drive, risk_level="low",
                         summary="x", suppressed=True)  # fmt: skip
    Event.objects.filter(pk=made["cat"].pk).update(reviewed=True)
    return day, made


def detection_of(event) -> int:
    return event.detections.get().pk


def reviewed(event) -> bool:
    return Event.objects.get(pk=event.pk).reviewed


def test_a_day_in_lanes_reviewed_by_keyboard_alone(page, day_of_events):  # noqa: F811
    day, made = day_of_events
    dialogs = []  # a summary's <script> that ran would open one
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/timeline/?day={day:%Y-%m-%d}")
    screenshot(page, "timeline")
    lanes = page.locator("section.lane")
    assert lanes.count() == 3
    back = page.locator("section.lane", has=page.locator("h2", has_text="Back Door"))
    marks = back.locator("a.mark")
    assert marks.count() == 2
    person, cat = marks.nth(0), marks.nth(1)
    assert person.get_attribute("href") == f"/events/{made['person'].pk}/"
    assert "alert" in person.get_attribute("class").split()  # told: a tall mark
    assert "lvl-high" in person.get_attribute("class").split()
    car = page.locator(f"a.mark[data-event='{made['car'].pk}']")
    assert "alert" not in car.get_attribute("class").split()  # suppressed: nothing was sent
    assert "seen" in cat.get_attribute("class").split()
    # placed by the time of day: 02:14 is 9.3 % across, 18:05 is 75.3 %
    track = back.locator("ol.track").bounding_box()
    left = (person.bounding_box()["x"] + 3 - track["x"]) / track["width"]
    assert abs(left - (2 * 60 + 14) / 1440) < 0.01
    assert page.locator("section.lane", has_text="Garage").locator("a.mark").count() == 0
    assert page.locator(f"a.mark[data-event='{made['before'].pk}']").count() == 0
    assert "alert" in cat.get_attribute("class").split()  # told, as the incident's update
    assert "2 alerts (tall marks) and 1 detection " in page.locator("#counts").inner_text()

    page.keyboard.press("j")  # the day's first event, whatever its lane
    expect(person).to_be_focused()
    expect(page.locator("#peek-summary")).to_have_text("The person event")
    picture = page.locator("#peek-img")
    expect(picture).to_have_attribute("alt", "alert at Back Door, 02:14:00")
    expect(picture).to_have_attribute(
        "src", f"/api/detections/{detection_of(made['person'])}/thumbnail/"
    )
    expect(picture).to_have_js_property("naturalWidth", 160)  # it loads
    page.keyboard.press("j")  # then the drive's car, in the next lane
    expect(car).to_be_focused()
    page.keyboard.press("r")
    expect(page.locator("#said")).to_have_text("09:30:00 Drive: marked reviewed.")
    assert reviewed(made["car"])
    assert not reviewed(made["person"])
    assert "seen" in car.get_attribute("class").split()
    page.keyboard.press("k")
    expect(person).to_be_focused()
    page.keyboard.press("f")
    expect(page.locator("#said")).to_have_text("02:14:00 Back Door: false alarm noted.")
    feedback = Feedback.objects.get(event=made["person"])
    assert (feedback.verdict, feedback.user.username) == ("false_alarm", "resident")
    assert Event.objects.get(pk=made["person"].pk).false_alarm  # calibration learns from it
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # past the last: said, and the focus stays
    expect(cat).to_be_focused()
    expect(page.locator("#said")).to_have_text("The last event of the day.")
    expect(page.locator("#peek-summary")).to_have_text(
        'The cat <script>alert("x")</script> "quoted" event'  # shown as written, not run
    )
    assert dialogs == []

    page.fill("input[name=day]", "")  # typing in a field is not a key command
    page.keyboard.press("f")
    page.wait_for_timeout(300)
    assert Feedback.objects.count() == 1


def test_mark_all_shown_reviews_the_shown_ones_only(page, day_of_events):  # noqa: F811
    day, made = day_of_events
    page.goto(f"/timeline/?day={day:%Y-%m-%d}&show=alerts")
    assert page.locator("a.mark").count() == 2  # alerts only: the person, the cat (folded)
    page.goto(f"/timeline/?day={day:%Y-%m-%d}&show=unreviewed")
    assert page.locator("a.mark").count() == 2  # the cat was reviewed already
    with page.expect_navigation():
        page.click("#review-all button")
    assert "2 events marked reviewed." in page.locator(".messages").inner_text()
    assert reviewed(made["person"])
    assert reviewed(made["car"])
    assert not reviewed(made["before"])  # the day before is not shown, so not marked
    assert "No event matches “not reviewed”" in page.locator("main").inner_text()


def test_a_bad_day_or_choice_says_so_and_shows_today(page):  # noqa: F811
    page.goto("/timeline/?day=2026-13-45&show=everything<script>")
    text = page.locator(".messages").inner_text()
    assert "is not a date like" in text
    assert "choose one of all, alerts, unreviewed" in text
    today = timezone.localdate()
    assert page.locator("h1").inner_text() == f"Timeline {today:%A} {today.day} {today:%B %Y}"
    assert page.locator("a[rel=next]").count() == 0  # no day after today
    for far in ("0001-01-01", "9999-12-31"):  # no date arithmetic overflows: said, and today
        page.goto(f"/timeline/?day={far}")
        assert "is out of range" in page.locator(".messages").inner_text()


def test_a_login_that_may_only_look_is_told_and_changes_nothing(
    browser,  # noqa: F811
    site,  # noqa: F811
    day_of_events,
    django_user_model,
):
    day, made = day_of_events
    django_user_model.objects.create_user("guest", password=PASSWORD)  # in neither group
    context = browser.new_context(base_url=site["url"])
    tab = context.new_page()
    tab.goto("/login/")
    tab.fill("input[name=username]", "guest")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(site["url"] + "/")
    tab.goto(f"/timeline/?day={day:%Y-%m-%d}")
    tab.click("#peek button[data-key=j]")  # the preview's buttons, as on a phone
    tab.click("#peek button[data-key=r]")
    expect(tab.locator("#said")).to_have_text(
        "You may look at events but not mark them: ask an admin."
    )
    with tab.expect_response(lambda answer: answer.url.endswith("/feedback/")) as answer:
        tab.click("#peek button[data-key=f]")
    assert answer.value.status == 403
    context.close()
    assert not reviewed(made["person"])
    assert not Feedback.objects.exists()


def test_a_busy_day_is_reviewed_in_pages_of_the_first_500(page):  # noqa: F811
    day = timezone.localdate() - timedelta(days=2)
    cam = factories.camera("Street")
    Event.objects.bulk_create(
        Event(
            camera=cam,
            started_at=at(day, 6) + timedelta(seconds=20 * i),
            risk_score=20,
            risk_level="low",
            summary=f"Car {i} passing",
        )
        for i in range(501)
    )
    page.goto(f"/timeline/?day={day:%Y-%m-%d}&show=unreviewed")
    assert page.locator("a.mark").count() == 500
    assert "Only the day's first 500 are shown" in page.locator("#counts").inner_text()
    with page.expect_navigation():
        page.click("#review-all button")
    assert "500 events marked reviewed." in page.locator(".messages").inner_text()
    assert page.locator("a.mark").count() == 1
    expect(page.locator("a.mark")).to_have_attribute("aria-label", re.compile("Car 500 passing"))
    assert "Only the day's first" not in page.locator("#counts").inner_text()
