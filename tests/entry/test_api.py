"""The REST API as a script or Home Assistant uses it: tokens, filters, review, mode."""

import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from alerts.models import Alert, AlertRule, Channel, Delivery, HouseMode
from events.models import Event
from homesec.models import DeadLetter
from homesec.roles import make_admin
from tests import factories
from tests.media import jpeg_bytes

pytestmark = pytest.mark.django_db

PROTECTED = [
    "/api/", "/api/cameras/", "/api/zones/", "/api/events/", "/api/detections/",
    "/api/alert-rules/", "/api/channels/", "/api/alerts/", "/api/dead-letters/",
    "/api/tokens/", "/api/mode/", "/api/schema/", "/api/docs/", "/api/system/health/",
    "/api/media/", "/api/push-key/", "/api/push-subscriptions/", "/api/system/status/",
    "/api/system/gpu/", "/api/system/gpu/history/", "/metrics", "/api/visitors/",
]  # fmt: skip


@pytest.fixture
def user(django_user_model):
    """The household's admin (homesec/roles.py): may change everything."""
    resident = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(resident)
    return resident


@pytest.fixture
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", PROTECTED)
def test_every_endpoint_refuses_anonymous_access(url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403), response.content


def test_health_needs_no_login():
    assert APIClient().get("/health").json() == {"status": "ok"}


def test_a_token_works_until_it_is_revoked(user):
    session = APIClient()
    session.force_login(user)
    created = session.post("/api/tokens/")
    assert created.status_code == 201
    token, key = created.json()["token"], created.json()["token_key"]
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert script.get("/api/events/").status_code == 200
    assert token not in str(session.get("/api/tokens/").json())  # stored hashed, shown once
    assert session.delete(f"/api/tokens/{key}/").status_code == 204
    assert script.get("/api/events/").status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token " + "0" * len(token))
    assert wrong.get("/api/events/").status_code == 401


def test_a_token_given_an_expiry_in_the_admin_stops_at_it(user):
    from knox.models import AuthToken

    lasting, lasting_token = AuthToken.objects.create(user, expiry=timedelta(hours=1))
    ending, ending_token = AuthToken.objects.create(user, expiry=timedelta(hours=1))
    AuthToken.objects.filter(pk=ending.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    for token, status in [(lasting_token, 200), (ending_token, 401)]:
        script = APIClient()
        script.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert script.get("/api/events/").status_code == status
    assert list(AuthToken.objects.filter(user=user)) == [lasting]  # the expired one is gone


@pytest.fixture
def seeded():
    """40 events over 40 hours on two cameras, scores 0-97, every 4th reviewed."""
    front, back = factories.camera("Front Door"), factories.camera("Back Door")
    now = timezone.now()
    for n in range(40):
        Event.objects.create(
            camera=front if n % 2 else back,
            started_at=now - timedelta(hours=n),
            risk_score=(n * 37) % 98,
            summary=f"event {n}",
            reviewed=n % 4 == 0,
            analysis_source="llm" if n % 3 else "fallback",
        )
    return now


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["summary"] for row in response.json()["results"]}


def expected(**filters) -> set[str]:
    return set(Event.objects.filter(**filters).values_list("summary", flat=True))


def test_filters_return_exactly_the_matching_events(api, seeded):
    assert ids(api.get("/api/events/?camera=back_door")) == expected(camera="back_door")
    assert ids(api.get("/api/events/?risk_level=high")) == expected(risk_level="high")
    assert ids(api.get("/api/events/?risk_score_min=30&risk_score_max=59")) == expected(
        risk_score__gte=30, risk_score__lte=59
    )
    assert ids(api.get("/api/events/?reviewed=true")) == expected(reviewed=True)
    assert ids(api.get("/api/events/?analysis_source=fallback")) == expected(
        analysis_source="fallback"
    )
    since = (seeded - timedelta(hours=10, minutes=30)).isoformat()
    response = api.get("/api/events/", {"since": since})
    assert ids(response) == {f"event {n}" for n in range(11)}
    assert api.get("/api/events/?risk_score_min=lots").status_code == 400


