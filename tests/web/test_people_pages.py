"""The People, Vehicles and Incidents pages and the event page's "Who", in Chromium: enrol
a stranger from their event, merge, see the match on the next event; split a face off;
follow an event's incident to its path; the pages pass axe at 390 px."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from cameras.models import Zone
from detection.thumbnails import save_thumbnail
from household.models import Incident, Person, Vehicle
from tests import factories
from tests.analysis.photos import (
    BUS,
    BUS_PEOPLE,
    ZIDANE,
    ZIDANE_BOX,
    judged,
    reencoded_zidane,
    upload,
)
from tests.web.test_pages import (  # noqa: F401  (fixtures)
    AXE,
    _serious_violations,
    browser,
    expect,
    page,
    roots,
    screenshot,
    site,
)

pytestmark = pytest.mark.django_db(transaction=True)
WHOLE_IMAGE = [[0, 0], [1, 0], [1, 1], [0, 1]]


@pytest.fixture
def back_door(roots):  # noqa: F811
    cam = factories.camera("Back Door")
    Zone.objects.create(camera=cam, name="Back Door", kind="entry_point", polygon=WHOLE_IMAGE)
    return cam


@pytest.fixture
def front_door(roots):  # noqa: F811
    return factories.camera("Front Door")


def thumbnailed(event):
    """The event's detections with their thumbnails, as the detect worker leaves them."""
    for detection in event.detections.all():
        with Image.open(Path(settings.CAMERA_ROOT) / detection.file_path) as image:
            detection.thumbnail_path = save_thumbnail(image, f"thumbnails/{detection.pk}.jpg")
        detection.save(update_fields=["thumbnail_path"])
    return event


def seen_twice(cam):
    """Zidane, then his photo re-encoded: one person with two faces."""
    first = judged(upload(cam, ZIDANE.read_bytes(), [ZIDANE_BOX]))
    content, box = reencoded_zidane()
    return first, judged(upload(cam, content, [box]))


def test_a_stranger_is_enrolled_from_the_event_merged_and_named_on_the_next(page, back_door):  # noqa: F811
    first = judged(upload(back_door, ZIDANE.read_bytes(), [ZIDANE_BOX]))
    page.goto(f"/events/{first.pk}/")
    who = page.locator("#detections td.who")
    expect(who).to_contain_text("Unfamiliar: Unknown #")
    who.get_by_label("Name").fill("Zinedine")
    who.get_by_label("Role").select_option("household")
    who.get_by_role("button", name="Enrol").click()
    expect(page.locator(".messages")).to_contain_text("Enrolled: Zinedine")
    expect(page.locator("#detections td.who")).to_contain_text("Zinedine (Household member")

    judged(upload(back_door, BUS.read_bytes(), BUS_PEOPLE[:1]))  # someone else, unknown
    stranger = Person.objects.get(name="")
    page.goto("/people/")
    card = page.locator(f"#person-{stranger.pk}")
    card.get_by_label("Same person as").select_option(label="Zinedine")
    card.get_by_role("button", name=f"Merge into Unknown #{stranger.pk}").click()
    expect(page.locator(".messages")).to_contain_text("Zinedine merged into")
    assert Person.objects.get().name == "Zinedine"

    content, box = reencoded_zidane()
    second = judged(upload(back_door, content, [box]))
    page.goto(f"/events/{second.pk}/")
    expect(page.locator("#summary")).to_contain_text("Zinedine at Back Door")
    expect(page.locator("#detections td.who")).to_contain_text("similarity 0.")
    expect(page.locator("#factors")).to_contain_text("recognised: household member Zinedine")


def test_a_face_split_off_on_the_people_page_becomes_a_second_person(page, back_door):  # noqa: F811
    seen_twice(back_door)
    person = Person.objects.get()
    assert person.faces.count() == 2
    page.goto("/people/")
    card = page.locator(f"#person-{person.pk}")
    expect(card).to_contain_text("Seen 2 times")
    split = card.get_by_role("button", name="Split off the face seen on back_door")
    expect(split).to_have_count(2)
    split.first.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard works it
    expect(page.locator(".messages")).to_contain_text(f"Split off from Unknown #{person.pk}")
    expect(page.locator("section.person")).to_have_count(2)
    expect(card).to_contain_text("Seen 1 time")
    expect(card.get_by_role("button", name="Split off")).to_have_count(0)  # one face left
    assert Person.objects.count() == 2


def test_an_events_incident_link_opens_its_path_through_the_cameras_in_order(
    page,  # noqa: F811
    back_door,
    front_door,
):
    first = thumbnailed(judged(upload(front_door, ZIDANE.read_bytes(), [ZIDANE_BOX])))
    content, box = reencoded_zidane()
    second = thumbnailed(judged(upload(back_door, content, [box])))
    incident = Incident.objects.get()
    page.goto(f"/events/{second.pk}/")
    across = page.locator("dd.incident")
    expect(across).to_contain_text("across cameras: Front Door")
    across.get_by_role("link", name="Open the incident").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Incident: Unknown #")
    steps = page.locator("#path li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Front Door")
    expect(steps.nth(1)).to_contain_text("Back Door")
    picture = steps.nth(0).locator("img")
    expect(picture).to_have_attribute("src", re.compile("/thumbnail/$"))
    picture.evaluate("img => img.decode()")  # it is served: the page shows it
    steps.nth(0).get_by_role("link").click()
    page.wait_for_url(f"**/events/{first.pk}/")
    page.get_by_role("link", name="Incidents", exact=True).click()
    expect(page.locator(f'#incidents tr[data-incident="{incident.pk}"]')).to_contain_text(
        "Front Door → Back Door"
    )


def test_people_vehicles_and_incidents_pages_pass_axe_on_a_phone(page, back_door, front_door):  # noqa: F811
    if not (AXE / "axe.min.js").exists():
        pytest.skip("axe-core is not installed (make test installs it with npm)")
    event, again = seen_twice(back_door)
    front = judged(upload(front_door, ZIDANE.read_bytes(), [ZIDANE_BOX]))  # an incident
    for seen in (event, again, front):
        thumbnailed(seen)
    judged(upload(back_door, BUS.read_bytes(), BUS_PEOPLE))
    Vehicle.objects.create(plate="AB12CDE", name="Family car")
    incident = Incident.objects.get()
    problems = []
    page.set_viewport_size({"width": 390, "height": 844})
    pages = [
        "/people/",
        "/vehicles/",
        f"/events/{event.pk}/",
        "/incidents/",
        f"/incidents/{incident.pk}/",
    ]
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"phone{path.replace('/', '-').rstrip('-')}")
        problems += [f"{path}: {v}" for v in _serious_violations(page)]
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > 390:
            problems.append(f"{path} is {wide} px wide on a 390 px screen")
    page.goto("/vehicles/")
    page.get_by_label("Plate").fill("xy 34 zzz")
    page.get_by_label("Name").fill("Carer's van")
    page.get_by_role("button", name="Save vehicle").click()
    expect(page.locator("#vehicles")).to_contain_text("XY34ZZZ")
    assert not problems, "\n".join(problems)
