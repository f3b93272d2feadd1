"""Scenes replayed: a documented scene is judged on the real path with nothing kept, a
real event's exported scene replays to the same score, and a bad scene file gets an error
that names the field."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alerts.models import HouseMode
from analysis.replay import facts_of, replay
from analysis.scenes import load
from cameras.models import Camera, Zone
from detection.models import Detection, MediaFile
from events.models import Event
from household.models import ExpectedVisitor, Person, Vehicle
from tests.household.test_people_api import back_door, zidane_event  # noqa: F401  (fixture)
from tests.servers import ROOT

pytestmark = pytest.mark.django_db
EXAMPLE = ROOT / "docs" / "scene-example.json"


def replayed(path, *args) -> str:
    out = StringIO()
    call_command("replay", str(path), *args, stdout=out)
    return out.getvalue()


def rows() -> dict:
    models: list = [Camera, Zone, MediaFile, Detection, Event, Person, Vehicle, ExpectedVisitor]
    return {m.__name__: m.objects.count() for m in models} | {"mode": HouseMode.current()}


def test_the_documented_scene_is_judged_and_nothing_is_kept():
    Vehicle.objects.create(plate="ZZ99ZZZ", name="Neighbour's van", role="visitor")
    before = rows()
    verdict = json.loads(replayed(EXAMPLE, "--json"))
    assert verdict["level"] in ("high", "critical")
    assert any("Back Door" in factor for factor in verdict["factors"])
    assert verdict["summary"]
    assert rows() == before  # the live system is as it was
    text = replayed(EXAMPLE)
    assert f"{verdict['level']} ({verdict['score']})" in text
    assert "expected: high" in text


def test_an_exported_event_replays_to_the_same_score(back_door, tmp_path):  # noqa: F811
    event = zidane_event(back_door)  # a stranger's face at the back door at 2 am
    out = StringIO()
    call_command("replay", "--export", str(event.pk), stdout=out)
    scene = json.loads(out.getvalue())
    assert scene["frames"][0]["boxes"][0]["face"] == "unfamiliar"
    assert scene["camera"]["zones"][0]["kind"] == "entry_point"
    path = tmp_path / "scene.json"
    path.write_text(out.getvalue())
    verdict = json.loads(replayed(path, "--json"))
    assert (verdict["score"], verdict["summary"]) == (event.risk_score, event.summary)
    assert verdict["factors"] == event.factors


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda s: s.pop("frames"), "scene: 'frames' is a required property"),
        (lambda s: s["frames"][1]["boxes"][0].update(box=[0.1, 0.2, 3, 0.4]),
         "scene.frames[1].boxes[0].box[2]: 3 is greater than the maximum of 1"),
        (lambda s: s["camera"]["zones"][0].update(kind="lawn"), "scene.camera.zones[0].kind"),
        (lambda s: s["camera"].update(time_zone="Mars/Olympus"),
         "scene.camera.time_zone: unknown time zone 'Mars/Olympus'"),
        (lambda s: s["frames"][2].update(at="yesterday"), "scene.frames[2].at: not an ISO 8601"),
        (lambda s: s["frames"][2]["boxes"][0].update(face={"person": "Alex"}),
         "scene.frames[2].boxes[0].face.person: 'Alex' is not one of household.people"),
        (lambda s: s["household"]["expected"][0].update(zones=["Attic"]),
         "scene.household.expected[0].zones: no zone 'Attic'"),
        (lambda s: s.update(house_mode="party"), "scene.house_mode: 'party' is not one of"),
    ],
)  # fmt: skip
def test_a_bad_scene_gets_an_error_naming_the_field(tmp_path, change, named):
    scene = json.loads(EXAMPLE.read_text())
    change(scene)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(scene))
    before = rows()
    with pytest.raises(CommandError) as error:
        replayed(path)
    assert named in str(error.value)
    assert rows() == before


def test_a_file_that_is_not_a_scene_gets_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not json")
    with pytest.raises(CommandError, match=r"notes\.txt: not JSON"):
        replayed(tmp_path / "notes.txt")
    with pytest.raises(CommandError, match=r"missing\.json: No such file"):
        replayed(tmp_path / "missing.json")
    with pytest.raises(CommandError, match="no event 999999"):
        call_command("replay", "--export", "999999")


def test_a_routine_of_thirty_days_is_a_learned_one():
    scene = json.loads(EXAMPLE.read_text())  # 30 days, 188 events, at most 25 in an hour
    scene["history"]["events_per_hour"] = [0] * 7 + [6] * 8 + [5] * 1 + [0] * 8  # 53 in all
    facts = facts_of(load(json.dumps(scene)))
    assert not facts.learning
    assert facts.usual_events_at_this_hour == 0  # nothing at 02:00 in thirty days


def test_a_live_person_of_the_same_name_changes_nothing(back_door):  # noqa: F811
    Person.objects.create(name="Sam", role="unwanted")  # the live household's Sam
    scene = json.loads(EXAMPLE.read_text())
    for frame in scene["frames"][1:]:
        frame["boxes"][0]["face"] = {"person": "Sam"}  # the scene's Sam: a household member
    factors = replay(load(json.dumps(scene)))["factors"]
    assert any(f.startswith("recognised: household member Sam") for f in factors)
    assert not any("unwanted" in f for f in factors)


def test_an_unnamed_person_marked_unwanted_exports_as_known(back_door, tmp_path):  # noqa: F811
    zidane_event(back_door)
    Person.objects.update(role="unwanted")  # marked, never named: "Unknown #n"
    event = zidane_event(back_door, again=True)
    assert event.risk_level == "critical"
    out = StringIO()
    call_command("replay", "--export", str(event.pk), stdout=out)
    path = tmp_path / "scene.json"
    path.write_text(out.getvalue())
    assert json.loads(replayed(path, "--json"))["score"] == event.risk_score


def test_an_event_whose_detections_are_gone_cannot_be_exported_and_says_so(back_door):  # noqa: F811
    event = zidane_event(back_door)
    Detection.objects.all().delete()  # retention took them
    with pytest.raises(CommandError, match=f"event {event.pk} cannot be written as a scene"):
        call_command("replay", "--export", str(event.pk), stdout=StringIO())


def test_numbers_that_are_not_numbers_and_twin_plates_are_refused(tmp_path):
    text = EXAMPLE.read_text().replace('"confidence": 0.88', '"confidence": NaN')
    (tmp_path / "nan.json").write_text(text)
    with pytest.raises(CommandError, match="NaN is not a number a scene may hold"):
        replayed(tmp_path / "nan.json")
    scene = json.loads(EXAMPLE.read_text())
    scene["household"]["vehicles"].append({"plate": "ab12 cde", "name": "Twin"})
    (tmp_path / "twins.json").write_text(json.dumps(scene))
    with pytest.raises(CommandError, match="two plates read the same"):
        replayed(tmp_path / "twins.json")
