import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cameras.models import Zone, camera_id_for_folder, validate_polygon
from detection.models import Batch
from events.models import Event
from events.risk import risk_level_for
from tests import factories


@pytest.mark.parametrize(
    ("folder", "camera_id"),
    [
        ("Front Door", "front_door"),
        ("front_door", "front_door"),
        ("  Back--Yard (East) ", "back_yard_east"),
        ("Café Terrasse", "cafe_terrasse"),
        ("../etc", "etc"),
    ],
)
def test_camera_id_comes_from_the_folder_name(folder, camera_id):
    assert camera_id_for_folder(folder) == camera_id


def test_a_folder_name_without_latin_letters_still_gets_a_stable_id():
    first = camera_id_for_folder("玄関")
    assert first.startswith("camera_")
    assert first == camera_id_for_folder("玄関")
    assert first != camera_id_for_folder("庭")


@pytest.mark.parametrize(
    "polygon",
    [
        [[0, 0], [1, 0]],  # two points
        [[0, 0], [1, 0], [1.2, 1]],  # outside the image
        [[0, 0], [1, 0], "x"],
        [[0, 0], [1, 0], [True, 1]],
        {"points": []},
    ],
)
def test_bad_zone_polygons_are_refused(polygon):
    with pytest.raises(ValidationError):
        validate_polygon(polygon)


@pytest.mark.django_db
def test_a_zone_with_a_good_polygon_validates():
    cam = factories.camera()
    zone = Zone(camera=cam, name="Porch", kind="entry_point", polygon=[[0, 0.5], [1, 0.5], [1, 1]])
    zone.full_clean()
    zone.save()
    assert list(cam.zones.all()) == [zone]


@pytest.mark.django_db
def test_the_database_allows_one_open_batch_per_camera():
    front, back = factories.camera(), factories.camera("Back Door")
    now = timezone.now()
    Batch.objects.create(camera=front, opened_at=now, last_activity_at=now)
    Batch.objects.create(camera=back, opened_at=now, last_activity_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Batch.objects.create(camera=front, opened_at=now, last_activity_at=now)
    # Closed batches do not count: a camera has many over its life.
    Batch.objects.filter(camera=front).update(state=Batch.State.CLOSED, closed_at=now)
    Batch.objects.create(camera=front, opened_at=now, last_activity_at=now)
    assert Batch.objects.filter(camera=front).count() == 2


@pytest.mark.django_db
def test_one_event_per_batch():
    cam = factories.camera()
    now = timezone.now()
    batch = Batch.objects.create(camera=cam, opened_at=now, last_activity_at=now)
    Event.objects.create(camera=cam, batch=batch, started_at=now, risk_score=10, summary="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(camera=cam, batch=batch, started_at=now, risk_score=20, summary="b")


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (29, "low"), (30, "medium"), (59, "medium"), (60, "high"), (84, "high"),
     (85, "critical"), (100, "critical")],
)  # fmt: skip
def test_risk_level_follows_the_reference_bands(score, level):
    assert risk_level_for(score) == level


def test_risk_bands_are_configurable():
    bands = {"medium": 10, "high": 20, "critical": 30}
    assert [risk_level_for(s, bands) for s in (9, 10, 25, 30)] == [
        "low",
        "medium",
        "high",
        "critical",
    ]
    with pytest.raises(ValueError, match="0-100"):
        risk_level_for(101)


@pytest.mark.django_db
def test_an_events_level_always_matches_its_score():
    event = factories.event(factories.camera(), score=20)
    assert event.risk_level == "low"
    event.risk_score = 90
    event.save(update_fields=["risk_score"])
    event.refresh_from_db()
    assert (event.risk_score, event.risk_level) == (90, "critical")


@pytest.mark.django_db
def test_the_database_refuses_a_score_outside_0_100():
    cam = factories.camera()
    event = factories.event(cam, score=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(risk_score=150)


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
