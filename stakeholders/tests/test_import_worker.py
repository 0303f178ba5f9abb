"""The background path of a big import: the request queues it, a real Celery worker writes it."""

import time

import pytest
from django.urls import reverse

from stakeholders import imports
from stakeholders.models import ImportJob, Stakeholder

from .spreadsheets import scenario_rows, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _wait(job_id: int, timeout: float = 120) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import {job_id} still {job.status}")


def _queue(client) -> ImportJob:
    client.post(reverse("stakeholders:import"), {"file": _upload()})
    job = ImportJob.objects.get()
    response = client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    assert response["Location"] == reverse("stakeholders:import_preview", args=[job.pk])
    return job


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scenario.xlsx", xlsx_bytes(scenario_rows()))


def test_the_worker_writes_a_big_import(celery_worker, officer, client_for, settings):
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    job = _wait(_queue(client_for(officer)).pk)
    assert job.status == "done" and job.processed == 48 and job.finished_at
    assert Stakeholder.objects.count() == 48


def test_a_failed_import_says_why_and_can_be_retried(celery_worker, officer, client_for, settings, monkeypatch):
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    real_apply = imports._apply_chunk

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imports, "_apply_chunk", broken)
    client = client_for(officer)
    job = _wait(_queue(client).pk)
    assert job.status == "failed" and "database went away" in job.error_message
    page = client.get(reverse("stakeholders:import_preview", args=[job.pk])).content.decode()
    assert "database went away" in page and f"/import/{job.pk}/confirm/" in page

    monkeypatch.setattr(imports, "_apply_chunk", real_apply)
    client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    job = _wait(job.pk)
    assert job.status == "done" and Stakeholder.objects.count() == 48
