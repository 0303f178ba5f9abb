from celery import shared_task

from .imports import import_job_apply
from .models import ImportJob


@shared_task
def import_apply_task(job_id: int) -> None:
    """Write a confirmed big import in the background; a failure is recorded on the job, which can be retried."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        import_job_apply(job=job)
    except Exception as error:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, failure=str(error)[:2000])
        raise
