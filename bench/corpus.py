"""The labelled scene corpus (bench/scenes/corpus, docs/scenes.md): each scene with its
reviewer's band and the facts the pipeline gathers for it (replayed, nothing kept), split
into the sealed families (bench/scenes/split.py) and the rest (in-sample: what a judge
may be fitted and chosen on). Needs Django set up on a database (bench/_setup.py)."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.judgement_scenarios import KIND_OF_BAND
from bench.scenes.split import sealed

if TYPE_CHECKING:
    from analysis.observed import BatchFacts

FOLDER = Path(__file__).resolve().parent / "scenes" / "corpus"


@dataclass
class Labelled:
    name: str
    family: str
    band: str
    scene: dict
    facts: "BatchFacts"

    @property
    def kind(self) -> str:
        return KIND_OF_BAND[self.band]

    @property
    def sealed(self) -> bool:
        return sealed(self.family)


def load(folder: Path = FOLDER) -> list[Labelled]:
    """Every labelled scene of ``folder``, replayed to its facts, in file order."""
    from analysis import replay, scenes

    found = []
    for path in sorted(folder.glob("*.json")):
        scene = scenes.load(path.read_text())
        if "expect" not in scene:
            continue
        family = scene.get("family") or path.stem.split("--")[0]
        facts = replay.facts_of(scene)
        found.append(Labelled(path.name, family, scene["expect"]["band"], scene, facts))
    return found


def split(corpus: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """(sealed, in-sample)."""
    return [s for s in corpus if s.sealed], [s for s in corpus if not s.sealed]
