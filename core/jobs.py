"""One shape for background jobs: the row is the truth, the message only carries its id.

A concrete job model (``stakeholders.ImportJob``, ``reports.ReportJob``) inherits ``BackgroundJob``
and says how to publish its task (``publish_task``). The life of a job::

    queued ──claim──▶ running ──finish──▶ done
      ▲                 │ └────fail────▶ failed ──(person: retry)──▶ queued
      └──requeue/sweep──┘

* ``publish(job)`` sends the message after the transaction commits; a broker that is down is
  logged and left for the sweep (``published_at`` stays empty), the person sees "queued".
* ``claim(pk)`` takes a queued job, or a running one whose claim is stale: its worker process is
  gone (same machine), its heartbeat stopped, or it started longer ago than the hard time limit.
  A stale job is re-claimed at most ``max_attempts`` times, then failed with a reason.
* While a job runs, ``running(pk, token)`` keeps a heartbeat (and the progress) in its own thread
  and database connection, so a long step (a WeasyPrint layout, one big import transaction)
  still shows as alive and its progress shows to the browser.
* ``sweep()`` (celery beat, ``manage.py sweep_jobs`` from cron, and the report pages on the way)
  re-publishes queued jobs nobody took and re-queues or fails stale running ones.
* The task of each kind is declared with ``@job_task()`` and its body is ``run_job_task(...)``
  around the service: a transient error is retried on a fresh connection, and a job the retries
  could not finish is failed with a reason, never left running.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Badge, badges

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


JOB_STATUS_BADGES = badges(
    JobStatus,
    {
        JobStatus.QUEUED: Badge("text-bg-secondary"),
        JobStatus.RUNNING: Badge("text-bg-primary"),
        JobStatus.DONE: Badge("text-bg-success"),
        JobStatus.FAILED: Badge("text-bg-danger"),
    },
)


def heartbeat_seconds() -> int:
    return getattr(settings, "JOB_HEARTBEAT_SECONDS", 15)


def stale_seconds() -> int:
    """A running job whose heartbeat is older than this lost its worker."""
    return getattr(settings, "JOB_STALE_SECONDS", 90)


def republish_seconds() -> int:
    """A queued job published longer ago than this, and still not taken, is published again."""
    return getattr(settings, "JOB_REPUBLISH_SECONDS", settings.CELERY_TASK_TIME_LIMIT + 60)


def new_claim_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def token_process_is_gone(token: str) -> bool:
    """True when the token's worker process ran on this machine and no longer exists."""
    host, _sep, rest = token.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class BackgroundJob(models.Model):
    """Status, progress, times, attempts and error of a job a Celery worker runs."""

    Status = JobStatus
    STATUS_BADGES = JOB_STATUS_BADGES  # a model with more statuses declares its own (ImportJob)
    max_attempts = 3
    # "app_label.task_name" path of the Celery task that takes the job id; set by each model.
    task_path = ""

    status = models.CharField(
        gettext_lazy("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)
    queued_at = models.DateTimeField(gettext_lazy("queued"), null=True, blank=True)
    published_at = models.DateTimeField(gettext_lazy("handed to the queue"), null=True, blank=True)
    started_at = models.DateTimeField(gettext_lazy("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)
    claim_token = models.CharField(gettext_lazy("claimed by"), max_length=100, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("finished"), null=True, blank=True)
    error_message = models.TextField(gettext_lazy("error"), blank=True)

    class Meta:
        abstract = True

    # --- what the pages ask -----------------------------------------------------------------

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def queue_unreachable(self) -> bool:
        """Queued, but the message could not be handed to the broker (yet)."""
        return self.status == JobStatus.QUEUED and self.published_at is None

    @property
    def waiting_long(self) -> bool:
        """Queued and published over a minute ago, still not taken."""
        since = self.published_at or self.queued_at
        return self.status == JobStatus.QUEUED and since is not None and since < timezone.now() - timedelta(minutes=1)

    @property
    def can_retry(self) -> bool:
        """Failed, or queued and nobody took it (the queue was down or lost the message)."""
        return self.status == JobStatus.FAILED or self.queue_unreachable or self.waiting_long

    # --- transitions (conditional UPDATEs: safe with several workers) -----------------------

    @classmethod
    def stale_running(cls, *, now=None) -> Q:
        now = now or timezone.now()
        hard_limit = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        return Q(status=JobStatus.RUNNING) & (
            Q(heartbeat_at__lt=now - timedelta(seconds=stale_seconds())) | Q(started_at__lt=hard_limit)
        )

    @classmethod
    def claim(cls, pk: int) -> str | None:
        """Takes the job for this process; returns the claim token, or None when it is not ours to run.

        A queued job is taken; a running one only when its claim is stale and it has attempts
        left. A stale one with no attempts left is failed with a reason.
        """
        now = timezone.now()
        token = new_claim_token()
        fields = {
            "status": JobStatus.RUNNING,
            "started_at": now,
            "heartbeat_at": now,
            "claim_token": token,
            "finished_at": None,
            "attempts": F("attempts") + 1,
            "error_message": "",
        }
        if cls.objects.filter(pk=pk, status=JobStatus.QUEUED).update(**fields):
            return token
        row = cls.objects.filter(pk=pk, status=JobStatus.RUNNING).values("claim_token", "attempts").first()
        if row is None:
            return None
        stale = cls.objects.filter(cls.stale_running(now=now), pk=pk).exists() or token_process_is_gone(
            row["claim_token"]
        )
        if not stale:
            return None
        if row["attempts"] >= cls.max_attempts:
            cls.fail(pk, _gave_up(cls, pk, row["attempts"]), token=row["claim_token"])
            return None
        taken = cls.objects.filter(pk=pk, status=JobStatus.RUNNING, claim_token=row["claim_token"]).update(**fields)
        if taken:
            logger.warning("%s %s re-claimed from a dead worker (%s)", cls.__name__, pk, row["claim_token"])
        return token if taken else None

    @classmethod
    def set_progress(cls, pk: int, progress: int, token: str = "") -> None:
        rows = cls.objects.filter(pk=pk, status=JobStatus.RUNNING)
        if token:
            rows = rows.filter(claim_token=token)
        rows.update(progress=min(max(int(progress), 0), 99), heartbeat_at=timezone.now())

    @classmethod
    def finish(cls, pk: int, token: str, **fields) -> bool:
        """Done, if the job is still ours (a sweep or another worker may have taken it meanwhile)."""
        return bool(
            cls.objects.filter(pk=pk, status=JobStatus.RUNNING, claim_token=token).update(
                status=JobStatus.DONE, progress=100, finished_at=timezone.now(), error_message="", **fields
            )
        )

    @classmethod
    def fail(cls, pk: int, message, *, token: str = "") -> bool:
        rows = cls.objects.filter(pk=pk).exclude(status=JobStatus.DONE)
        if token:
            rows = rows.filter(claim_token=token)
        return bool(rows.update(status=JobStatus.FAILED, finished_at=timezone.now(), error_message=str(message)))

    @classmethod
    def requeue(cls, pk: int, token: str = "") -> bool:
        """Running → queued, before a retry (a transient error) or by the sweep."""
        rows = cls.objects.filter(pk=pk, status=JobStatus.RUNNING)
        if token:
            rows = rows.filter(claim_token=token)
        return bool(rows.update(status=JobStatus.QUEUED, progress=0, claim_token="", queued_at=timezone.now()))

    @classmethod
    def publish(cls, pk: int) -> None:
        """Sends the task after the transaction commits; a broker that is down is logged, not raised."""
        transaction.on_commit(lambda: cls.publish_now(pk))

    @classmethod
    def publish_now(cls, pk: int) -> bool:
        from django.utils.module_loading import import_string

        task = import_string(cls.task_path)
        try:
            task.apply_async((pk,), retry=False)
        except Exception:  # kombu/redis raise many kinds when the broker is away
            logger.exception("Could not hand %s %s to the queue; the sweep will try again", cls.__name__, pk)
            return False
        cls.objects.filter(pk=pk).update(published_at=timezone.now())
        return True

    # --- the sweep ----------------------------------------------------------------------------

    @classmethod
    def sweep(cls, *, now=None) -> dict[str, int]:
        """Re-publishes queued jobs nobody took; re-queues stale running jobs, or fails them past their attempts."""
        now = now or timezone.now()
        counts = {"republished": 0, "requeued": 0, "failed": 0}
        stale = list(cls.objects.filter(cls.stale_running(now=now)).values_list("pk", "attempts", "claim_token"))
        for pk, attempts, token in stale:
            if attempts >= cls.max_attempts:
                if cls.objects.filter(pk=pk, status=JobStatus.RUNNING, claim_token=token).exists():
                    counts["failed"] += cls.fail(pk, _gave_up(cls, pk, attempts), token=token)
            elif cls.requeue(pk, token=token):
                cls.objects.filter(pk=pk).update(published_at=None)
                cls.publish_now(pk)  # if the broker is down too, the next sweep sends it
                counts["requeued"] += 1
        lost = cls.objects.filter(status=JobStatus.QUEUED).filter(
            Q(published_at__isnull=True, queued_at__lt=now - timedelta(seconds=5))
            | Q(published_at__lt=now - timedelta(seconds=republish_seconds()))
        )
        for pk in lost.values_list("pk", flat=True):
            counts["republished"] += cls.publish_now(pk)
        if any(counts.values()):
            logger.warning("Swept %s: %s", cls.__name__, counts)
        return counts


def _job_language(model: type[BackgroundJob], pk: int):
    """The job's own language (a model with a ``language`` field, as ReportJob), else the site's."""
    language = None
    if any(f.name == "language" for f in model._meta.fields):
        language = model.objects.filter(pk=pk).values_list("language", flat=True).first()
    return translation.override(language or settings.LANGUAGE_CODE)


def _gave_up(model, pk: int, attempts: int) -> str:
    with _job_language(model, pk):
        return _(
            "The worker running this job stopped before it finished (it was restarted or ran out of time), "
            "%(tries)s times. Try again; if it keeps happening, ask an administrator to check the workers."
        ) % {"tries": attempts}


def job_models() -> list[type[BackgroundJob]]:
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


def sweep_all(*, now=None) -> dict[str, dict[str, int]]:
    """The periodic sweep over every kind of background job (celery beat and `manage.py sweep_jobs`)."""
    return {model._meta.label: model.sweep(now=now) for model in job_models()}


@contextlib.contextmanager
def running(model: type[BackgroundJob], pk: int, token: str) -> Iterator[dict]:
    """While the block runs, a thread with its own connection beats the heartbeat and writes
    ``state["progress"]`` (so progress shows even inside one long transaction)."""
    state: dict = {"progress": None}
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                fields = {"heartbeat_at": timezone.now()}
                if state["progress"] is not None:
                    fields["progress"] = min(max(int(state["progress"]), 0), 99)
                model.objects.filter(pk=pk, status=JobStatus.RUNNING, claim_token=token).update(**fields)
        except Exception:
            logger.exception("Heartbeat of %s %s stopped", model.__name__, pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=heartbeat_seconds() + 10)


def drop_dead_connection() -> None:
    """Before touching the database after a connection error: a dead connection is closed, so the
    next query opens a new one (Django does this between requests, not inside a task)."""
    if connection.in_atomic_block:
        return  # inside a transaction (a test's): not ours to close
    if connection.connection is not None and not connection.is_usable():
        connection.close()


# --- the Celery task of each kind of job -------------------------------------------------------

# The database went away for a moment (restarted, the connection dropped): worth another try.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
JOB_TASK_MAX_RETRIES = 3


def job_task():
    """Declares the Celery task of a kind of job: bound (it retries itself), ``acks_late`` and
    ``reject_on_worker_lost`` (a worker that dies mid-job leaves its message to be redelivered; the
    claim then decides whether the job runs again), the project's time limits."""
    return shared_task(
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=JOB_TASK_MAX_RETRIES,
        soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
    )


def run_job_task(
    task,
    model: type[BackgroundJob],
    job_id: int,
    run: Callable[..., object],
    *,
    name: str,
    gave_up: Callable[[Exception, int], str],
    transient: tuple[type[Exception], ...] = TRANSIENT_ERRORS,
    retry_base_seconds: float = 2,
    fail_other_errors: bool = False,
) -> None:
    """The body of a job task (``@job_task()``): ``run(job_id=job_id)``, the service that claims and
    does the job, with what every kind does when it breaks.

    A ``transient`` error: the dead connection is dropped, the job goes back to queued and the task
    retries after ``retry_base_seconds`` × 1, 2, 4; after the last try the job fails with
    ``gave_up(error, tries)``, worded in the job's language. Any other error is the service's to
    record and propagates, unless ``fail_other_errors``: then it is logged and fails the job with
    the same ``gave_up`` (a service that does not catch its own errors: its job is never left
    running). ``name`` begins the log lines ("Report job 12 hit a transient error …"), which go
    to the task module's logger.
    """
    log = logging.getLogger(task.__module__)
    try:
        run(job_id=job_id)
    except transient as error:
        # A dropped connection stays dead inside a task: closed before the retry path writes, so
        # the next query opens a fresh one.
        drop_dead_connection()
        tries = task.request.retries + 1
        log.warning("%s %s hit a transient error (try %s): %r", name, job_id, tries, error)
        if task.request.retries < task.max_retries:
            model.requeue(job_id)
            raise task.retry(exc=error, countdown=retry_base_seconds * 2**task.request.retries) from error
        with _job_language(model, job_id):
            model.fail(job_id, gave_up(error, tries))
    except Exception as error:
        if not fail_other_errors:
            raise
        log.exception("%s %s failed", name, job_id)
        with _job_language(model, job_id):
            model.fail(job_id, gave_up(error, task.request.retries + 1))
