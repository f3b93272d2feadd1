"""``manage.py replay SCENE.json [--json] [--words]``: the event a scene would make,
judged on the real path in a transaction that is rolled back (analysis/replay.py).
``manage.py replay --export EVENT_ID > scene.json``: a real event's scene."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from events.models import Event

from ...replay import replay
from ...scenes import SceneError, export, load


class Command(BaseCommand):
    help = "Judge a scene file as the pipeline would (nothing is kept), or export an event's."

    def add_arguments(self, parser):
        parser.add_argument(
            "scene", nargs="?", help="A scene file (docs/scenes.md); - reads stdin."
        )
        parser.add_argument(
            "--export", type=int, metavar="EVENT_ID", help="Write this event's scene."
        )
        parser.add_argument("--json", action="store_true", help="The verdict as JSON.")
        parser.add_argument(
            "--words", action="store_true", help="Ask the LLM too (when one is configured)."
        )

    def handle(self, *args, scene, export, words, **options):
        if export is not None:
            return self._export(export)
        if not scene:
            raise CommandError("give a scene file (or --export EVENT_ID)")
        try:
            text = sys.stdin.read() if scene == "-" else Path(scene).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{scene}: {getattr(exc, 'strerror', None) or exc}") from None
        try:
            loaded = load(text)
        except SceneError as exc:
            raise CommandError(f"{scene}: {exc}") from None
        try:
            verdict = replay(loaded, words=words and settings.LLM_ENABLED)
        except DatabaseError as exc:  # a value PostgreSQL refuses (a NUL, a year 10000…)
            raise CommandError(f"{scene}: the database refused a value: {exc}") from None
        self.stdout.write(_as_json(verdict) if options["json"] else _as_text(loaded, verdict))

    def _export(self, pk: int) -> None:
        event = Event.objects.select_related("camera").filter(pk=pk).first()
        if event is None:
            raise CommandError(f"no event {pk}")
        try:
            self.stdout.write(_as_json(export(event)))
        except SceneError as exc:
            raise CommandError(f"event {pk} cannot be written as a scene: {exc}") from None


def _as_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _as_text(scene: dict, verdict: dict) -> str:
    lines = [
        f"{scene.get('name') or scene['camera']['name']}",
        f"  {verdict['level']} ({verdict['score']}): {verdict['summary']}",
        *[f"  · {factor}" for factor in verdict["factors"]],
    ]
    if verdict["reasoning"]:
        lines.append(f"  {verdict['reasoning']}")
    expected = scene.get("expect", {}).get("band")
    if expected:
        lines.append(f"  expected: {expected}")
    return "\n".join(lines)
