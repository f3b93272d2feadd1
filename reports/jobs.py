"""Progress of background jobs (exports) to the browsers on ``/ws/jobs/<id>/``.

Each job has its own group. Messages use the envelope of every other socket,
``{"type", "data", "timestamp"}``: ``job_progress`` whenever the job moves on (data:
``job_id, kind, status, progress, total, percent, error, download_url``), and the
reference's ``log`` lines (data: ``timestamp, level, message, context``) as it starts,
ends or fails. A socket that opens late gets the job's state at once."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

log = logging.getLogger(__name__)


def group_of(job_id) -> str:
    return f"job.{job_id}"


def progress_data(job) -> dict:
    done = job.status == job.Status.DONE
    return {
        "job_id": str(job.pk),
        "kind": "export",
        "format": job.format,
        "status": job.status,
        "progress": job.progress,
        "total": job.total,
        "percent": 100 if done else (100 * job.progress // job.total if job.total else 0),
        "error": job.error,
        "size": job.size,
        "download_url": f"/api/exports/{job.pk}/download/" if done else None,
    }


def message(kind: str, data: dict) -> dict:
    return {"type": kind, "data": data, "timestamp": timezone.now().isoformat()}


def send(job_id, kind: str, data: dict) -> None:
    """To the job's sockets; a browser missing one message loses nothing stored."""
    try:
        async_to_sync(get_channel_layer().group_send)(
            group_of(job_id), {"type": "broadcast", "message": message(kind, data)}
        )
    except Exception:
        log.exception("could not send progress of job %s", job_id)


def progress(job) -> None:
    send(job.pk, "job_progress", progress_data(job))


def log_line(job, level: str, text: str, **context) -> None:
    """A line of the job's log, in the reference's ``log`` message."""
    data = {
        "timestamp": timezone.now().isoformat(),
        "level": level,
        "message": text,
        "context": {"job_id": str(job.pk), **context},
    }
    send(job.pk, "log", data)
