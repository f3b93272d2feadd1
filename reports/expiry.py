"""The reports' rows and files past their time (homesec/expiry.py): exports past their
day, and their files."""

from django.conf import settings
from django.utils import timezone

from homesec.expiry import Expired, expires

from .models import ExportJob


@expires
def expired(cutoff) -> Expired:
    gone = ExportJob.objects.filter(expires_at__lt=timezone.now())
    files = gone.values_list("file", flat=True)
    return Expired(rows={"expired exports": gone}, stored=[(settings.MEDIA_ROOT, f) for f in files])
