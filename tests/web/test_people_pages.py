"""The People and Vehicles pages and the event page's "Who", in Chromium: enrol a stranger
from their event, merge, see the match on the next event; the pages pass axe at 390 px."""

import pytest

from analysis.models import Person, Vehicle
from cameras.models import Zone
from tests import factories
from tests.analysis.photos import (
    BUS,
    BUS_PEOPLE,
    ZIDANE,
    ZIDANE_BOX,
    judged,
    reencoded_zidane,
    upload,
)  # fmt: skip
from tests.web.test_pages import (  # noqa: F401  (fixtures)
    AXE,
    _serious_violations,
    browser,
    expect,
    page,
    roots,
    site,
)  # fmt: skip

pytestmark = pytest.mark.django_db(transaction=True)
WHOLE_IMAGE = [[0, 0], [1, 0], [1, 1], [0, 1]]


@pytest.fixture
def back_door(roots):  # noqa: F811
    cam = factories.camera("Back Door")
    Zone.objects.create(camera=cam, name="Back Door", kind="entry_point", polygon=WHOLE_IMAGE)
    return cam


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


def test_people_and_vehicles_pages_pass_axe_on_a_phone(page, back_door):  # noqa: F811
    if not (AXE / "axe.min.js").exists():
        pytest.skip("axe-core is not installed (make test installs it with npm)")
    event = judged(upload(back_door, ZIDANE.read_bytes(), [ZIDANE_BOX]))
    judged(upload(back_door, BUS.read_bytes(), BUS_PEOPLE))
    Vehicle.objects.create(plate="AB12CDE", name="Family car")
    problems = []
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/people/", "/vehicles/", f"/events/{event.pk}/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
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
