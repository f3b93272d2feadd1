"""The scene corpus the judge is fitted and measured on: every scene is valid and
reviewed, the sealed families are the ones the rule written before the corpus names,
and the committed weights were fitted on exactly the other families' scenes."""

import json

from analysis import model
from analysis.scenes import load
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
