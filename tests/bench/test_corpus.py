"""The scene corpus the judge is fitted and measured on: every scene is valid and
reviewed, the sealed families are the ones the rule written before the corpus names,
and the committed weights were fitted on exactly the other families' scenes."""

import json

import pytest

from analysis import model
from analysis.scenes import load
from bench import corpus
from bench.corpus import FOLDER
from bench.scenes.split import sealed


def scenes() -> list[dict]:
    return [load(path.read_text()) for path in sorted(FOLDER.glob("*.json"))]


def test_every_scene_is_valid_and_carries_a_reviewers_band():
    found = scenes()
    assert len(found) >= 200
    assert {s["expect"]["band"] for s in found} == {"low", "medium", "high", "critical"}
    assert all(s["expect"]["by"].startswith("reviewer ") and s.get("family") for s in found)


def test_the_weights_were_fitted_on_the_in_sample_families_only():
    found = scenes()
    in_sample = [s for s in found if not sealed(s["family"])]
    fitted = json.loads(model.WEIGHTS.read_text())["fitted"]
    assert fitted["scenes"] == len(in_sample)
    assert fitted["families"] == len({s["family"] for s in in_sample})
    share = 1 - len(in_sample) / len(found)
    assert 0.2 < share < 0.45  # the sealed part is large enough to say something


@pytest.mark.django_db
def test_the_fitted_model_meets_the_false_alarm_and_incident_aims_on_the_sealed_split():
    """The issue's aims on scenes nothing was fitted to: at most 5 % of the harmless raised
    to medium or higher, at least 95 % of incidents high or critical (its τ ≥ 0.8 and 85 %
    in band are not met yet: docs/judgement.md)."""
    from bench.judges import Row

    sealed_scenes, _ = corpus.split(corpus.load())
    scores = [model.score(s.facts).score for s in sealed_scenes]
    _, _, _, _, false_alarms, caught, *_ = Row("fitted", "fitted", sealed_scenes, scores).cells()
    assert int(false_alarms.rstrip("%")) <= 5
    assert int(caught.rstrip("%")) >= 95
