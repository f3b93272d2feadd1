"""Each prompt version's text, kept in PostgreSQL, and the feedback summed per version.

The text is the prompt rendered for one fixed example batch, in both modes (the LLM
explains the rules' score; the LLM scores), so two versions can be compared word by word.
A prompt edited without a new PROMPT_VERSION is stamped "<version>+<hash>": an event
never claims a version whose text it was not asked with.
"""

import hashlib
import logging
from datetime import datetime

from django.db.models import Count, Q

from events.models import Event, Feedback

from . import prompt
from .models import PromptVersion
from .observed import BatchFacts, ObjectFacts
from .scoring import score

log = logging.getLogger(__name__)

NIGHT = datetime(2026, 11, 17, 2, 14)
STRANGER = ObjectFacts("person", 1, 0.91, 240, [("Back Door", "entry_point")], False, NIGHT, NIGHT)
EXAMPLE = BatchFacts("Back Door", NIGHT, [STRANGER], 0.03, "the door from the garden")


def current_text() -> str:
    rules = score(EXAMPLE)
    parts = []
    for scores in (False, True):
        chat = prompt.messages(EXAMPLE, rules, "We have a dog.", score=scores)
        parts += [f"[{m['role']}]\n{m['content']}" for m in chat]
    return "\n\n".join(parts)


def current() -> str:
    """The version to stamp an event with; its text is stored the first time it is used."""
    text = current_text()
    sha = hashlib.sha256(text.encode()).hexdigest()
    version = prompt.PROMPT_VERSION
    kept = PromptVersion.objects.filter(version=version).only("sha256").first()
    if kept is not None and kept.sha256 != sha:
        log.warning("the prompt changed without a new PROMPT_VERSION (%s)", version)
        version = f"{version}+{sha[:8]}"
    PromptVersion.objects.get_or_create(version=version, defaults={"sha256": sha, "text": text})
    return version


def summary(version: PromptVersion) -> dict:
    """What the household said of the events judged under ``version``: each event's
    latest feedback, counted by verdict; and how often the LLM's words were shown."""
    events = Event.objects.filter(prompt_version=version.version)
    answered = events.filter(analysis_source=Event.Source.LLM).aggregate(
        answered=Count("pk"), dropped=Count("pk", filter=~Q(words_dropped=""))
    )
    latest = (
        Feedback.objects.filter(event__prompt_version=version.version)
        .order_by("event_id", "-created_at")
        .distinct("event_id")
        .values_list("verdict", flat=True)
    )
    feedback = dict.fromkeys(Feedback.Verdict.values, 0)
    for verdict in latest:
        feedback[verdict] += 1
    marked = sum(feedback.values())
    return {
        "events": events.count(),
        "llm_answers": answered["answered"],
        "llm_words_dropped": answered["dropped"],
        "feedback": feedback,
        "right_share": round(feedback["right"] / marked, 3) if marked else None,
        "false_alarm_share": round(feedback["false_alarm"] / marked, 3) if marked else None,
    }
