"""The judgement benchmark's judges and measures (bench/judgement.py prints them)."""

import contextlib
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from analysis import calibration, prompt, scoring
from analysis.judge import grounded_words
from analysis.llm_client import JUDGEMENT_SCHEMA, LLMClient, LLMError, judgement
from bench.judgement_scenarios import BANDS, CAMERAS, ZONES, Scene
from events.risk import risk_level_for
from household.schedule import in_window, window_text
from household.visitors import Expected

MIDPOINT = {"low": 15, "medium": 45, "high": 72, "critical": 92.5}  # of 0-29, 30-59, …
EARLIER_MARKS = 3  # simulated feedback: the household marked 3 earlier events like each scene


# --- facts ---------------------------------------------------------------------------


def facts_of(scene: Scene, *, schedule: bool = True, window: float = 0) -> scoring.BatchFacts:
    """The batch facts the pipeline would build for the scene (analysis/facts.py).
    ``window``: batches last at most this long (HOMESEC_BATCH_WINDOW_SECONDS), so what
    stays longer is seen for that long in each of several batches."""
    moment = scene.local_time
    objects = [
        scoring.ObjectFacts(
            label=s.label,
            count=s.count,
            confidence=0.85,
            dwell_seconds=min(s.dwell, window or s.dwell),
            zones=[ZONES[z] for z in s.zones],
            moved=s.moved,
            first_seen=moment,
            last_seen=moment + _seconds(min(s.dwell, window or s.dwell)),
        )
        for s in scene.seen
    ]
    facts = scoring.BatchFacts(scene.camera, moment, objects, scene.usual, CAMERAS[scene.camera])
    facts.house_mode = scene.mode
    facts.expected = _expected(scene, objects) if schedule else []
    facts.calibration_key = calibration.key_of(scene.camera, facts)
    return facts


def _seconds(dwell: float) -> timedelta:
    return timedelta(seconds=dwell)


def _expected(scene: Scene, objects) -> list[Expected]:
    """The schedule windows that hold for what was seen where (analysis/visitors.matching)."""
    found = []
    for window in scene.schedule:
        if not in_window(list(window.days), window.start, window.end, scene.local_time):
            continue
        places = {ZONES[z][0] for z in window.zones}
        for seen in objects:
            if seen.label in window.labels and (
                not places or places & {n for n, _ in seen.zones}
            ):  # fmt: skip
                text = window_text(list(window.days), window.start, window.end)
                where = ", ".join(sorted(places))
                found.append(Expected(window.name, window.kind, seen.label, text, where))
    return found


# --- measures --------------------------------------------------------------------------


def kendall_tau_b(xs: list[float], ys: list[float]) -> float:
    """Kendall's τ-b (ties in either list allowed): scipy's where it is installed, else
    the same sum here (scipy is not among homesec's requirements)."""
    try:
        from scipy.stats import kendalltau
    except ImportError:
        return _tau_b(xs, ys)
    return float(kendalltau(xs, ys).statistic)


def _tau_b(xs: list[float], ys: list[float]) -> float:
    concordant = discordant = tied_x = tied_y = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tied_x += 1
            elif dy == 0:
                tied_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    pairs_x = concordant + discordant + tied_y  # pairs not tied in x
    pairs_y = concordant + discordant + tied_x
    if not pairs_x or not pairs_y:
        return float("nan")
    return (concordant - discordant) / (pairs_x * pairs_y) ** 0.5


