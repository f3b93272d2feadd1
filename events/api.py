"""Events and detections over the REST API: filters, review and notes."""

import django_filters
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.db.models import OuterRef
from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from detection.api import DetectionSerializer
from homesec.audit import Audited, record
from homesec.rows import PlainRows, ValuesList

from .clips import clip_path
from .feedback import give_feedback
from .models import Event, Feedback


class EventSerializer(PlainRows, serializers.ModelSerializer):
    detection_ids = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="What the judge saw."
    )

    class Meta:
        model = Event
        fields = ["id", "camera", "started_at", "ended_at", "risk_score", "risk_level", "summary",
                  "reasoning", "factors", "analysis_source", "scored_by", "judged_by",
                  "prompt_version", "words_dropped", "is_fast_path", "reviewed", "false_alarm",
                  "notes",
                  "detection_ids", "labels", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("reviewed", "notes")]


class FeedbackSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "verdict", "user", "prompt_version", "created_at"]
        read_only_fields = ["id", "user", "prompt_version", "created_at"]


class EventDetailSerializer(EventSerializer):
    detections = serializers.SerializerMethodField()
    feedback = FeedbackSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "detections", "feedback"]

    def get_detections(self, event) -> list[dict]:
        found = event.detections.order_by("detected_at", "pk")
        return DetectionSerializer(found, many=True).data


class EventFilter(django_filters.FilterSet):
    risk_score_min = django_filters.NumberFilter(
        "risk_score", lookup_expr="gte", min_value=0, max_value=100
    )
    risk_score_max = django_filters.NumberFilter(
        "risk_score", lookup_expr="lte", min_value=0, max_value=100
    )
    since = django_filters.IsoDateTimeFilter("started_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter("started_at", lookup_expr="lt")
    search = django_filters.CharFilter(
        method="full_text", max_length=200, help_text='Words, "phrases", -not, or'
    )

    def full_text(self, queryset, name, value):
        return queryset.filter(search=SearchQuery(value, search_type="websearch", config="english"))

    class Meta:
        model = Event
        fields = ["camera", "risk_level", "reviewed", "is_fast_path", "analysis_source"]


class BulkReview(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=1000)
    reviewed = serializers.BooleanField(default=True)


class EventViewSet(Audited, ValuesList, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Events, newest first. PATCH changes only ``reviewed`` and ``notes``."""

    queryset = Event.objects.annotate(  # a plain column, so lists can read .values()
        detection_ids=ArraySubquery(
            Event.detections.through.objects.filter(event=OuterRef("pk"))
            .order_by("detection_id")
            .values("detection_id")
        )
    )
    write_permission = "events.change_event"  # review, notes: a member may
    filterset_class = EventFilter
    ordering_fields = ["started_at", "risk_score"]
    ordering = ["-started_at"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    @extend_schema(request=BulkReview, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"])
    def review(self, request):
        """Mark many events reviewed (or not) at once."""
        bulk = BulkReview(data=request.data)
        bulk.is_valid(raise_exception=True)
        data = bulk.validated_data
        return Response({"updated": mark_reviewed(data["ids"], data["reviewed"], request)})

    @extend_schema(request=FeedbackSerializer, responses={201: FeedbackSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """The household's word on the level: false_alarm, too_high (should have been
        lower), too_low (should have been higher) or right. Calibration learns from it."""
        given = FeedbackSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        row = give_feedback(
            self.get_object(), given.validated_data["verdict"], user=request.user, request=request
        )
        return Response(FeedbackSerializer(row).data, status=201)

    @extend_schema(responses={(200, "video/mp4"): bytes})
    @action(detail=True)
    def clip(self, request, pk=None):
        """The event's clip (H.264 MP4, boxes drawn); 404 until it is made."""
        found = clip_path(self.get_object().pk)
        if found is None:
            raise Http404("this event has no clip (yet)")
        return FileResponse(found.open("rb"), content_type="video/mp4")


def mark_reviewed(ids: list[int], reviewed: bool, request) -> int:
    """Mark events reviewed (or not), audited; the number changed."""
    with transaction.atomic():
        changed = Event.objects.filter(pk__in=ids).update(reviewed=reviewed)
    record(
        "event.review", f"{changed} event(s)", {"ids": ids, "reviewed": reviewed}, request=request
    )
    return changed
