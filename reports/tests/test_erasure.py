"""Erasure (UU PDP art. 8) reaches rendered documents: no PDF that prints an erased person's name is
downloaded or reused afterwards; rendering again leaves them out (issue 16, finding 8)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from programs.models import ProgramPartner
from reports import services
from reports.models import ReportJob
from reports.tests.conftest import wait_for_job
from reports.tests.factories import FgdSessionFactory, InvitationFactory, ReportJobFactory, approved, plan_with_programs
from reports.tests.test_pipeline import _generate, _pdf_text
from stakeholders.models import Stakeholder
from stakeholders.tests.factories import StakeholderFactory

NAME = "Rina Wati"


def _erase(client, person):
    response = client.post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": NAME})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_minutes_of_an_fgd_they_attended_are_withdrawn_and_render_again_without_them(
    celery_worker, client_for, manager
):
    session = FgdSessionFactory()
    person = StakeholderFactory(name=NAME)
    InvitationFactory(session=session, stakeholder=person)
    InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Budi Santoso"))
    client = client_for(manager)
    job = wait_for_job(_generate(client, "fgd_minutes_pdf", session).pk)
    assert job.status == "done", job.error_message
    assert NAME in _pdf_text(client, job)[1]
    file_name = job.file.name

    _erase(client, person)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.file.name == ""
    assert "dihapus" in job.error_message  # the job's language: Indonesian
    assert not default_storage.exists(file_name)
    assert client.get(f"/reports/{job.pk}/download/").status_code == 404
    # "Try again" renders the minutes without the name (the attendance still counts them).
    client.post(f"/reports/{job.pk}/retry/")
    again = wait_for_job(job.pk)
    assert again.status == "done", again.error_message
    text = _pdf_text(client, again)[1]
    assert NAME not in text and "Budi Santoso" in text


@pytest.mark.django_db(transaction=True)
def test_an_approved_plan_naming_them_as_partner_is_not_reused(celery_worker, client_for, manager):
    plan = approved(plan_with_programs(programs=1, aspirations=0), by=manager)
    person = StakeholderFactory(name=NAME)
    ProgramPartner.objects.create(program=plan.programs.get(), stakeholder=person, role="implementer")
    client = client_for(manager)
    first = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    assert first.status == "done", first.error_message
    reused = _generate(client, "plan_pdf", plan)
    assert reused.reused_from_id == first.pk
    assert NAME in _pdf_text(client, first)[1]

    _erase(client, person)

    first.refresh_from_db()
    reused.refresh_from_db()
    assert first.status == reused.status == ReportJob.Status.FAILED
    fresh = wait_for_job(_generate(client, "plan_pdf", plan).pk)
    assert fresh.reused_from_id is None and fresh.status == "done", fresh.error_message
    assert NAME not in _pdf_text(client, fresh)[1]


@pytest.mark.django_db
def test_the_reuse_check_itself_refuses_a_rendering_older_than_a_partners_erasure(manager, settings):
    """Even if a file survived (a storage outage during the erasure), the reuse check does not hand it out."""
    plan = approved(plan_with_programs(programs=1, aspirations=0), by=manager)
    person = StakeholderFactory(name=NAME)
    ProgramPartner.objects.create(program=plan.programs.get(), stakeholder=person, role="implementer")
    default_storage.save("reports/old.pdf", ContentFile(b"%PDF-1.7 old"))

    old = ReportJobFactory(
        plan=plan,
        status="done",
        file="reports/old.pdf",
        rendered_status="approved",
        finished_at=timezone.now(),
    )
    assert services._reusable_rendering(plan=plan, language="id") == old
    Stakeholder.objects.filter(pk=person.pk).update(erased_at=timezone.now())  # no hook ran: the file is still there

    assert services._reusable_rendering(plan=plan, language="id") is None


@pytest.mark.django_db
def test_a_render_running_during_the_erasure_is_failed_so_its_file_is_dropped(client_for, manager):
    session = FgdSessionFactory()
    person = StakeholderFactory(name=NAME)
    InvitationFactory(session=session, stakeholder=person)
    running = ReportJobFactory(kind="fgd_minutes_pdf", plan=None, fgd_session=session, status="running")
    other = ReportJobFactory(kind="fgd_minutes_pdf", plan=None, fgd_session=FgdSessionFactory(), status="running")

    _erase(client_for(manager), person)

    running.refresh_from_db()
    other.refresh_from_db()
    assert running.status == ReportJob.Status.FAILED
    assert other.status == ReportJob.Status.RUNNING