@dataclass
class Row:
    judge: str
    short: str
    scenes: Sequence[Any]  # Scene, or the corpus's Labelled: each with .band and .kind
    scores: Sequence[int | None]  # None: no answer
    seconds: list[float] = field(default_factory=list)
    grounded: tuple[int, int, int] | None = None  # summaries shown, reasonings shown, asked

    def cells(self) -> list[str]:
        judged = [(s, v) for s, v in zip(self.scenes, self.scores, strict=True) if v is not None]
        n = len(judged)
        per = _duration(sum(self.seconds) / len(self.seconds) if self.seconds else 0)
        ground = "—"
        if self.grounded:
            shown, asked = self.grounded[:2], max(1, self.grounded[2])
            ground = f"{shown[0] / asked:.0%} / {shown[1] / asked:.0%}"
        if not n:
            return [self.judge, "0", "—", "—", "—", "—", "—", per, ground]
        levels = [(s, risk_level_for(v)) for s, v in judged]
        benign = [lvl for s, lvl in levels if s.kind == "benign"]
        incidents = [lvl for s, lvl in levels if s.kind == "incident"]
        tau = kendall_tau_b([v for _, v in judged], [MIDPOINT[s.band] for s, _ in judged])
        return [
            self.judge,
            str(n),
            f"{tau:.2f}",
            f"{sum(s.band == lvl for s, lvl in levels) / n:.0%}",
            f"{sum(lvl != 'low' for lvl in benign) / max(1, len(benign)):.0%}",
            f"{sum(lvl in ('high', 'critical') for lvl in incidents) / max(1, len(incidents)):.0%}",
            str(len({v for _, v in judged})),
            per,
            ground,
        ]


def _duration(seconds: float) -> str:
    return f"{seconds * 1e6:.0f} µs" if seconds < 0.01 else f"{seconds:.1f} s"


# --- the rules -------------------------------------------------------------------------


def rules(scenes: list[Scene], *, schedule: bool = True, window: float = 0) -> Row:
    scores, seconds = [], []
    for scene in scenes:
        facts = facts_of(scene, schedule=schedule, window=window)
        started = time.perf_counter()
        scores.append(scoring.score(facts).score)
        seconds.append(time.perf_counter() - started)
    name = "rules, schedule and house mode" if schedule else "rules, without the schedule"
    if window:
        return Row(f"{name}, {window:g}-s batches", f"{window:g}s", scenes, scores, seconds)
    return Row(name, "rules" if schedule else "no sched", scenes, scores, seconds)


def operator_verdict(scene: Scene, level: str) -> str:
    """What the operator marks an earlier event like ``scene`` judged at ``level``."""
    if scene.band == "low" and level != "low":
        return "false_alarm"
    said, meant = BANDS.index(level), BANDS.index(scene.band)
    return "too_high" if said > meant else "too_low" if said < meant else "right"


def rules_after_feedback(scenes: list[Scene]) -> Row:
    """Each scene's similar events (calibration.key_of) were marked EARLIER_MARKS times each
    by the operator; the next one is scored with the bounded factor that teaches."""
    marks: dict[str, dict[str, int]] = {}
    for scene in scenes:
        facts = facts_of(scene)
        if not facts.calibration_key:
            continue
        verdict = operator_verdict(scene, scoring.score(facts).level)
        counts = marks.setdefault(facts.calibration_key, dict.fromkeys(calibration.POINTS, 0))
        counts[verdict] += EARLIER_MARKS
    scores, seconds = [], []
    for scene in scenes:
        facts = facts_of(scene)
        started = time.perf_counter()
        counts = marks.get(facts.calibration_key)
        if counts:
            points = sum(calibration.POINTS[v] * n for v, n in counts.items())
            learned = calibration.Adjustment(facts.calibration_key, 0, counts)
            facts.calibration = calibration.bounded(calibration._capped(points), learned.why, facts)
        scores.append(scoring.score(facts).score)
        seconds.append(time.perf_counter() - started)
    return Row(
        f"rules after feedback ({EARLIER_MARKS} marks a scene)", "feedback", scenes, scores, seconds
    )


# --- LLMs ----------------------------------------------------------------------------


class NoBreaker:
    """The benchmark asks every scene: no circuit (and no Redis) between it and the LLM."""

    def allow(self) -> bool:
        return True

    def record_success(self) -> None:
        pass

    def record_failure(self) -> None:
        pass


