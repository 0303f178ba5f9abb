from core import jobs

from .imports import import_job_apply
from .models import ImportJob


@jobs.job_task()
def import_apply_task(self, job_id: int) -> None:
    """Write a confirmed big import in the background, all or nothing (imports.import_job_apply).

    A failure is recorded on the job, which can be retried; a transient database error is retried
    here on a fresh connection; a worker killed mid-import leaves the job to be re-claimed by the
    redelivered message or the sweep (core.jobs)."""
    jobs.run_job_task(self, ImportJob, job_id, import_job_apply, name="Import", gave_up=_reason)


def _reason(error: Exception, _tries: int) -> str:
    return str(error)[:2000]