def test_pages_follow_each_other_without_gaps_or_repeats(api, seeded, monkeypatch):
    from rest_framework.pagination import CursorPagination

    monkeypatch.setattr(CursorPagination, "page_size", 15)
    seen, url, pages = [], "/api/events/?ordering=-started_at", 0
    while url:
        page = api.get(url).json()
        seen += [row["summary"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3
    assert seen == [f"event {n}" for n in range(40)]  # newest first


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_lists_say_exactly_what_the_detail_says(api, settings, zone):
    """Lists are read straight from rows (homesec/rows.py); a detail goes through DRF's
    fields. A script must not see a difference, in any time zone."""
    settings.TIME_ZONE = zone
    media = factories.processed_upload(factories.camera("Porch"))
    found = media.detections.get()
    found.zones = [["steps", "entry"]]
    found.save()
    event = Event.objects.create(
        camera=media.camera,
        started_at=timezone.now() - timedelta(minutes=5),
        ended_at=timezone.now(),
        risk_score=71,
        summary="someone on the steps",
        factors=["night", "person"],
        labels="person",
    )
    event.detections.set([found])
    row = api.get("/api/events/").json()["results"][0]
    detail = api.get(f"/api/events/{event.pk}/").json()
    only_detail = ("detections", "feedback")  # a detail adds its rows of each
    assert row == {name: value for name, value in detail.items() if name not in only_detail}
    assert api.get("/api/detections/").json()["results"] == detail["detections"]
    assert row["started_at"].endswith("Z") == (zone == "UTC")  # else the zone's own offset
    assert row["factors"] == ["night", "person"]


def test_pages_by_score_follow_each_other(api, seeded, monkeypatch):
    from rest_framework.pagination import CursorPagination

    monkeypatch.setattr(CursorPagination, "page_size", 7)
    seen, url = [], "/api/events/?ordering=-risk_score"
    while url:
        page = api.get(url).json()
        seen += [row["risk_score"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(Event.objects.values_list("risk_score", flat=True), reverse=True)


def test_patch_changes_review_and_notes_only(api, seeded):
    event = Event.objects.get(summary="event 5")
    score = event.risk_score
    response = api.patch(
        f"/api/events/{event.pk}/",
        {"reviewed": True, "notes": "the neighbour's cat", "risk_score": 0},
        format="json",
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.reviewed, event.notes, event.risk_score) == (True, "the neighbour's cat", score)
    detail = api.get(f"/api/events/{event.pk}/").json()
    assert detail["detections"] == []
    assert api.put(f"/api/events/{event.pk}/", {}, format="json").status_code == 405


def test_bulk_review(api, seeded):
    targets = list(Event.objects.filter(reviewed=False).values_list("pk", flat=True)[:5])
    response = api.post("/api/events/review/", {"ids": targets}, format="json")
    assert response.json() == {"updated": 5}
    assert Event.objects.filter(pk__in=targets, reviewed=True).count() == 5
    assert api.post("/api/events/review/", {"ids": []}, format="json").status_code == 400


def test_home_assistant_sets_the_house_mode(api):
    assert api.get("/api/mode/").json()["mode"] == "home"
    assert api.put("/api/mode/", {"mode": "away"}, format="json").status_code == 200
    assert HouseMode.current() == "away"
    refused = api.put("/api/mode/", {"mode": "party"}, format="json")
    assert refused.status_code == 400
    assert "mode" in refused.json()
    assert HouseMode.current() == "away"


def test_alert_rules_are_validated(api):
    camera = factories.camera()
    good = {
        "name": "night",
        "min_risk_score": 60,
        "object_types": ["person"],
        "cameras": [camera.pk],
        "days": ["sat", "sun"],
        "modes": ["away"],
        "start_time": "22:00",
        "end_time": "06:00",
        "wait_for_ai": True,
    }
    created = api.post("/api/alert-rules/", good, format="json")
    assert created.status_code == 201
    assert created.json()["wait_for_ai"] is True
    for bad in ({"days": ["someday"]}, {"modes": ["party"]}, {"min_risk_score": 101},
                {"end_time": None}, {"object_types": None}, {"object_types": ["cars"]},
                {"days": [{"mon": 1}]}, {"modes": "away"}):  # fmt: skip
        response = api.post("/api/alert-rules/", {**good, "name": "x", **bad}, format="json")
        assert response.status_code == 400, bad
    assert AlertRule.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_dead_letter_is_requeued_and_delivered(api, celery_worker):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    cam = factories.camera()
    hook = Channel.objects.create(
        name="hook", kind="webhook", target=f"http://127.0.0.1:{server.server_address[1]}/"
    )
    rule = AlertRule.objects.create(name="all")
    alert = Alert.objects.create(
        rule=rule, event=factories.event(cam), camera=cam, risk_level="high", summary="Person"
    )
    delivery = Delivery.objects.create(alert=alert, channel=hook, status="dead")
    letter = DeadLetter.objects.create(
        task="alerts.tasks.deliver", args=[delivery.pk], error="HTTP 503", attempts=6
    )
    listed = api.get("/api/dead-letters/").json()["results"]
    assert [row["id"] for row in listed] == [letter.pk]
    assert api.post(f"/api/dead-letters/{letter.pk}/requeue/").status_code == 202
    from runner import processes

    assert processes.wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == "delivered", timeout=20
    )
    server.shutdown()
    assert len(got) == 1
    assert not DeadLetter.objects.exists()


def test_the_schema_describes_the_api(api):
    schema = api.get("/api/schema/?format=json").json()
    assert {"/api/events/", "/api/events/{id}/", "/api/mode/", "/api/tokens/"} <= set(
        schema["paths"]
    )
    token = schema["components"]["securitySchemes"]["knoxApiToken"]
    assert (token["in"], token["name"]) == ("header", "Authorization")
    assert api.get("/api/docs/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_ready_says_what_is_missing_then_ready(broker):
    from tests.conftest import worker_process

    waiting = APIClient().get("/ready")
    assert waiting.status_code == 503
    checks = waiting.json()["checks"]
    assert (checks["database"], checks["redis"]) == ("ok", "ok")
    assert checks["workers"] == "error: none answered"
    with worker_process("ready-check", "default"):
        from runner import processes

        assert processes.wait_until(
            lambda: APIClient().get("/ready").status_code == 200, timeout=60, interval=1
        )
        assert APIClient().get("/ready").json()["checks"]["workers"] == "ok"


# --- media: never a byte from outside the media roots --------------------------------


@pytest.fixture
def media_roots(settings, tmp_path):
    settings.CAMERA_ROOT, settings.MEDIA_ROOT = tmp_path / "cameras", tmp_path / "media"
    (tmp_path / "cameras" / "Front Door").mkdir(parents=True)
    (tmp_path / "media" / "thumbnails").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("the neighbour's wifi password")
    return tmp_path


def upload(path: str, thumbnail: str = "") -> int:
    """A media row whose stored paths say whatever the test wants."""
    from cameras.models import Camera
    from detection.models import MediaFile

    camera = Camera.objects.first() or factories.camera()
    return MediaFile.objects.create(
        camera=camera,
        path=path,
        sha256=uuid.uuid4().hex * 2,
        kind="image",
        size=10,
        captured_at=timezone.now(),
        thumbnail_path=thumbnail,
        state="done",
    ).pk


def test_originals_and_thumbnails_are_streamed_with_their_type(api, media_roots):
    photo = jpeg_bytes(3)
    (media_roots / "cameras" / "Front Door" / "a.jpg").write_bytes(photo)
    (media_roots / "media" / "thumbnails" / "a.jpg").write_bytes(photo[:100])
    pk = upload("Front Door/a.jpg", "thumbnails/a.jpg")
    original = api.get(f"/api/media/{pk}/original/")
    assert original.status_code == 200
    assert original["Content-Type"] == "image/jpeg"
    assert b"".join(original.streaming_content) == photo
    thumbnail = api.get(f"/api/media/{pk}/thumbnail/")
    assert b"".join(thumbnail.streaming_content) == photo[:100]


def test_a_preview_is_the_picture_sized_for_a_page_made_once(api, media_roots):
    big = Image.new("RGB", (3000, 2000), (40, 90, 160))
    big.save(media_roots / "cameras" / "Front Door" / "big.jpg", quality=95)
    pk = upload("Front Door/big.jpg")
    first = api.get(f"/api/media/{pk}/preview/")
    assert first.status_code == 200
    assert first["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(first.streaming_content))) as preview:
        assert preview.size == (1280, 853)  # fits 1280×960, the aspect kept
    kept = next((media_roots / "media" / "previews").rglob("*.jpg"))
    made_at = kept.stat().st_mtime_ns
    assert api.get(f"/api/media/{pk}/preview/").status_code == 200
    assert kept.stat().st_mtime_ns == made_at  # served from what was made, not made again


def test_no_preview_for_a_clip_or_a_gone_original(api, media_roots):
    from detection.models import MediaFile

    clip = upload("Front Door/clip.mp4")
    MediaFile.objects.filter(pk=clip).update(kind="video")
    assert api.get(f"/api/media/{clip}/preview/").status_code == 404
    assert api.get(f"/api/media/{upload('Front Door/gone.jpg')}/preview/").status_code == 404
    garbage = media_roots / "cameras" / "Front Door" / "garbage.jpg"
    garbage.write_bytes(b"not a picture")
    response = api.get(f"/api/media/{upload('Front Door/garbage.jpg')}/preview/")
    assert response.status_code == 404
    escape = upload("../secret.txt")
    assert api.get(f"/api/media/{escape}/preview/").status_code == 404
    assert not (media_roots / "media" / "previews").exists()


@pytest.mark.parametrize(
    "stored",
    ["../secret.txt", "Front Door/../../secret.txt", "{root}/secret.txt", "/etc/passwd",
     "Front Door/escape.jpg", "Front Door/missing.jpg", ""],
    ids=["dotdot", "nested-dotdot", "absolute-inside-tmp", "absolute", "symlink-out",
         "missing", "empty"],
)  # fmt: skip
def test_paths_leading_outside_the_roots_are_404(api, media_roots, stored):
    (media_roots / "cameras" / "Front Door" / "escape.jpg").symlink_to(media_roots / "secret.txt")
    pk = upload(stored.format(root=media_roots), stored.format(root=media_roots))
    for kind in ("original", "thumbnail"):
        response = api.get(f"/api/media/{pk}/{kind}/")
        assert response.status_code == 404
        assert b"wifi" not in response.content


@pytest.mark.parametrize(
    "url",
    ["/api/media/..%2f..%2fsecret.txt/original/", "/api/media/%2e%2e%2fsecret.txt/original/",
     "/api/media/1/original/..%2f..%2fsecret.txt", "/api/media//etc/passwd/original/"],
)  # fmt: skip
def test_request_paths_cannot_name_a_file(api, media_roots, url):
    upload("Front Door/a.jpg")
    response = api.get(url)
    assert response.status_code == 404
    assert b"wifi" not in response.content


def test_full_text_search_finds_words_phrases_and_classes(api):
    cam = factories.camera()
    now = timezone.now()
    for summary, reasoning, labels in [
        ("Stranger lingering at the back door", "night, entry point", "person"),
        ("Delivery at the front door", "daytime parcel drop", "person truck"),
        ("Cat crossing the garden", "an animal at night", "cat"),
    ]:
        Event.objects.create(
            camera=cam,
            started_at=now,
            risk_score=50,
            summary=summary,
            reasoning=reasoning,
            labels=labels,
        )

    def found(query):
        return ids(api.get("/api/events/", {"search": query}))

    assert found("lingering") == {"Stranger lingering at the back door"}
    assert found("doors") == {"Stranger lingering at the back door", "Delivery at the front door"}
    assert found('"front door"') == {"Delivery at the front door"}
    assert found("night -cat") == {"Stranger lingering at the back door"}
    assert found("truck") == {"Delivery at the front door"}
    assert found("'); DROP TABLE events_event; --") == set()
    assert Event.objects.count() == 3


@pytest.mark.parametrize(
    "url",
    ["/api/events/?risk_score_min=-490259571049", "/api/events/99999999999999999999/",
     "/api/events/?since=0622-08-24T14:34:09-18:50", "/api/events/?risk_score_max=1e400"],
)  # fmt: skip
def test_values_out_of_range_are_refused_cleanly(api, url):
    response = api.get(url)
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db(transaction=True)
def test_system_health_names_every_part(api, broker, settings):
    from tests.conftest import worker_process

    settings.LLM_ENABLED, settings.LLM_URL = True, "http://127.0.0.1:9/v1"  # nothing there
    factories.camera()
    broker.rpush("detect", "a message nobody consumes")
    try:
        with worker_process("health-check", "default"):
            from runner import processes

            assert processes.wait_until(
                lambda: api.get("/api/system/health/").json()["workers"], timeout=60, interval=1
            )
            report = api.get("/api/system/health/").json()
    finally:
        broker.delete("detect")  # a later test's worker must not meet it
    assert (report["database"], report["redis"]) == ("ok", "ok")
    assert report["workers"][0].startswith("health-check@")
    assert report["llm"].startswith("error: cannot reach http://127.0.0.1:9/v1")
    assert report["queues"] == {
        "detect": 1,
        "fast": 0,
        "analysis": 0,
        "llm": 0,
        "default": 0,
        "media": 0,
    }
    assert report["cameras"] == {"online": 0, "offline": 1, "error": 0}
    assert report["dead_letters"] == 0


def test_errors_under_the_api_are_json_with_a_message(api):
    missing = api.get("/api/no-such-thing/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "nothing at /api/no-such-thing/"}
    huge = api.generic(
        "POST",
        "/api/events/review/",
        b'{"ids": [' + b"1," * 1_500_000 + b"1]}",
        content_type="application/json",
    )
    assert huge.status_code == 413
    assert huge.json() == {"detail": "the body is more than 2621440 bytes"}
    garbage = api.generic(
        "POST", "/api/events/review/", b"{not json", content_type="application/json"
    )
    assert garbage.status_code == 400
    assert "JSON parse error" in garbage.json()["detail"]
    assert APIClient().get("/admin/no-such-page/").status_code == 302  # pages: login first
