"""The daily digest lists exactly the last 24 hours' events, per camera, with the notable
ones linked and the unusual said; stored, on the dashboard, sent to the chosen channels."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import Channel
from alerts.tasks import deliver
from events.models import Event
from reports import digest
from reports.models import Digest
from tests import factories

pytestmark = pytest.mark.django_db


def made_and_sent(end) -> Digest:
    """The digest made, and each of its deliveries' task run here (their retries, dead
    letters and the reconciler, with a worker: tests/ops/test_recoverable_jobs.py)."""
    made = digest.make(end)
    for delivery in made.deliveries.all():
        deliver.apply(args=[delivery.pk])
    return made


def at(cam, hours_ago: float, score: int, summary: str, end) -> Event:
    return Event.objects.create(
        camera=cam, started_at=end - timedelta(hours=hours_ago), risk_score=score, summary=summary
    )


@pytest.fixture
def day():
    """A fixed end; events inside the 24 hours before it and just outside."""
    end = timezone.now().replace(microsecond=0)
    front, back = factories.camera("Front Door"), factories.camera("Back Yard")
    side = factories.camera("Side Gate")
    inside = [
        at(front, 1, 90, "Someone tries the lock", end),  # critical
        at(front, 5, 65, "Person lingers at the door", end),  # high
        at(front, 23.9, 10, "Cat on the step", end),  # low
        at(back, 2, 40, "Car in the drive", end),  # medium
    ] + [at(side, 3 + i / 10, 15, f"Leaves blowing {i}", end) for i in range(6)]  # a busy day
    outside = [
        at(front, 24.1, 95, "Yesterday's break-in attempt", end),
        at(back, -0.5, 70, "After the digest was written", end),
    ]
    at(side, 48, 15, "Leaves, two days ago", end)  # Side Gate: usually one event a week
    return end, inside, outside


def test_the_digest_lists_exactly_the_days_events(day):
    end, inside, outside = day
    made = digest.make(end, send=False)
    assert sorted(made.data["event_ids"]) == sorted(e.pk for e in inside)
    cameras = {c["name"]: c for c in made.data["cameras"]}
    assert cameras["Front Door"]["counts"] == {"low": 1, "medium": 0, "high": 1, "critical": 1}
    assert cameras["Back Yard"]["counts"] == {"low": 0, "medium": 1, "high": 0, "critical": 0}
    assert cameras["Side Gate"]["total"] == 6
    notable = [e["summary"] for c in made.data["cameras"] for e in c["notable"]]
    assert notable == ["Person lingers at the door", "Someone tries the lock"]  # in time order
    assert made.data["total"] == 10
    text = made.text
    assert "10 events on 3 cameras, 2 notable (high or critical)." in text
    assert "Front Door: 3 events (1 low, 1 high, 1 critical)" in text
    assert f"/events/{inside[0].pk}/" in text
    for event in outside:
        assert event.summary not in text
    assert "Unusual: 6 events" in text  # Side Gate, well above its usual day
    assert text.count("Unusual:") == 1


def test_the_digest_goes_to_the_chosen_channels_and_is_on_the_dashboard(
    day, settings, django_user_model
):
    end, inside, _ = day
    Channel.objects.create(name="Family", kind="email", target="a@example.com, b@example.com")
    Channel.objects.create(name="Not chosen", kind="email", target="c@example.com")
    settings.DIGEST_CHANNELS = ["Family", "Gone"]
    made = made_and_sent(end)
    assert made.reached() == ["Family"]
    assert made.not_reached() == ["Gone: no enabled channel of that name"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.com", "b@example.com"]
    assert mail.outbox[0].subject.startswith("[homesec] homesec daily digest")
    assert "Someone tries the lock" in mail.outbox[0].body
    assert Digest.objects.count() == 1

    client = Client()
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    page = client.get("/").content.decode()
    assert "Daily digest" in page
    assert f'<a href="/events/{inside[0].pk}/">Someone tries the lock</a>' in page


def test_the_beat_sends_the_digest_at_the_local_hour(settings):
    import celeryconfig

    schedule = celeryconfig.beat_schedule["daily-digest"]
    assert schedule["task"] == "reports.tasks.send_digest"
    assert schedule["schedule"].hour == {settings.DIGEST_HOUR}
    assert celeryconfig.timezone == settings.TIME_ZONE  # crontab hours are local


def test_an_admin_picks_the_digests_channels_on_its_page_and_a_member_cannot(
    day, django_user_model
):
    from homesec.roles import make_admin, make_member

    end, _, _ = day
    family = Channel.objects.create(name="Family", kind="email", target="a@example.com")
    Channel.objects.create(name="Other", kind="email", target="c@example.com")
    member = Client()
    user = django_user_model.objects.create_user("member", password="pw")
    make_member(user)
    member.force_login(user)
    assert member.post("/settings/digest/", {"channels": [family.pk]}).status_code == 403
    admin = Client()
    boss = django_user_model.objects.create_user("admin", password="pw")
    make_admin(boss)
    admin.force_login(boss)
    assert admin.post("/settings/digest/", {"channels": [family.pk]}).status_code == 302
    page = admin.get("/settings/digest/").content.decode()
    assert f'value="{family.pk}" checked' in page
    made = made_and_sent(end)
    assert made.reached() == ["Family"]
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    page = admin.get("/settings/digest/").content.decode()
    assert "Sent to: Family" in page


def test_the_digest_says_who_was_recognised_and_when(day):
    from household.models import Face, Person, PlateRead, Vehicle

    end, _, _ = day
    anna = Person.objects.create(name="Anna", role="household")
    stranger = Person.objects.create()  # an unknown group: not named in the digest
    for person, hours_ago in ((anna, 2), (anna, 1), (stranger, 3), (anna, 30)):
        Face.objects.create(
            person=person, camera_id="front_door", seen_at=end - timedelta(hours=hours_ago)
        )
    Vehicle.objects.create(plate="AB12CDE", name="Family car")
    PlateRead.objects.create(
        text="AB12CDE", camera_id="back_yard", confidence=0.99, seen_at=end - timedelta(hours=4)
    )
    PlateRead.objects.create(
        text="ZZ99ZZZ", camera_id="back_yard", confidence=0.99, seen_at=end - timedelta(hours=4)
    )
    made = digest.make(end, send=False)

    def local(hours_ago):
        return f"{timezone.localtime(end - timedelta(hours=hours_ago)):%H:%M}"

    assert made.data["recognised"] == [
        {
            "who": "Anna (household member)",
            "seen": [f"Front Door {local(2)}", f"Front Door {local(1)}"],
        },
        {"who": "Family car (AB12CDE)", "seen": [f"Back Yard {local(4)}"]},
    ]
    assert f"Anna (household member): Front Door {local(2)}, Front Door {local(1)}" in made.text
    assert "Unknown #" not in made.text
    assert "ZZ99ZZZ" not in made.text
