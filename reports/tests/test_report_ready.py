"""A long PDF rendered by the worker tells the person who asked for it: in the app and by e-mail (as
they chose), with the download link, once per job."""

import time

import pytest

from core.access import Role
from notifications.models import Message, Notification
from notifications.services import message_send, preference_update
from reports.models import ReportJob
from reports.services import report_job_retry
from reports.tests.conftest import wait_for_job
from reports.tests.factories import approved, plan_with_programs

pytestmark = pytest.mark.django_db(transaction=True)


def _generate(client, plan, language="id") -> ReportJob:
    response = client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk, "language": language})
    assert response.status_code == 302, response.content[:500]
    return ReportJob.objects.latest("id")


def _wait_until_sent(pk: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while Message.objects.get(pk=pk).status != Message.Status.SENT:
        assert time.monotonic() < deadline, Message.objects.get(pk=pk).status
        time.sleep(0.1)


def test_the_requester_hears_once_that_the_report_is_ready(celery_worker, client_for, make_user, smtp_server):
    officer = make_user(Role.OFFICER, email="sari@example.id", first_name="Sari")
    other = make_user(Role.OFFICER, "other", email="other@example.id")
    preference_update(user=officer, in_app=True, email=True, language="id")
    plan = plan_with_programs(programs=2)
    client = client_for(officer)

    job = wait_for_job(_generate(client, plan).pk)
    assert job.status == "done", job.error_message

    [notification] = Notification.objects.filter(user=officer)
    assert notification.url == f"/reports/{job.pk}/download/"
    assert notification.title == f"Laporan Anda sudah siap: {plan}"
    assert not Notification.objects.filter(user=other).exists()
    [message] = Message.objects.filter(recipient="sari@example.id")
    message_send(message_id=message.pk)  # the worker sends it too: whoever claims it first, once
    _wait_until_sent(message.pk)
    [mail] = smtp_server.messages
    body = mail.get_content()
    assert mail["Subject"] == f"Laporan Anda sudah siap: {plan}"
    assert f"/reports/{job.pk}/download/" in body and f"({job.page_count} halaman)" in body
    assert client.get(notification.url).status_code == 200

    # The same job rendered again tells nobody a second time: withdrawn as an erasure withdraws a
    # rendered document (failed, `report_jobs_withdraw_for_erasure`), then tried again.
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, error_message="Dokumen ditarik")
    again = wait_for_job(report_job_retry(job=ReportJob.objects.get(pk=job.pk), user=officer).pk)
    assert again.status == "done" and again.pk == job.pk and again.attempts == 2
    assert Notification.objects.filter(user=officer).count() == 1
    assert Message.objects.filter(recipient="sari@example.id").count() == 1


def test_a_reused_rendering_of_an_approved_plan_tells_nobody(celery_worker, client_for, make_user, manager):
    plan = approved(plan_with_programs(programs=1), by=manager)
    first = wait_for_job(_generate(client_for(manager), plan).pk)
    viewer = make_user(Role.VIEWER)
    second = _generate(client_for(viewer), plan)
    assert second.reused_from_id == first.pk
    assert Notification.objects.filter(user=manager).count() == 1
    assert not Notification.objects.filter(user=viewer).exists()
