"""The cameras app's rows past their time (homesec/expiry.py): old rejected uploads."""

from homesec.expiry import Expired, expires

from .models import RejectedUpload


@expires
def expired(cutoff) -> Expired:
    return Expired(rows={"rejected uploads": RejectedUpload.objects.filter(created_at__lt=cutoff)})
