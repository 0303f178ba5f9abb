"""The real path: a web request queues a job, a Celery worker renders it with WeasyPrint, the PDF is read back."""

import io

import pytest
from pypdf import PdfReader

from programs.tests.factories import AspirationFactory
from reports import documents, rendering
from reports.models import ReportJob
from reports.tests.conftest import wait_for_job
from reports.tests.factories import FgdSessionFactory, InvitationFactory, approved, plan_with_programs
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _generate(client, kind: str, target, language: str = "id") -> ReportJob:
    response = client.post("/reports/generate/", {"kind": kind, "target": target.pk, "language": language})
    assert response.status_code == 302, response.content[:500]
    return ReportJob.objects.latest("id")


def _pdf_text(client, job: ReportJob) -> tuple[PdfReader, str]:
    response = client.get(f"/reports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_draft_plan_is_rendered_by_the_worker_with_programs_totals_codes_and_draft_mark(
    celery_worker, client_for, manager
):
    plan = plan_with_programs(programs=3, activities=2, aspirations=2)
    codes = list(plan.programs.values_list("aspirations__tracking_code", flat=True))
    client = client_for(manager)

    job = wait_for_job(_generate(client, "plan_pdf", plan).pk)

    assert job.status == "done", job.error_message
    assert job.progress == 100 and job.attempts == 1 and job.rendered_status == "draft"
    assert job.started_at <= job.finished_at
    reader, text = _pdf_text(client, job)
    assert len(reader.pages) == job.page_count > 8
    assert job.file_size > 10_000 and len(job.checksum) == 64
    for program in plan.programs.all():
        assert program.name in text
    assert "Rp 900.000.000" in text  # the total: 3 programs x 2 activities x Rp 150.000.000
    assert "Rp 300.000.000" in text  # one program
    for code in codes:
        assert code in text
    assert f"Halaman 2 dari {job.page_count}" in text  # the cover has no number
    assert f"Halaman {job.page_count} dari {job.page_count}" in text
    assert "DRAFT" in text


def test_an_approved_plan_has_no_draft_mark_and_its_pdf_is_reused(celery_worker, client_for, manager):
    plan = approved(plan_with_programs(programs=2), by=manager)
    client = client_for(manager)

    first = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    assert first.status == "done", first.error_message
    _reader, text = _pdf_text(client, first)
    assert "DRAFT" not in text
    assert plan.programs.first().name in text

    second = _generate(client, "plan_pdf", plan)
    assert second.status == "done" and second.reused_from_id == first.pk
    assert (second.file.name, second.checksum, second.page_count) == (first.file.name, first.checksum, first.page_count)
    assert _pdf_text(client, second)[1] == text

    english = wait_for_job(_generate(client, "plan_pdf", plan, language="en").pk)
    assert english.reused_from_id is None and english.language == "en"
    assert "Page 2 of" in _pdf_text(client, english)[1]


def test_a_draft_is_rendered_afresh_each_time(celery_worker, client_for, manager):
    plan = plan_with_programs(programs=1)
    client = client_for(manager)
    first = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    second = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    assert first.status == second.status == "done"
    assert second.reused_from_id is None and second.file.name != first.file.name


def test_fgd_minutes_have_the_attendance_list_agenda_and_aspirations(celery_worker, client_for, officer):
    session = FgdSessionFactory()
    for name in ["Budi Santoso", "Siti Aminah"]:
        InvitationFactory(session=session, stakeholder=StakeholderFactory(name=name))
    InvitationFactory(session=session, attendance="absent", stakeholder=StakeholderFactory(name="Tidak Hadir"))
    aspiration = AspirationFactory(session=session, title="Bank sampah di Balikpapan Barat")
    client = client_for(officer)

    job = wait_for_job(_generate(client, "fgd_minutes_pdf", session).pk)

    assert job.status == "done", job.error_message
    _reader, text = _pdf_text(client, job)
    assert "DAFTAR HADIR" in text.upper()
    assert "Budi Santoso" in text and "Siti Aminah" in text and "Tidak Hadir" not in text
    assert "Paparan Renstra" in text  # agenda
    assert "Bappedalitbang" in text  # agreements
    assert aspiration.tracking_code in text and "Bank sampah" in text
    assert "2 dari 3 undangan hadir" in text  # issue 11 item 4: the one figures sentence


def test_a_render_that_raises_fails_the_job_with_a_message_and_retry_works(
    celery_worker, client_for, manager, monkeypatch
):
    plan = plan_with_programs(programs=1)
    client = client_for(manager)

    def broken(**kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(documents, "plan_pdf", broken)
    job = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    assert job.status == "failed"
    assert f"#{job.pk}" in job.error_message and "template exploded" not in job.error_message
    page = client.get(f"/reports/{job.pk}/").content.decode()
    assert job.error_message in page and f"/reports/{job.pk}/retry/" in page

    monkeypatch.undo()
    assert client.post(f"/reports/{job.pk}/retry/").status_code == 302
    job = wait_for_job(job.pk)
    assert job.status == "done" and job.attempts == 2 and job.error_message == ""


def test_a_transient_error_is_retried_then_succeeds(celery_worker, client_for, manager, monkeypatch):
    plan = plan_with_programs(programs=1)
    real = rendering.html_to_pdf
    calls = []

    def flaky(html, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("storage briefly unreachable")
        return real(html, **kwargs)

    monkeypatch.setattr("reports.services.html_to_pdf", flaky)
    job = wait_for_job(_generate(client_for(manager), "plan_pdf", plan).pk)
    assert job.status == "done" and job.attempts == 2 and len(calls) == 2


def test_a_transient_error_that_persists_fails_after_the_retry_limit(celery_worker, client_for, manager, monkeypatch):
    plan = plan_with_programs(programs=1)

    def down(html, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reports.services.html_to_pdf", down)
    job = wait_for_job(_generate(client_for(manager), "plan_pdf", plan).pk)
    assert job.status == "failed" and job.attempts == 4
    assert "4" in job.error_message and "OSError" in job.error_message
