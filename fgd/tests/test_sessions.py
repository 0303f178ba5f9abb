"""FGD sessions: create and edit, status, the lock on final minutes and the manager's reopen, the pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.page_cache import bump_staff_version
from fgd.models import FgdSession, Invitation, SessionEvent
from fgd.selectors.sessions import ASPIRATIONS_SHOWN, next_session_start, session_list
from fgd.services import sessions as services
from fgd.tests.session_factories import (
    FgdSessionFactory,
    InvitationFactory,
    SessionAspirationFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

FORM = {
    "title": "FGD Penyusunan Rencana Kerja TJSL 2026",
    "theme": "Renstra 2025–2029",
    "starts_at": "2026-02-10T09:00",
    "venue": "Banua Patra, Balikpapan",
    "facilitators": "Dr. Rina Puspitasari, Agus Salim",
    "organiser": "Fungsi CSR Kilang Balikpapan",
    "agenda": "Pembukaan\nPaparan Renstra\nDiskusi kelompok",
}


def test_an_officer_creates_a_session_with_a_short_unique_public_code(client_for, officer):
    response = client_for(officer).post(reverse("fgd:create"), FORM)
    session = FgdSession.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("fgd:detail", args=[session.pk])
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}", session.public_code)
    assert session.created_by == officer and session.status == FgdSession.Status.PLANNED
    assert SessionEvent.objects.filter(session=session, action="created").exists()


def test_the_time_typed_is_wita(client_for, officer):
    client_for(officer).post(reverse("fgd:create"), FORM)
    session = FgdSession.objects.get()
    assert session.starts_at == dt.datetime(2026, 2, 10, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA = 01:00 UTC


def test_public_codes_are_unique(officer):
    codes = {services.session_create(created_by=officer, **_fields(n)).public_code for n in range(50)}
    assert len(codes) == 50


def _fields(n: int = 0) -> dict:
    return {"title": f"FGD {n}", "starts_at": timezone.now(), "venue": "Banua Patra"}


def test_a_bad_form_keeps_what_was_typed(client_for, officer):
    response = client_for(officer).post(reverse("fgd:create"), {**FORM, "starts_at": "kemarin"})
    assert response.status_code == 200
    assert FgdSession.objects.count() == 0
    assert FORM["agenda"].split("\n")[1] in response.content.decode()
    assert "is-invalid" in response.content.decode()


def test_the_session_walks_planned_held_final(officer):
    session = services.session_create(created_by=officer, **_fields())
    with pytest.raises(services.SessionError) as refused:
        services.session_finalise_minutes(session=session, by=officer)
    assert refused.value.code == "status"
    services.session_mark_held(session=session, by=officer)
    with pytest.raises(services.SessionError) as refused:
        services.session_finalise_minutes(session=session, by=officer)
    assert refused.value.code == "summary"
    services.session_update(session=session, summary="Disepakati 25 aspirasi.")
    session = services.session_finalise_minutes(session=session, by=officer)
    assert session.status == FgdSession.Status.MINUTES_FINAL and session.minutes_finalised_by == officer
    assert list(session.events.values_list("action", flat=True)) == ["finalised", "held", "created"]


@pytest.fixture
def final_session(officer):
    session = FgdSessionFactory(
        status=FgdSession.Status.MINUTES_FINAL, summary="Ringkasan", minutes_finalised_by=officer
    )
    InvitationFactory(session=session)
    return session


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fgd:edit", FORM),
        ("fgd:minutes", {"summary": "diubah", "discussion_points": "", "agreements": ""}),
        ("fgd:invite", {"all_matching": "1"}),
        ("fgd:walk_in", {"name": "Pak Budi", "organization_type": "other"}),
        ("fgd:attachment_upload", {}),
        ("fgd:capture", {"who": "", "title": "Bank sampah"}),
        ("fgd:mark_held", {}),
        ("fgd:finalise", {}),
    ],
)
def test_every_edit_of_a_final_session_is_refused_with_a_clear_message(name, data, client_for, officer, final_session):
    before = FgdSession.objects.get(pk=final_session.pk)
    client = client_for(officer)
    response = client.post(reverse(name, args=[final_session.pk]), data, follow=True)
    assert "record is locked" in response.content.decode() or "terkunci" in response.content.decode()
    after = FgdSession.objects.get(pk=final_session.pk)
    assert (after.title, after.summary, after.status) == (before.title, before.summary, before.status)
    assert after.invitations.count() == 1 and after.aspirations.count() == 0 and after.attachments.count() == 0


def test_attendance_of_a_final_session_cannot_change(client_for, officer, final_session):
    invitation = final_session.invitations.get()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(invitation.pk),
        "form-0-response": "accepted",
        "form-0-attendance": "present",
        "form-0-represented_by": "",
    }
    client_for(officer).post(reverse("fgd:attendance", args=[final_session.pk]), data)
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.UNKNOWN
    with pytest.raises(services.SessionLocked):
        services.session_attendance_record(session=final_session, invitations=[invitation], by=officer)


def test_an_officer_cannot_reopen_final_minutes(client_for, officer, final_session):
    response = client_for(officer).post(reverse("fgd:reopen", args=[final_session.pk]), {"reason": "salah ketik"})
    assert response.status_code == 403
    assert FgdSession.objects.get(pk=final_session.pk).is_locked


def test_a_manager_reopens_with_a_reason_that_is_recorded_and_shown(client_for, manager, final_session):
    client = client_for(manager)
    response = client.post(reverse("fgd:reopen", args=[final_session.pk]), {"reason": ""})
    assert FgdSession.objects.get(pk=final_session.pk).is_locked
    response = client.post(
        reverse("fgd:reopen", args=[final_session.pk]), {"reason": "Nama peserta salah ketik"}, follow=True
    )
    session = FgdSession.objects.get(pk=final_session.pk)
    assert session.status == FgdSession.Status.HELD and session.minutes_finalised_at is None
    event = session.events.get(action="reopened")
    assert event.actor == manager and event.note == "Nama peserta salah ketik"
    assert "Nama peserta salah ketik" in response.content.decode()


def test_the_session_page_shows_counts(client_for, viewer):
    session = FgdSessionFactory()
    present = InvitationFactory.create_batch(3, session=session, attendance=Invitation.Attendance.PRESENT)
    InvitationFactory(
        session=session,
        stakeholder=StakeholderFactory(organization=present[0].stakeholder.organization),
        attendance=Invitation.Attendance.REPRESENTED,
        represented_by="Ibu Sari",
    )
    InvitationFactory(session=session, attendance=Invitation.Attendance.ABSENT)
    response = client_for(viewer).get(reverse("fgd:detail", args=[session.pk]))
    html = response.content.decode()
    assert re.search(r'data-testid="count-invited">5<', html)
    assert re.search(r'data-testid="count-attended">4<', html)
    assert re.search(r'data-testid="count-organizations">3<', html)
    assert "Ibu Sari" in html


def test_the_list_splits_upcoming_and_past(client_for, viewer):
    FgdSessionFactory(title="FGD lalu", starts_at=timezone.now() - dt.timedelta(days=30))
    FgdSessionFactory(title="FGD nanti", starts_at=timezone.now() + dt.timedelta(days=30))
    html = client_for(viewer).get(reverse("fgd:list")).content.decode()
    upcoming, past = html.split('data-testid="sessions-upcoming"')[1].split('data-testid="sessions-past"')
    assert "FGD nanti" in upcoming and "FGD lalu" not in upcoming and "FGD lalu" in past


def _populate(n: int):
    sessions = FgdSessionFactory.create_batch(n)
    for i, session in enumerate(sessions):
        InvitationFactory(session=session, attendance=Invitation.Attendance.PRESENT)
        SessionAspirationFactory(session=session, tracking_code=f"ASP-L{i:03d}-LIST")
    return sessions


@pytest.mark.parametrize("rows", [5, 500])
def test_the_list_runs_a_constant_number_of_queries(rows, client_for, viewer, django_assert_num_queries):
    _populate(rows)
    client = client_for(viewer)
    client.get(reverse("fgd:list"))  # warm the session and the role cache
    bump_staff_version()  # the page itself is measured, not its cached copy (core/page_cache.py)
    # savepoint, the user with their role, the list (one query with all its counts; when the next FGD
    # starts, the cached page's end, is read from it), release
    with django_assert_num_queries(4):
        response = client.get(reverse("fgd:list"))
    assert response.content.decode().count('href="/fgd/') >= rows


@pytest.mark.parametrize(("search", "minutes_pending"), [("", False), ("FGD", False), ("", True)])
def test_the_next_start_read_from_the_list_is_the_one_the_query_finds(search, minutes_pending):
    """Unfiltered, the list holds every session, so it gives when the next one without final minutes
    starts; filtered, the query does (the list may not hold that session)."""
    now = timezone.now()
    FgdSessionFactory(title="FGD lalu", starts_at=now - dt.timedelta(days=3))
    FgdSessionFactory(title="Rapat final", starts_at=now + dt.timedelta(days=1), status=FgdSession.Status.MINUTES_FINAL)
    FgdSessionFactory(title="Rapat warga", starts_at=now + dt.timedelta(days=2))
    FgdSessionFactory(title="FGD nanti", starts_at=now + dt.timedelta(days=5))
    listed = session_list(search=search, minutes_pending=minutes_pending)
    assert listed.next_start == next_session_start() == now + dt.timedelta(days=2)
    FgdSession.objects.filter(starts_at__gt=now).delete()
    assert session_list(search=search, minutes_pending=minutes_pending).next_start is None


@pytest.mark.parametrize("rows", [5, 500])
def test_the_session_page_runs_a_constant_number_of_queries(rows, client_for, officer, django_assert_num_queries):
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    stakeholders = StakeholderFactory.create_batch(rows)
    Invitation.objects.bulk_create(
        Invitation(session=session, stakeholder=s, attendance=Invitation.Attendance.PRESENT) for s in stakeholders
    )
    for i, stakeholder in enumerate(stakeholders):
        SessionAspirationFactory(session=session, stakeholder=stakeholder, tracking_code=f"ASP-Q{i:03d}-PAGE")
    client = client_for(officer)
    client.get(reverse("fgd:detail", args=[session.pk]))
    bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
    # savepoint, the user with their role; the FGD, invitations, aspirations, attachments, events, categories,
    # the capture panel's places (issue 11 item 2: the officer may change the aspiration's place); release
    with django_assert_num_queries(10):
        response = client.get(reverse("fgd:detail", args=[session.pk]))
    html = response.content.decode()
    assert html.count("ASP-Q") == min(rows, ASPIRATIONS_SHOWN)  # the latest ones; the triage queue has all
    assert f'data-testid="aspiration-count">{rows}<' in html
    assert html.count('data-testid="participant"') == rows
