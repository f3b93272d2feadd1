"""``/api/analytics/?days=7``: events by camera, class, hour of day, day and level."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .analytics import MAX_DAYS, analytics


def days_of(value) -> int:
    try:
        days = int(value or 7)
    except ValueError:
        raise ValidationError({"days": "a whole number of days, e.g. 7 or 30"}) from None
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"from 1 to {MAX_DAYS}"})
    return days


@extend_schema(
    parameters=[OpenApiParameter("days", OpenApiTypes.INT, description="7 (default) or 30…")],
    responses={200: {"type": "object"}},
)
@api_view(["GET"])
def analytics_view(request):
    """The last ``days`` days' events (default 7) counted by camera, class, hour of day
    (local), day and level; every row split by level."""
    return Response(analytics(days_of(request.query_params.get("days"))))
