"""The detection app's rows and files past their time (homesec/expiry.py): uploads older
than the cutoff with their detections, thumbnails, previews and, by setting, originals;
batches that never became an event; view changes that ended before it."""

from django.conf import settings

from homesec.expiry import Expired, expires

from .models import Batch, Detection, MediaFile, ViewChange
from .thumbnails import preview_name


@expires
def expired(cutoff) -> Expired:
    old = MediaFile.objects.filter(captured_at__lt=cutoff)
    detections = Detection.objects.filter(media__in=old)
    stored = [(settings.MEDIA_ROOT, t) for t in old.values_list("thumbnail_path", flat=True)]
    if settings.RETENTION_DELETE_ORIGINALS:
        stored += [(settings.CAMERA_ROOT, p) for p in old.values_list("path", flat=True)]
    thumbnails = detections.values_list("thumbnail_path", flat=True).distinct()
    stored += [(settings.MEDIA_ROOT, t) for t in thumbnails]
    stored += [(settings.MEDIA_ROOT, preview_name(s)) for s in old.values_list("sha256", flat=True)]
    batches = Batch.objects.filter(opened_at__lt=cutoff, event__isnull=True)
    return Expired(
        rows={
            "batches": batches.exclude(state=Batch.State.OPEN),
            "detections": detections,
            "uploads": old,
            "view changes": ViewChange.objects.filter(ended_at__lt=cutoff),
        },
        stored=stored,
    )
