"""``/ws/jobs/<id>/``: one background job's progress, for its owner (reports/jobs.py)."""

from asgiref.sync import sync_to_async

from events.consumers import LiveConsumer

from . import jobs
from .models import ExportJob


def _owned(job_id, user) -> ExportJob | None:
    return ExportJob.objects.filter(pk=job_id, owner=user).first()


class JobConsumer(LiveConsumer):
    """Refused (HTTP 403) unless the login owns the job; sent its state at once, then
    each ``job_progress`` and ``log`` message as the job goes."""

    async def connect(self):
        user = self.scope.get("user")
        job_id = self.scope["url_route"]["kwargs"]["job_id"]
        self.job = None
        if user is not None and user.is_authenticated:
            self.job = await sync_to_async(_owned)(job_id, user)
        if self.job is None:
            await self.close()
            return
        self.group = jobs.group_of(self.job.pk)
        await super().connect()

    async def opened(self):
        await self.job.arefresh_from_db()
        await self.send_json(jobs.message("job_progress", jobs.progress_data(self.job)))
