from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from cameras.models import Camera
from detection.models import Batch, Detection

from .risk import risk_level_for


class Event(models.Model):
    """A judged security event: what happened, how risky, and why."""

    class RiskLevel(models.TextChoices):
        LOW = "low"
        MEDIUM = "medium"
        HIGH = "high"
        CRITICAL = "critical"

    class Source(models.TextChoices):
        LLM = "llm", "LLM"
        FALLBACK = "fallback", "Fallback scorer"  # the LLM was off, down or failing
        RULES = "rules", "Scorer (fast path)"  # judged at once; the LLM follows at batch close

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="events")
    batch = models.OneToOneField(
        Batch, on_delete=models.SET_NULL, null=True, blank=True, related_name="event"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    risk_score = models.PositiveSmallIntegerField()
    risk_level = models.CharField(max_length=8, choices=RiskLevel.choices, editable=False)
    summary = models.TextField()
    reasoning = models.TextField(blank=True)
    detections = models.ManyToManyField(
        Detection, blank=True, related_name="events", help_text="What the judge saw."
    )
    labels = models.CharField(max_length=200, blank=True, help_text="Classes seen: person car")
    analysis_source = models.CharField(max_length=16, choices=Source.choices, default=Source.LLM)
    factors = models.JSONField(default=list, blank=True, help_text="What drove the score.")
    scored_by = models.CharField(max_length=8, default="rules", help_text="rules or llm")
    judged_by = models.CharField(max_length=100, blank=True, help_text="The model, or rules.")
    prompt_version = models.CharField(max_length=32, blank=True)
    words_dropped = models.TextField(
        blank=True, help_text="Why the LLM's summary or reasoning was not shown (grounding)."
    )
    calibration_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="camera|zone kind|class|part of day: the events calibration calls similar.",
    )
    is_fast_path = models.BooleanField(default=False)
    incident_lead = models.ForeignKey(  # set by household/incidents.py, read by the alert rules
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The first event of the incident across cameras this event is part of: "
        "the alert rules tell this event as an update of that incident's alert.",
    )
    reviewed = models.BooleanField(default=False)
    false_alarm = models.BooleanField(
        default=False, help_text="The household said this was nothing (feedback)."
    )
    notes = models.TextField(blank=True, max_length=5000)
    # The alert rules record the verdict they last ran on (alerts/tasks.py evaluate_event):
    # a verdict they never saw, its message lost, is found by alerts/reconcile.py.
    evaluated_source = models.CharField(
        max_length=16, blank=True, help_text="The verdict the alert rules last ran on."
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    evaluation_requeued_at = models.DateTimeField(null=True, blank=True)
    # The clip (events/tasks.py make_clip) records when it was last made, or found
    # nothing to show: one never made, its message lost, is found by reconcile_clips.
    clip_made_at = models.DateTimeField(null=True, blank=True)
    clip_requeued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search over the words and the classes, kept by PostgreSQL itself.
    search = models.GeneratedField(
        expression=SearchVector("summary", "reasoning", "labels", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["started_at"], name="event_started_idx"),
            # a camera's timeline: the most used filter walks only that camera's events
            models.Index(fields=["camera", "started_at"], name="event_camera_started_idx"),
            models.Index(fields=["risk_score"], name="event_risk_score_idx"),
            models.Index(fields=["reviewed"], name="event_reviewed_idx"),
            GinIndex(fields=["search"], name="event_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_score__gte=0) & Q(risk_score__lte=100),
                name="event_risk_score_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.camera_id} {self.started_at:%Y-%m-%d %H:%M} {self.risk_level}"

    def save(self, *args, **kwargs):
        self.risk_level = risk_level_for(self.risk_score)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "risk_score" in update_fields:
            kwargs["update_fields"] = {*update_fields, "risk_level"}
        super().save(*args, **kwargs)

    def top_detection(self):
        """The most confident detection that has a thumbnail: the event's picture."""
        return self.detections.exclude(thumbnail_path="").order_by("-confidence").first()


class Feedback(models.Model):
    """What the household said of an event's level: who, when, what, under which prompt.
    Calibration (analysis/calibration.py) learns from each event's latest word."""

    class Verdict(models.TextChoices):
        FALSE_ALARM = "false_alarm", "False alarm"
        TOO_HIGH = "too_high", "Should have been lower"
        TOO_LOW = "too_low", "Should have been higher"
        RIGHT = "right", "Right level"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    prompt_version = models.CharField(max_length=32, blank=True)
    calibrates = models.BooleanField(
        default=True, help_text="Counted by calibration; a reset turns it off."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event", "created_at"], name="feedback_event_idx")]

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.verdict}"
