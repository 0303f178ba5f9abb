"""Fast capture of aspirations on the session page (htmx, with a plain-form fallback)."""

import pytest
from django.urls import reverse

from fgd.models import Aspiration, FgdSession, Invitation
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    InvitationFactory(
        session=session,
        stakeholder__name="Hj. Siti Rahmah",
        stakeholder__organization__name="Koperasi KIM",
        attendance=Invitation.Attendance.PRESENT,
    )
    return session


def _who(session) -> str:
    return f"s:{session.invitations.get().stakeholder_id}"


def test_htmx_capture_returns_a_fresh_form_and_the_new_item(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:capture", args=[session.pk]),
        {"who": _who(session), "title": "Pemasaran produk sabut kelapa"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    aspiration = Aspiration.objects.get()
    assert aspiration.source == Aspiration.Source.FGD and aspiration.session == session
    assert aspiration.stakeholder.name == "Hj. Siti Rahmah" and aspiration.organization.name == "Koperasi KIM"
    assert aspiration.created_by == officer and aspiration.status == Aspiration.Status.RECEIVED
    assert aspiration.status_changes.count() == 1
    html = response.content.decode()
    assert "<html" not in html and aspiration.tracking_code in html
    assert reverse("aspirations:detail", args=[aspiration.pk]) in html  # on to triage
    assert 'name="title"' in html and "autofocus" in html
    assert f'value="{_who(session)}" selected' in html  # the same speaker stays chosen


def test_plain_post_redirects_back_to_the_capture_form(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:capture", args=[session.pk]), {"who": _who(session), "title": "Bank sampah"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#capture")
    assert Aspiration.objects.filter(title="Bank sampah").exists()


def test_an_organisation_can_be_credited(client_for, officer, session):
    organization = session.invitations.get().stakeholder.organization
    client_for(officer).post(
        reverse("fgd:capture", args=[session.pk]), {"who": f"o:{organization.pk}", "title": "Pelatihan"}
    )
    aspiration = Aspiration.objects.get()
    assert aspiration.organization == organization and aspiration.stakeholder is None


def test_someone_not_at_this_session_cannot_be_credited(client_for, officer, session):
    outsider = StakeholderFactory()
    response = client_for(officer).post(
        reverse("fgd:capture", args=[session.pk]), {"who": f"s:{outsider.pk}", "title": "Beasiswa"}
    )
    assert response.status_code == 400 and not Aspiration.objects.exists()
    assert 'value="Beasiswa"' in response.content.decode()  # what was typed is kept


def test_a_missing_title_keeps_the_speaker_and_stores_nothing(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:capture", args=[session.pk]), {"who": _who(session), "title": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and not Aspiration.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_viewers_cannot_capture(client_for, viewer, session):
    response = client_for(viewer).post(reverse("fgd:capture", args=[session.pk]), {"who": _who(session), "title": "X"})
    assert response.status_code == 403 and not Aspiration.objects.exists()


def test_the_qr_page_and_short_link_lead_to_the_public_form(client, client_for, viewer, session):
    html = client_for(viewer).get(reverse("fgd:qr", args=[session.pk])).content.decode()
    assert "<svg" in html and f"/aspirations/submit/?session={session.public_code}" in html
    client.logout()
    response = client.get(reverse("fgd:short_link", args=[session.public_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == f"/aspirations/submit/?session={session.public_code}"
    assert client.get(reverse("fgd:short_link", args=["NOPE99"])).status_code == 404


def test_the_qr_svg_file_downloads(client_for, viewer, session):
    response = client_for(viewer).get(reverse("fgd:qr_svg", args=[session.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content
