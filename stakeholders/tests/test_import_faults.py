"""The import under faults and hostile files (issue 16, findings 2, 3 and 7): only the file's
columns are written, nothing is written unless all of it can be, malformed and oversized files get
a reason (never a 500), and a killed or unsent import is taken up again."""

import io
import socket
import subprocess
import time
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import jobs
from stakeholders import imports
from stakeholders.models import ImportJob, Stakeholder
from stakeholders.tasks import import_apply_task

from .spreadsheets import csv_bytes, scenario_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str = "stakeholders.xlsx"):
    return client.post(reverse("stakeholders:import"), {"file": SimpleUploadedFile(name, content)})


def _import_scenario(client) -> None:
    _upload(client, xlsx_bytes(scenario_rows()))
    client.post(reverse("stakeholders:import_confirm", args=[ImportJob.objects.latest("id").pk]))
    assert Stakeholder.objects.count() == 48


# --- 7a: only the file's columns ------------------------------------------------------------


def test_a_file_with_some_columns_updates_only_those(officer, client_for):
    client = client_for(officer)
    _import_scenario(client)
    before = Stakeholder.objects.get(name="Hj. Rusmiati Mandara")
    assert before.phone and before.email and before.consent_date and before.influence == 3

    row = ["Hj. Rusmiati Mandara", "Koperasi Kriya Inovasi Mandara (KIM)", "Margo Mulyo"]
    _upload(client, csv_bytes([row], header=["name", "organization", "region"]), name="few.csv")
    job = ImportJob.objects.latest("id")
    assert job.status == "ready" and job.columns == ["name", "organization", "region"]
    assert (job.to_create, job.to_update) == (0, 0)  # nothing in those columns changed
    client.post(reverse("stakeholders:import_confirm", args=[job.pk]))

    after = Stakeholder.objects.get(pk=before.pk)
    for field in ("phone", "email", "consent_date", "consent_channel", "influence", "interest", "attitude",
                  "is_local_hero", "position"):  # fmt: skip
        assert getattr(after, field) == getattr(before, field), field


def test_a_file_with_a_changed_position_writes_the_position_and_nothing_else(officer, client_for):
    client = client_for(officer)
    _import_scenario(client)
    before = Stakeholder.objects.get(name="Hj. Rusmiati Mandara")
    row = ["Hj. Rusmiati Mandara", "Koperasi Kriya Inovasi Mandara (KIM)", "Bendahara"]
    _upload(client, csv_bytes([row], header=["name", "organization", "position"]), name="position.csv")
    job = ImportJob.objects.latest("id")
    assert job.status == "ready" and job.to_update == 1  # no region column: the person keeps theirs
    client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    after = Stakeholder.objects.get(pk=before.pk)
    assert after.position == "Bendahara" and after.phone == before.phone and after.region_id == before.region_id
    assert after.email == before.email and after.consent_date == before.consent_date


# --- 7b: lengths checked in the preview; all or nothing -------------------------------------


def test_values_longer_than_the_columns_are_errors_of_their_rows(officer, client_for):
    long_rows = [list(row) for row in scenario_rows()[:3]]
    long_rows[0][0] = "N" * 151
    long_rows[1][2] = "O" * 250
    long_rows[2][6] = "e" * 250 + "@example.com"
    response = _upload(client_for(officer), xlsx_bytes(long_rows))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.rows == []
    messages = {error["row"]: " ".join(error["messages"]) for error in job.errors}
    assert "151 characters long; at most 150 fit" in messages[2]
    assert "250 characters long; at most 200 fit" in messages[3]
    assert "262 characters long; at most 254 fit" in messages[4]
    page = client_for(officer).get(reverse("stakeholders:import_preview", args=[job.pk])).content.decode()
    assert "at most 150 fit" in page
    assert not Stakeholder.objects.exists()


