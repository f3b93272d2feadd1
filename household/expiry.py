"""The household app's rows and files past their time (homesec/expiry.py): faces no one
named (and their crops), plate reads, incidents; then the unknown groups left without a
face."""

from django.conf import settings

from homesec.expiry import Expired, expires

from . import people
from .models import Incident, PlateRead


@expires
def expired(cutoff) -> Expired:
    faces = people.expired_faces(cutoff)  # unnamed only: named people are kept
    crops = faces.exclude(crop_path="").values_list("crop_path", flat=True)
    return Expired(
        rows={
            "faces": faces,
            "plate reads": PlateRead.objects.filter(seen_at__lt=cutoff),
            "incidents": Incident.objects.filter(ended_at__lt=cutoff),
        },
        stored=[(settings.MEDIA_ROOT, crop) for crop in crops],
        then=[people.drop_empty_unknowns],
    )
