"""bench/judgement.py: its scenes, its measures, and the rules judge meeting the issue's aim
(with the household's schedule and the house mode: ≤ 5 % false alarms, ≥ 95 % of
incidents caught, Kendall τ ≥ 0.8 against the operator's bands)."""

from bench import judges
from bench.judgement import HEADER
from bench.judgement_scenarios import SCENES
from tests.analysis.test_scoring import TIERS


def measures(row: judges.Row) -> dict[str, float]:
    cells = dict(zip(HEADER, row.cells(), strict=True))
    return {k: float(cells[k].rstrip("%")) for k in ("τ", "in band", "false al.", "caught")}


def test_there_are_sixty_scenes_of_every_kind_and_none_is_a_test_scenario():
    assert len(SCENES) >= 60
    assert {s.kind for s in SCENES} == {"benign", "watch", "incident"}
    assert len({s.name for s in SCENES}) == len(SCENES)
    tests = {name for tier in TIERS for name in tier}
    assert not tests & {s.name for s in SCENES}


def test_kendall_tau_b_counts_ties_as_scipy_does():
    assert judges._tau_b([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert judges._tau_b([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    # scipy.stats.kendalltau([1, 2, 2, 3], [1, 2, 3, 3]).statistic
    assert round(judges._tau_b([1, 2, 2, 3], [1, 2, 3, 3]), 4) == 0.8


def test_the_rules_with_the_household_schedule_meet_the_aim():
    found = measures(judges.rules(SCENES))
    assert found["false al."] <= 5, found
    assert found["caught"] >= 95, found
    assert found["τ"] >= 0.8, found


def test_simulated_feedback_never_lowers_a_night_entry_point_intruder_below_high():
    row, before = judges.rules_after_feedback(SCENES), judges.rules(SCENES)
    for scene, points, unadjusted in zip(SCENES, row.scores, before.scores, strict=True):
        if judges.calibration._protected(judges.facts_of(scene)):  # feedback alone: not below
            assert points >= min(unadjusted, 60), scene.name
