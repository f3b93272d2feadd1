"""The household's word on an event's level, kept as a row (calibration learns from it)."""

from django.db import transaction

from homesec.audit import record

from .models import Event, Feedback


def give_feedback(event: Event, verdict: str, *, user=None, request=None) -> Feedback:
    """Store the feedback; a false alarm also marks the event so (and reviewed: the
    household has looked at it)."""
    with transaction.atomic():
        feedback = Feedback.objects.create(
            event=event, user=user, verdict=verdict, prompt_version=event.prompt_version
        )
        event.false_alarm = verdict == Feedback.Verdict.FALSE_ALARM
        event.reviewed = True
        event.save(update_fields=["false_alarm", "reviewed", "updated_at"])
    record("event.feedback", f"event {event.pk}", {"verdict": verdict}, request=request, user=user)
    return feedback


def latest(event: Event) -> Feedback | None:
    return event.feedback.order_by("-created_at").first()
