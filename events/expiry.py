"""The events app's rows and files past their time (homesec/expiry.py): events that began
before the cutoff (their alerts go with them), and their clips."""

from homesec.expiry import Expired, expires

from .clips import clips_of
from .models import Event


@expires
def expired(cutoff) -> Expired:
    old = Event.objects.filter(started_at__lt=cutoff)
    return Expired(rows={"events": old}, files=clips_of(old.values_list("pk", flat=True)))
