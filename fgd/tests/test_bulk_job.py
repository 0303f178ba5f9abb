"""A bulk status change of many aspirations: small selections at once, big ones as a job the worker
applies in batches (history and messages in each batch's transaction), with the refused ones listed.
End to end with a real Celery worker and the real SMTP server: every submitter hears once."""

import time
from collections import Counter

import pytest
from django.utils import timezone

from fgd.models import Aspiration, AspirationStatusChange, BulkTransitionJob
from fgd.services import aspirations as services
from fgd.services.aspirations import aspiration_transition_many, bulk_job_run, new_tracking_code
from notifications.models import Message
from stakeholders.services import PRIVACY_NOTICE_VERSION

Status = Aspiration.Status


def _make(n: int, word: str = "Lampu", status: str = Status.RECEIVED) -> list[Aspiration]:
    """n aspirations whose submitters gave an e-mail and consent (half in Indonesian, half in English)."""
    now = timezone.now()
    return Aspiration.objects.bulk_create(
        Aspiration(
            tracking_code=new_tracking_code(),
            title=f"{word} jalan RT {i}",
            description="Jalan gelap di malam hari.",
            source=Aspiration.Source.PUBLIC_FORM,
            status=status,
            submitter_name=f"Warga {i}",
            submitter_email=f"warga{i}@example.org",
            contact_language="id" if i % 2 else "en",
            consent_given_at=now,
            consent_notice_version=PRIVACY_NOTICE_VERSION,
        )
        for i in range(n)
    )


def _wait_for(predicate, seconds=120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
def test_a_small_selection_changes_at_once_with_history_and_messages(client_for, officer):
    a, b, c = _make(3)
    response = client_for(officer).post(
        "/aspirations/bulk/", {"ids": [a.pk, b.pk, c.pk], "action": "accepted", "next": "/aspirations/"}
    )
    assert response.status_code == 302 and response["Location"] == "/aspirations/"
    assert not BulkTransitionJob.objects.exists()
    assert set(Aspiration.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert AspirationStatusChange.objects.filter(to_status=Status.ACCEPTED, changed_by=officer).count() == 3
    assert Message.objects.filter(status=Message.Status.QUEUED).count() == 3


@pytest.mark.django_db
def test_a_big_selection_answers_at_once_with_the_job_page(client_for, officer, settings, django_assert_num_queries):
    settings.ASPIRATION_BULK_BACKGROUND = 5
    _make(8, word="Lampu")
    _make(4, word="Sumur")
    client = client_for(officer)
    response = client.post(
        "/aspirations/bulk/",
        {"everything": "on", "query": "q=Lampu&status=received", "action": "accepted", "next": "/aspirations/?q=Lampu"},
    )
    job = BulkTransitionJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.total == 8 and job.status == BulkTransitionJob.Status.QUEUED and job.created_by == officer
    assert set(Aspiration.objects.values_list("status", flat=True)) == {Status.RECEIVED}  # the worker's part
    with django_assert_num_queries(4):  # the user with their role, the bell, the job with its requester
        page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="bulk-progress"' in html and '<meta http-equiv="refresh"' in html
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="bulk-progress"') and "<html" not in fragment


@pytest.mark.django_db
def test_the_worker_lists_what_the_workflow_refuses_and_changes_the_rest(client_for, officer, monkeypatch):
    monkeypatch.setattr(services, "BULK_BATCH", 4)
    open_ones = _make(7)
    done = _make(2, word="Selesai", status=Status.DONE)
    job = BulkTransitionJob.objects.create(
        to_status=Status.ACCEPTED,
        aspiration_ids=sorted(a.pk for a in open_ones + done),
        created_by=officer,
        queued_at=timezone.now(),
    )
    finished = bulk_job_run(job_id=job.pk)
    assert finished.status == BulkTransitionJob.Status.DONE and (finished.done, finished.position) == (7, 9)
    assert {row["code"] for row in finished.skipped} == {a.tracking_code for a in done}
    assert all("tidak dapat menjadi" in row["reason"] for row in finished.skipped)  # the workflow's own words
    assert Message.objects.count() == 7
    html = client_for(officer).get(job.get_absolute_url()).content.decode()
    assert 'data-testid="bulk-done"' in html and done[0].tracking_code in html


@pytest.mark.django_db
def test_a_job_claimed_again_goes_on_from_its_last_batch(officer, monkeypatch):
    """A worker killed after two batches committed: the next claim starts at the third."""
    monkeypatch.setattr(services, "BULK_BATCH", 3)
    rows = _make(8)
    ids = [a.pk for a in rows]
    aspiration_transition_many(ids=ids[:6], to_status=Status.ACCEPTED, by=officer)  # the two batches written
    job = BulkTransitionJob.objects.create(
        to_status=Status.ACCEPTED, aspiration_ids=ids, position=6, done=6, created_by=officer, queued_at=timezone.now()
    )
    finished = bulk_job_run(job_id=job.pk)
    assert (finished.done, finished.skipped) == (8, [])
    assert AspirationStatusChange.objects.filter(to_status=Status.ACCEPTED).count() == 8
    assert Message.objects.count() == 8  # one per aspiration, none twice


@pytest.mark.django_db(transaction=True)
def test_500_through_the_web_and_the_real_worker_each_submitter_hears_once(
    celery_worker, smtp_server, client_for, officer, settings
):
    settings.ASPIRATION_BULK_BACKGROUND = 200
    _make(500)
    client = client_for(officer)
    response = client.post(
        "/aspirations/bulk/", {"everything": "on", "query": "status=received", "action": "accepted", "next": ""}
    )
    job = BulkTransitionJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert _wait_for(lambda: BulkTransitionJob.objects.get().status == BulkTransitionJob.Status.DONE)
    assert _wait_for(lambda: Message.objects.filter(status=Message.Status.SENT).count() == 500)
    job.refresh_from_db()
    assert (job.done, job.skipped) == (500, [])
    received = Counter(m["X-Csrplan-Key"] for m in smtp_server.messages)
    assert len(received) == 500 and set(received.values()) == {1}
    assert set(Message.objects.values_list("idempotency_key", flat=True)) == set(received)
    english = [m for m in smtp_server.messages if m["To"] == "warga0@example.org"][0]
    assert english["Subject"].startswith("Your aspiration") and "accepted" in english["Subject"]
    assert 'data-testid="bulk-done"' in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_bulk_change_costs_the_same_few_queries_for_10_or_60_aspirations(officer, django_assert_num_queries):
    """Set-based: lock the rows, insert the history, update the statuses, insert the messages."""
    small, big = _make(10), _make(60, word="Sumur")
    with django_assert_num_queries(6):  # + the savepoint and its release
        assert aspiration_transition_many(ids=[a.pk for a in small], to_status=Status.ACCEPTED, by=officer).done == 10
    with django_assert_num_queries(6):
        assert aspiration_transition_many(ids=[a.pk for a in big], to_status=Status.ACCEPTED, by=officer).done == 60
    assert Message.objects.count() == 70
