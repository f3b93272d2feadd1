"""Ops' rows past their time (homesec/expiry.py): GPU readings and performance samples
older than HOMESEC_GPU_HISTORY_DAYS."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from homesec.expiry import Expired, expires

from .models import GpuSample, PerformanceSample


@expires
def expired(cutoff) -> Expired:
    samples = timezone.now() - timedelta(days=settings.GPU_HISTORY_DAYS)
    return Expired(
        rows={
            "GPU samples": GpuSample.objects.filter(at__lt=samples),
            "performance samples": PerformanceSample.objects.filter(at__lt=samples),
        }
    )