def test_the_background_import_writes_all_rows_or_none(officer, client_for, settings, monkeypatch):
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    monkeypatch.setattr(imports, "CHUNK", 10)
    real = imports._apply_chunk
    calls = []

    def fails_on_the_third_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("value too long for type character varying(150)")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_apply_chunk", fails_on_the_third_chunk)
    client = client_for(officer)
    _upload(client, xlsx_bytes(scenario_rows()))
    job = ImportJob.objects.get()
    client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    with pytest.raises(ValueError):
        import_apply_task(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert job.status == "failed" and "Nothing was imported" in job.error_message
    assert not Stakeholder.objects.exists()  # not 20 of 48

    monkeypatch.setattr(imports, "_apply_chunk", real)
    client.post(reverse("stakeholders:import_confirm", args=[job.pk]))  # confirmed again
    import_apply_task(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and Stakeholder.objects.count() == 48


# --- 7c: malformed CSVs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"name,region\nBudi \x81\x8d\xff,Margo Mulyo\n", "neither UTF-8 nor Windows-1252"),
        (b"name,region\nBu\x00di,Margo Mulyo\n", "NUL bytes"),
        (b'name,region\n"' + b"x" * 140_000 + b'",Margo Mulyo\n', "cannot be read"),
    ],
    ids=["undecodable", "nul", "huge-field"],
)
def test_a_malformed_csv_is_refused_with_a_reason(officer, client_for, content, reason):
    response = _upload(client_for(officer), content, name="bad.csv")
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not ImportJob.objects.exists()


# --- 7d: limits, before parsing -------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(officer, client_for, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1000
    monkeypatch.setattr(imports, "_csv_rows", lambda content: pytest.fail("parsed"))
    response = _upload(client_for(officer), b"name,region\n" + b"Budi,Margo Mulyo\n" * 100, name="big.csv")
    assert "the limit is 1000\xa0bytes" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_row_limit_is_refused(officer, client_for, settings):
    settings.IMPORT_MAX_ROWS = 20
    response = _upload(client_for(officer), xlsx_bytes(scenario_rows()))
    assert "more than 20 rows" in response.content.decode()
    assert not ImportJob.objects.exists()


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A minimal XLSX package whose sheet unpacks to many megabytes (it compresses ~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"<row><c><v>0</v></c></row>" * 40_000
            for _ in range(unpacked_mb):
                sheet.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(officer, client_for, settings, monkeypatch):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
    monkeypatch.setattr(imports, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    content = _zip_bomb(40)
    assert len(content) < 200_000
    response = _upload(client_for(officer), content)
    assert response.status_code == 200 and "unpacks to" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- finding 3: the broker down at confirmation -------------------------------------------------


def test_with_the_broker_down_a_confirmed_import_waits_queued_and_can_be_sent_again(
    officer, client_for, settings, broker_down, django_capture_on_commit_callbacks
):
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    client = client_for(officer)
    _upload(client, xlsx_bytes(scenario_rows()))
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and job.published_at is None
    page = client.get(response["Location"]).content.decode()
    assert "will start by itself when the queue is back" in page
    assert f"/import/{job.pk}/confirm/" in page  # "send it again" is accepted for a job nobody took
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("stakeholders:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"


# --- finding 2: killed mid-import, with a real worker --------------------------------------------


def _wait(job_id: int, timeout: float = 120) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import {job_id} still {job.status}")


def _queued_import(client, settings) -> ImportJob:
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    _upload(client, xlsx_bytes(scenario_rows()))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="queued", queued_at=timezone.now())
    return job


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_import_re_claims_the_job_of_a_killed_worker(transactional_db, officer, client_for, settings):
    job = _queued_import(client_for(officer), settings)
    dead = subprocess.Popen(["true"])
    dead.wait()
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=now, heartbeat_at=now,
        claim_token=f"{socket.gethostname()}:{dead.pid}:killed",
    )  # fmt: skip

    import_apply_task(job.pk)  # the redelivered message

    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and Stakeholder.objects.count() == 48


@pytest.mark.django_db(transaction=True)
def test_the_sweep_takes_up_an_import_whose_worker_died_and_fails_it_past_its_attempts(
    celery_worker, officer, client_for, settings
):
    client = client_for(officer)
    job = _queued_import(client, settings)
    long_ago = timezone.now() - timedelta(minutes=10)
    stale = {"status": "running", "started_at": long_ago, "heartbeat_at": long_ago, "claim_token": "gone:1:x"}
    ImportJob.objects.filter(pk=job.pk).update(attempts=1, **stale)

    assert jobs.sweep_all()["stakeholders.ImportJob"]["requeued"] == 1
    job = _wait(job.pk)
    assert job.status == "done" and Stakeholder.objects.count() == 48

    ImportJob.objects.filter(pk=job.pk).update(attempts=3, **stale)
    assert jobs.sweep_all()["stakeholders.ImportJob"]["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "stopped before it finished" in job.error_message
    page = client.get(reverse("stakeholders:import_preview", args=[job.pk])).content.decode()
    assert f"/import/{job.pk}/confirm/" in page  # it can be confirmed again