@contextlib.contextmanager
def local_llm(name: str, path: str | None, run_dir):
    """llama-server with SmolLM2-135M (as `make run` starts it) or another GGUF."""
    from pathlib import Path

    from runner import embedded

    model = Path(path) if path else None
    alias = name if path else embedded.LLM_ALIAS
    server = embedded.start_llm(run_dir, model=model, alias=alias)
    try:
        yield server.url, alias
    finally:
        server.stop()


def _ask(url: str, model: str, facts, rules_verdict, *, score: bool, timeout: float) -> dict:
    client = LLMClient(url=url, model=model, breaker=NoBreaker(), retries=0, timeout=timeout)
    chat = prompt.messages(facts, rules_verdict, "", score=score)
    return judgement(client.complete_json(chat, JUDGEMENT_SCHEMA, name="risk_judgement"))


def writer(scenes: Sequence[Any], url: str, model: str, *, timeout: float = 180) -> Row:
    """The LLM writes the words for the rules' score: how often they may be shown."""
    scores, seconds, summaries, reasonings, why = [], [], 0, 0, Counter()
    for scene in scenes:
        facts = getattr(scene, "facts", None) or facts_of(scene)  # the corpus's carry theirs
        verdict = scoring.score(facts)
        started = time.perf_counter()
        try:
            answer = _ask(url, model, facts, verdict, score=False, timeout=timeout)
        except LLMError as exc:
            print(f"  {model} gave no answer for “{scene.name}”: {exc}")
            scores.append(None)
            continue
        seconds.append(time.perf_counter() - started)
        words = grounded_words(answer, facts, verdict.level)
        summaries += "summary" in words
        reasonings += "reasoning" in words
        why.update(_reasons(words["words_dropped"]))
        shown = [part for part in ("summary", "reasoning") if part in words] or ["nothing"]
        print(f"  {seconds[-1]:.0f} s, {' and '.join(shown)} shown: {scene.name}", flush=True)
        scores.append(verdict.score)
    print(f"  {model}'s words dropped: " + "; ".join(f"{n}× {r}" for r, n in why.most_common(5)))
    return Row(
        f"{model} as writer (rules' score)",
        model[:7],
        scenes,
        scores,
        seconds,
        (summaries, reasonings, len(scenes)),
    )


KINDS = [  # grounding.problem's reasons, their particulars left out
    (r"^it mentions", "mentions a thing not seen"),
    (r"^it speaks of", "counts more than were seen"),
    (r"^it gives the|^it says \w+, (but|which)", "a time or day not the event's"),
    (r"^it names the", "names a place where nothing was"),
    (r"^it says “", "contradicts the level"),
    (r"^it does not say where", "does not say where"),
    (r"^it does not say what", "does not say what was seen"),
    (r"^it is cut off", "cut off"),
    (r"^it repeats", "repeats itself"),
    (r"^it says nothing", "says nothing"),
]


def _reasons(dropped: str) -> list[str]:
    """Why each of the LLM's texts was dropped, in words that count like with like."""
    found = re.findall(r"was not shown: (.*?)\.(?= The LLM|$)", dropped)
    return [next((k for p, k in KINDS if re.search(p, r)), r) for r in found]


def llm_scorer(scenes: Sequence[Any], url: str, model: str, *, timeout: float = 180) -> Row:
    """The LLM sets the score itself (HOMESEC_RISK_SOURCE=llm)."""
    scores, seconds = [], []
    for scene in scenes:
        facts = getattr(scene, "facts", None) or facts_of(scene)
        started = time.perf_counter()
        try:
            answer = _ask(url, model, facts, scoring.score(facts), score=True, timeout=timeout)
        except LLMError as exc:
            print(f"  {model} gave no score for “{scene.name}”: {exc}")
            scores.append(None)
            continue
        seconds.append(time.perf_counter() - started)
        scores.append(answer["risk_score"])
    return Row(f"{model} as scorer", f"{model[:5]}-s", scenes, scores, seconds)
