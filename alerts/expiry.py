"""The alerts' rows past their time (homesec/expiry.py): deliveries that were not an
alert's (operator alerts, the digest) older than the retention cutoff. An alert's go with
its event."""

from homesec.expiry import Expired, expires

from .models import Delivery


@expires
def expired(cutoff) -> Expired:
    others = Delivery.objects.filter(alert__isnull=True, created_at__lt=cutoff)
    return Expired(rows={"operator and digest deliveries": others})
