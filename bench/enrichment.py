"""Enrichment beside detection, on this machine: the detector's time per image, face time
per person (HOG, and HOG then CNN), plate time per vehicle, the worker memory the models
add, and face-match precision and recall on the labelled faces the packages carry.

    .venv/bin/python bench/enrichment.py [--repeat 5] [--rounds 3] [--batches-only]

Then batch analysis latency with and without enrichment: the same batches of real photos
(and one clip), detected once by the real detector, analysed end to end by a real
analysis worker as `make run` starts it (the enrich chord, then analyze_batch; the LLM
off) once with HOMESEC_FACES and HOMESEC_PLATES on and once off, side by side, with the
detector's time per image. Needs embedded PostgreSQL and Redis (bench/_setup.py).

The labelled faces: ultralytics' zidane.jpg (Zidane; Ancelotti, whose tilted face only the
CNN finds) and bus.jpg (two passengers whose faces HOG finds), each as itself and
re-encoded, scaled, cropped and mirrored: every pair of the same face is a positive,
every pair of different people a negative. Nothing else labelled ships in a package."""

import argparse
import io
import itertools
import statistics
import sys
import time
from pathlib import Path

import _setup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = {  # person boxes as the darknet detector finds them
    "zidane.jpg": {"Zidane": (728, 23, 426, 697), "Ancelotti": (303, 211, 496, 509)},
    "bus.jpg": {
        "passenger 1": (55, 378, 160, 520),
        "passenger 2": (224, 399, 128, 419),
        "back turned": (685, 468, 125, 425),
    },
}
BUS_BOX = (47, 244, 763, 529)


def timed(call, repeat: int) -> tuple[float, object]:
    """Median milliseconds of ``repeat`` calls, and the last result."""
    took, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took), result


def rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def variants(image, box):
    """The same face another way: (name, image, box)."""
    from PIL import Image

    x, y, w, h = box
    yield "as is", image, box
    for quality in (30, 60):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        yield f"jpeg q{quality}", Image.open(io.BytesIO(out.getvalue())).convert("RGB"), box
    small = image.resize((image.width * 2 // 3, image.height * 2 // 3))
    yield "scaled 2/3", small, tuple(v * 2 // 3 for v in box)
    left, top = max(0, x - 60), max(0, y - 10)
    yield "cropped", image.crop((left, top, x + w + 40, y + h)), (x - left, y - top, w, h)
    mirrored = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    yield "mirrored", mirrored, (image.width - x - w, y, w, h)


def match_quality(images, faces, repeat: int) -> None:
    prints = []  # (person, variant, embedding)
    for name, people in PEOPLE.items():
        for person, box in people.items():
            for how, image, where in variants(images[name], box):
                found = faces.find_face(image, where, use_cnn=True)
                if found:
                    prints.append((person, how, found.embedding))
    same, different = [], []
    for (a, _, ea), (b, _, eb) in itertools.combinations(prints, 2):
        (same if a == b else different).append(faces.distance(ea, eb))
    print(
        f"\nface prints: {len(prints)} of {len({p for p, _, _ in prints})} people "
        f"({len(same)} same-person pairs, {len(different)} different-person pairs)"
    )
    middle = statistics.median(same)
    print(f"  same person:      {min(same):.2f}-{max(same):.2f} (median {middle:.2f})")
    print(
        f"  different people: {min(different):.2f}-{max(different):.2f} "
        f"(median {statistics.median(different):.2f})"
    )
    for threshold in (0.4, 0.5, 0.6):
        true = sum(d < threshold for d in same)
        false = sum(d < threshold for d in different)
        precision = true / (true + false) if true + false else 1.0
        print(
            f"  threshold {threshold}: precision {precision:.3f}, recall {true / len(same):.3f}"
            f" ({false} different-person pairs matched)"
        )


def detector_times(images, repeat: int) -> float:
    from detection import backends

    before = rss_mib()
    backend = backends.get()
    backends.warm_up(backend)
    print(f"detector {backend.name} ({backend.model}) on {backend.device}:")
    for name, image in images.items():
        ms, found = timed(lambda i=image: backend.detect(i, min_confidence=0.4), repeat)
        print(f"  {name} {image.width}×{image.height}: {ms:.0f} ms per image, {len(found)} objects")
    return rss_mib() - before


def face_times(images, faces, repeat: int) -> None:
    print("\nface, per person (median ms):")
    for name, people in PEOPLE.items():
        for person, box in people.items():
            image = images[name]
            hog, found = timed(lambda i=image, b=box: faces.find_face(i, b), repeat)
            both, cnn = timed(lambda i=image, b=box: faces.find_face(i, b, use_cnn=True), repeat)
            print(
                f"  {person:12} box {box[2]}×{box[3]}: HOG {hog:.0f} ms "
                f"({'face' if found else 'none'}), HOG+CNN {both:.0f} ms "
                f"({'face' if cnn else 'none'})"
            )


def plate_times(image, plates, repeat: int) -> None:
    from PIL import ImageDraw, ImageFont

    drawn = image.copy()
    draw = ImageDraw.Draw(drawn)
    draw.rectangle((300, 690, 560, 750), fill="white", outline="black", width=3)
    draw.text((318, 694), "AB12 CDE", fill="black", font=ImageFont.load_default(size=44))
    print(f"\nplate, per vehicle (bus box {BUS_BOX[2]}×{BUS_BOX[3]}):")
    for what, picture in (("no plate", image), ("a plate drawn on", drawn)):
        ms, read = timed(lambda p=picture: plates.read_plate(p, BUS_BOX), repeat)
        print(f"  {what}: {ms:.0f} ms, read {read or 'nothing'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of the batches")
    parser.add_argument("--batches-only", action="store_true", help="only the batch latency")
    args = parser.parse_args()
    servers = _setup.start()
    try:
        if not args.batches_only:
            steps(args.repeat)
        from bench.enrichment_batches import batch_latency

        batch_latency(args.rounds)
    finally:
        for server in reversed(servers):
            server.stop()


def steps(repeat: int) -> None:
    from PIL import Image

    from household import faces, plates
    from tests.media import BUS, ZIDANE

    images = {p.name: Image.open(p).convert("RGB") for p in (ZIDANE, BUS)}
    detector_mib = detector_times(images, repeat)
    memory = []
    for name, load in (("face models", faces.models), ("CNN face detector", faces.cnn),
                       ("plate OCR", plates.engine)):  # fmt: skip
        before = rss_mib()
        load()
        memory.append(f"{name} {rss_mib() - before:.0f} MiB")
    face_times(images, faces, repeat)
    plate_times(images["bus.jpg"], plates, repeat)
    print(f"\nworker memory added: detector {detector_mib:.0f} MiB, " + ", ".join(memory))
    match_quality(images, faces, repeat)


if __name__ == "__main__":
    main()
