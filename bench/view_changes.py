"""View-change bench: the thresholds of detection/view.py against pictures made for them.

From each of the packages' photos it makes a camera's normal view (the left 70 % of the
photo) and two days of it as the light goes — day, dusk and night, one picture an hour,
each with its own sensor noise and small exposure changes — then the tampered pictures:
covered (a hand: dark and nearly uniform; a bag: grey), blurred (focus lost, two
strengths), turned (the camera moved: the right 70 %, or the lower part), darkened (a
light out: a quarter of the light at the same hour). For each picture it prints the
look's figures beside the thresholds and what the judge says; at the end, how many of
each kind were told (each should be) and how many ordinary pictures raised a warning
(none should).

    .venv/bin/python bench/view_changes.py

The tests use the same pictures (tests/detection/test_view.py).
"""

import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY, DUSK, NIGHT = "day", "dusk", "night"


def light_at(hour: int) -> str:
    if 8 <= hour < 18:
        return DAY
    if hour in (6, 7, 18, 19):
        return DUSK
    return NIGHT


def normal_view(photo: Image.Image) -> Image.Image:
    """The camera's view: the left 70 % of the photo, at 640 px wide."""
    view = photo.crop((0, 0, int(photo.width * 0.7), photo.height))
    return view.resize((640, round(640 * view.height / view.width)))


def lit(view: Image.Image, hour: int, seed: int, infrared: bool = True) -> Image.Image:
    """The view as the light is at ``hour``: day (exposure ±10 %), dusk (half the light,
    warmer), night (an infrared camera's grey picture, a quarter of the light, noisier; without
    infrared, nearly black)."""
    rng = random.Random(seed)
    light = light_at(hour)
    picture = view
    if light == DUSK:
        picture = ImageEnhance.Brightness(picture).enhance(0.5 + rng.uniform(-0.05, 0.05))
        picture = Image.merge(
            "RGB", [*picture.split()[:2], picture.split()[2].point(lambda v: v * 0.85)]
        )
    elif light == NIGHT and not infrared:  # no light at all: dark and nearly flat
        picture = Image.new("RGB", view.size, (10, 10, 12))  # nothing of the scene shows
    elif light == NIGHT:
        picture = picture.convert("L").convert("RGB")
        picture = ImageEnhance.Brightness(picture).enhance(0.3 + rng.uniform(-0.03, 0.03))
        picture = ImageEnhance.Contrast(picture).enhance(0.8)
    else:
        picture = ImageEnhance.Brightness(picture).enhance(1 + rng.uniform(-0.1, 0.1))
    return noisy(picture, 4 if light == DAY else 8, rng)


def noisy(picture: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    """Sensor noise of ``sigma`` grey levels, each picture its own."""
    pixels = np.asarray(picture, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def tampered(view: Image.Image, photo: Image.Image) -> dict[str, Image.Image]:
    """What a tamperer (or the weather) makes of the view, at noon."""
    day = lit(view, 12, seed=99)
    rng = random.Random(7)
    hand = Image.new("RGB", view.size, (38, 28, 24)).filter(ImageFilter.GaussianBlur(20))
    bag = noisy(Image.new("RGB", view.size, (120, 120, 118)), 4, rng)
    turned_aside = photo.crop((int(photo.width * 0.3), 0, photo.width, photo.height))
    turned_down = photo.crop((0, int(photo.height * 0.35), int(photo.width * 0.7), photo.height))
    return {
        "covered (a hand)": noisy(hand, 4, rng),
        "covered (a bag)": bag,
        "blurred (focus lost)": day.filter(ImageFilter.GaussianBlur(4)),
        "blurred (badly)": day.filter(ImageFilter.GaussianBlur(8)),
        "turned (aside)": turned_aside.resize(view.size),
        "turned (down)": turned_down.resize(view.size),
        "darkened (light out)": ImageEnhance.Brightness(day).enhance(0.25),
    }


EXPECTED = {
    "covered (a hand)": "covered",
    "covered (a bag)": "covered",
    "blurred (focus lost)": "blurred",
    "blurred (badly)": "blurred",
    "turned (aside)": "turned",
    "turned (down)": "turned",
    "darkened (light out)": "dark",
}


def main() -> None:
    from detection.view import (
        BLURRED_BELOW,
        COVERED_CONTRAST,
        DARK_BELOW,
        TURNED_BELOW,
        Look,
        blend,
        judge,
        look,
    )
    from tests.media import BUS, ZIDANE

    print(
        f"thresholds: covered below contrast {COVERED_CONTRAST}; turned below likeness "
        f"{TURNED_BELOW}; blurred below {BLURRED_BELOW} of the reference's sharpness; dark "
        f"below {DARK_BELOW} of the hour's brightness\n"
    )
    header = (
        f"{'picture':<28} {'contrast':>8} {'likeness':>8} {'sharp ×':>8} {'bright ×':>8}  judged"
    )
    false_warnings, told, ordinary = 0, 0, 0
    for path, infrared in ((BUS, True), (ZIDANE, True), (BUS, False)):
        photo = Image.open(path).convert("RGB")
        view = normal_view(photo)
        print(f"{path.name}, {'an infrared' if infrared else 'no'} night light\n{header}")
        references: dict[int, Look] = {}
        latest: Look | None = None
        for day in (1, 2):
            for hour in range(24):
                seen = look(lit(view, hour, seed=day * 100 + hour, infrared=infrared))
                same = references.get(hour)
                kind = judge(seen, same, latest)
                ordinary += 1
                if kind:
                    false_warnings += 1
                _row(f"day {day} {hour:02d}h ({light_at(hour)})", seen, same or latest, same, kind)
                if kind is None:
                    references[hour] = blend(same, seen) if same else seen
                    if references[hour].contrast >= 2 * COVERED_CONTRAST:  # shows the scene
                        latest = references[hour]
        for name, picture in tampered(view, photo).items():
            seen = look(picture)
            kind = judge(seen, references.get(12, latest), latest)
            told += kind == EXPECTED[name]
            _row(name, seen, references.get(12, latest), references.get(12, latest), kind)
        print()
    print(
        f"tampered pictures told as what they are: {told} of {3 * len(EXPECTED)}; "
        f"ordinary pictures (two days, hourly, day/dusk/night) that raised a warning: "
        f"{false_warnings} of {ordinary}"
    )


def _row(name, seen, reference, same_hour, kind) -> None:
    from detection.view import likeness

    like = likeness(seen.sketch, reference.sketch) if reference else float("nan")
    sharp = seen.sharpness / reference.sharpness if reference else float("nan")
    bright = seen.brightness / same_hour.brightness if same_hour else float("nan")
    print(f"{name:<28} {seen.contrast:8.1f} {like:8.2f} {sharp:8.2f} {bright:8.2f}  {kind or '-'}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    import django

    django.setup()
    main()
