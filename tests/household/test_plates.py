"""Plates, with RapidOCR's real models: a plate drawn onto the bus photo is read, matched
to the vehicle the household named (an OCR slip of one character included), and lowers
the score; a vehicle with no plate, a tiny box or plates switched off harm nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image, ImageDraw, ImageFont
from rest_framework.test import APIClient

from homesec.models import AuditEntry
from homesec.roles import make_admin
from household.models import PlateRead, Vehicle
from household.plates import same_plate
from tests.analysis.photos import BUS, BUS_BOX, judged, upload
from tests.factories import camera

pytestmark = pytest.mark.django_db


@pytest.fixture
def driveway(camera_root):
    return camera("Driveway")


@pytest.fixture
def admin(django_user_model) -> APIClient:
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(user)
    client = APIClient()
    client.force_authenticate(user)
    return client


def bus_with_plate(text: str = "AB12 CDE") -> bytes:
    image = Image.open(BUS).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 690, 560, 750), fill="white", outline="black", width=3)
    draw.text((318, 694), text, fill="black", font=ImageFont.load_default(size=44))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def event_page(event) -> str:
    page = Client()
    page.force_login(get_user_model().objects.get(username="resident"))
    return page.get(f"/events/{event.pk}/").content.decode()


def test_a_plate_is_read_and_matched_to_the_named_vehicle(driveway, admin):
    unknown = judged(upload(driveway, bus_with_plate(), [BUS_BOX], label="bus"))
    read = PlateRead.objects.get(detection__events=unknown)
    assert read.text == "AB12CDE"
    assert read.confidence > 0.8
    assert "plate AB12CDE (unknown)" in event_page(unknown)
    made = admin.post("/api/vehicles/", {"plate": "ab12 cde", "name": "School bus"})
    assert made.status_code == 201, made.content
    assert made.json()["plate"] == "AB12CDE"
    known = judged(upload(driveway, bus_with_plate(), [BUS_BOX], label="bus"))
    assert any(
        f.startswith("recognised: known vehicle plate AB12CDE: School bus") for f in known.factors
    )
    assert known.risk_score < unknown.risk_score
    assert AuditEntry.objects.filter(action="vehicle.create").exists()
    assert "plate AB12CDE: <a" in event_page(known)


def test_one_misread_character_still_matches_a_long_plate():
    assert same_plate("AB12CDE", "AB12CDE")
    assert same_plate("A812CDE", "AB12CDE")
    assert not same_plate("A812CDF", "AB12CDE")
    assert not same_plate("AB1C", "AB1D")


def test_no_plate_a_tiny_box_or_plates_off_harm_nothing(driveway, settings):
    plain = judged(upload(driveway, BUS.read_bytes(), [BUS_BOX], label="bus"))
    assert PlateRead.objects.get(detection__events=plain).text == ""
    tiny = judged(upload(driveway, bus_with_plate(), [(0, 0, 20, 10)], label="car"))
    assert not PlateRead.objects.filter(detection__events=tiny).exists()
    settings.PLATES = False
    off = judged(upload(driveway, bus_with_plate(), [BUS_BOX], label="bus"))
    assert not PlateRead.objects.filter(detection__events=off).exists()
    assert off.risk_score >= 0
    assert not Vehicle.objects.exists()


def test_a_nonsense_plate_is_refused(admin):
    refused = admin.post("/api/vehicles/", {"plate": "--", "name": "Nothing"})
    assert refused.status_code == 400
    assert "plate" in refused.json()
