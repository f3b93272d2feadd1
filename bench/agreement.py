"""How far a second reviewer agrees with the corpus's bands: the labels' own ceiling.

A reviewer who read only the rubric and the scenes, their bands taken out, banded a
sample of in-sample scenes (bench/scenes/labels/reviewer-3-second-look.json); this prints
Kendall τ-b, the share in the same band, and the confusion, the corpus's band first.

    python3 bench/agreement.py [LABELS.json]
"""

import json
import sys
from collections import Counter
from pathlib import Path

from scipy.stats import kendalltau

BANDS = ["low", "medium", "high", "critical"]  # τ-b reads ranks: the order is enough
SCENES = Path(__file__).resolve().parent / "scenes"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SCENES / "labels/reviewer-3-second-look.json"
    second = {name: label["band"] for name, label in json.loads(path.read_text()).items()}
    first = {n: json.loads((SCENES / "corpus" / n).read_text())["expect"]["band"] for n in second}
    names = sorted(second)
    ranks = [[BANDS.index(bands[n]) for n in names] for bands in (first, second)]
    tau = kendalltau(*ranks).statistic
    same = sum(first[n] == second[n] for n in names)
    print(f"{len(names)} scenes: τ-b {tau:.2f}, same band {same} ({same / len(names):.0%})")
    for (a, b), count in sorted(Counter((first[n], second[n]) for n in names).items()):
        print(f"  {a:>8} → {b:<8} {count}")


if __name__ == "__main__":
    main()
