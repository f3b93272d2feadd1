"""Faces in the batch's enrichment, with dlib's real models on real photos: a face seen
once is recognised in another encoding and crop of the photo and not taken for someone
else; a stranger seen in three events is one group of three; a back turned, a tiny box or
a corrupt upload harm nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from detection.models import Detection
from household import faces
from household.models import Face, Person
from tests.analysis.photos import (
    ANCELOTTI_BOX,
    BUS,
    BUS_BACK,
    BUS_PEOPLE,
    ZIDANE,
    ZIDANE_BOX,
    judged,
    reencoded_zidane,
    upload,
)
from tests.factories import camera

pytestmark = pytest.mark.django_db


@pytest.fixture
def front(camera_root):
    return camera("Front Door")


def face_of(batch) -> Face:
    return Face.objects.get(detection__batch=batch)


def test_a_face_is_recognised_in_another_encoding_and_crop_not_confused_with_others(front):
    first = face_of(_judged(front, ZIDANE, [ZIDANE_BOX]))
    assert first.visible
    assert len(first.embedding) == 128
    assert first.person is not None
    assert (Path(settings.MEDIA_ROOT) / first.crop_path).is_file()
    content, box = reencoded_zidane()
    again = face_of(_judged(front, content, [box]))
    assert again.person_id == first.person_id
    assert again.distance < 0.3
    others = Face.objects.filter(detection__batch=_judged(front, BUS, BUS_PEOPLE))
    assert len({f.person_id for f in others}) == 2  # two strangers, two groups
    assert first.person_id not in {f.person_id for f in others}


def test_a_tilted_face_is_found_by_the_cnn_detector_and_is_someone_else(front, settings):
    settings.FACE_DETECTOR = "hog+cnn"
    batch = _judged(front, ZIDANE, [ZIDANE_BOX, ANCELOTTI_BOX])
    found = Face.objects.filter(detection__batch=batch)
    assert [f.visible for f in found] == [True, True]
    assert len({f.person_id for f in found}) == 2


def test_an_unknown_person_seen_in_three_events_is_one_group_of_three(front):
    for _ in range(3):
        _judged(front, ZIDANE, [ZIDANE_BOX])
    (person,) = Person.objects.all()
    assert person.faces.count() == 3
    assert person.display_name == f"Unknown #{person.pk}"


def test_a_back_turned_a_tiny_box_and_a_corrupt_upload_harm_nothing(front):
    back = _judged(front, BUS, [BUS_BACK])
    assert face_of(back).visible is False
    assert Person.objects.count() == 0
    tiny = _judged(front, BUS, [(10, 10, 12, 20)])
    assert not Face.objects.filter(detection__batch=tiny).exists()
    assert tiny.event.risk_score >= 0
    corrupt = upload(front, Path(BUS).read_bytes()[:5000], [(55, 378, 160, 520)])
    event = judged(corrupt)
    assert event.risk_score > 0
    assert not Face.objects.filter(detection__batch=corrupt).exists()


def test_faces_off_or_over_the_batch_limit_are_not_looked_for(front, settings):
    settings.FACES_PER_BATCH = 1
    batch = _judged(front, BUS, BUS_PEOPLE)
    looked = Face.objects.filter(detection__batch=batch)
    assert looked.count() == 1
    largest = max(Detection.objects.filter(batch=batch), key=lambda d: d.bbox_height)
    assert looked.get().detection_id == largest.pk
    settings.FACES = False
    assert not Face.objects.filter(detection__batch=_judged(front, ZIDANE, [ZIDANE_BOX]))


def test_the_face_found_lies_inside_the_person_box():
    image = Image.open(ZIDANE).convert("RGB")
    found = faces.find_face(image, ZIDANE_BOX)
    x, y, width, _height = found.box
    assert ZIDANE_BOX[0] <= x
    assert x + width <= ZIDANE_BOX[0] + ZIDANE_BOX[2]
    assert ZIDANE_BOX[1] <= y < ZIDANE_BOX[1] + ZIDANE_BOX[3] // 2
    assert found.crop.size == (faces.CROP_SIZE, faces.CROP_SIZE)


def _judged(cam, content, boxes):
    batch = upload(cam, content, boxes)
    judged(batch)
    return batch


def test_retention_forgets_strangers_faces_and_keeps_named_people(front):
    from datetime import timedelta

    from django.utils import timezone

    from ops.retention import cleanup

    _judged(front, ZIDANE, [ZIDANE_BOX])
    _judged(front, BUS, BUS_PEOPLE[:1])
    named = Person.objects.get(faces__camera_id="front_door", faces__detection__media__width=1280)
    Person.objects.filter(pk=named.pk).update(name="Zinedine", role="household")
    Face.objects.update(seen_at=timezone.now() - timedelta(days=40))
    crops = {f.person_id: Path(settings.MEDIA_ROOT) / f.crop_path for f in Face.objects.all()}
    cleanup(days=30)
    assert list(Person.objects.values_list("name", flat=True)) == ["Zinedine"]
    assert crops[named.pk].is_file()
    assert not any(path.exists() for pk, path in crops.items() if pk != named.pk)
