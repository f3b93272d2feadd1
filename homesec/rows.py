"""Long lists, read fast: a list action fetches ``.values()`` rows and sends them as they
are, times written as DRF writes them.

Why not DRF's own path: building a model instance per row and walking every serializer
field of it took about half of a 50-event page (8 of ~16 ms); the serializer still
declares the fields, so the schema, the detail view and every write are DRF's.
Only for serializers whose fields are plain columns (no methods, no nesting)."""

from datetime import datetime

from django.utils import timezone


def drf_time(value: datetime, zone) -> str:
    """DRF's DateTimeField output: in ``zone`` (the current one), ISO 8601, UTC as ``Z``."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ValuesList:
    """ViewSet mixin: the list action reads the serializer's fields with ``.values()``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.values(*self.get_serializer_class().Meta.fields)
        return queryset


class PlainRows:
    """Serializer mixin: a ``.values()`` row goes out as it is (times as DRF writes them)."""

    def to_representation(self, row):
        if not isinstance(row, dict):
            return super().to_representation(row)
        zone = timezone.get_current_timezone()  # not per field: it is a context lookup
        return {
            name: drf_time(value, zone) if isinstance(value, datetime) else value
            for name, value in row.items()
        }
