"""Invitations by filters, responses, attendance (present / absent / represented), walk-ins, engagement log."""

import pytest
from django.urls import reverse

from fgd.models import FgdSession, Invitation
from fgd.services import sessions as services
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory
from stakeholders.models import Engagement, Organization, Region, Stakeholder
from stakeholders.tests.factories import OrganizationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return FgdSessionFactory(status=FgdSession.Status.HELD)


def _formset(invitations, changes: dict | None = None) -> dict:
    """POST data of the attendance formset; changes: {invitation.pk: (response, attendance, represented_by)}."""
    data = {"form-TOTAL_FORMS": str(len(invitations)), "form-INITIAL_FORMS": str(len(invitations))}
    for i, inv in enumerate(invitations):
        response, attendance, represented_by = (changes or {}).get(
            inv.pk, (inv.response, inv.attendance, inv.represented_by)
        )
        data |= {
            f"form-{i}-id": str(inv.pk),
            f"form-{i}-response": response,
            f"form-{i}-attendance": attendance,
            f"form-{i}-represented_by": represented_by,
        }
    return data


def _ordered(session):
    return list(session.invitations.order_by("stakeholder__organization__name", "stakeholder__name"))


def test_invite_by_organisation_type_and_search(client_for, officer, session):
    coop = OrganizationFactory(name="Koperasi Kriya Inovasi Mandara", type=Organization.Type.COOPERATIVE)
    kim = StakeholderFactory(name="Hj. Siti Rahmah", organization=coop)
    StakeholderFactory(name="Budi Santoso")  # a community group
    client = client_for(officer)
    page = client.get(reverse("fgd:invite", args=[session.pk]), {"type": "cooperative"})
    assert "Hj. Siti Rahmah" in page.content.decode() and "Budi Santoso" not in page.content.decode()
    client.post(reverse("fgd:invite", args=[session.pk]), {"type": "cooperative", "all_matching": "1"})
    assert list(session.invitations.values_list("stakeholder", flat=True)) == [kim.pk]


def test_invite_by_region_includes_the_regions_inside_it(client_for, officer, session):
    city = Region.objects.create(name="Kota Balikpapan X", level=Region.Level.REGENCY, code="T64.71")
    district = Region.objects.create(
        name="Balikpapan Barat X", level=Region.Level.DISTRICT, code="T64.71.01", parent=city, ring=1
    )
    inside = StakeholderFactory(region=district)
    StakeholderFactory(region=Region.objects.create(name="Penajam X", level=Region.Level.REGENCY, code="T64.09"))
    client = client_for(officer)
    client.post(reverse("fgd:invite", args=[session.pk]), {"region": city.pk, "all_matching": "1"})
    assert list(session.invitations.values_list("stakeholder", flat=True)) == [inside.pk]
    # by ring as well
    other = FgdSessionFactory()
    client.post(reverse("fgd:invite", args=[other.pk]), {"ring": "1", "all_matching": "1"})
    assert list(other.invitations.values_list("stakeholder", flat=True)) == [inside.pk]


def test_invite_ticked_ones_and_never_twice(client_for, officer, session):
    a, b, c = StakeholderFactory.create_batch(3)
    client = client_for(officer)
    client.post(reverse("fgd:invite", args=[session.pk]), {"stakeholder": [a.pk, b.pk]})
    client.post(reverse("fgd:invite", args=[session.pk]), {"stakeholder": [a.pk, c.pk]})
    assert sorted(session.invitations.values_list("stakeholder", flat=True)) == [a.pk, b.pk, c.pk]


def test_invite_by_quadrant_skips_erased_and_inactive(client_for, officer, session):
    keep = StakeholderFactory(influence=5, interest=5)
    StakeholderFactory(influence=1, interest=1)
    StakeholderFactory(influence=5, interest=5, is_active=False)
    page = client_for(officer).get(reverse("fgd:invite", args=[session.pk]), {"quadrant": "manage_closely"})
    assert page.content.decode().count("Kelola dengan erat") + page.content.decode().count("Manage closely") >= 2
    client_for(officer).post(
        reverse("fgd:invite", args=[session.pk]), {"quadrant": "manage_closely", "all_matching": "1"}
    )
    assert list(session.invitations.values_list("stakeholder", flat=True)) == [keep.pk]


def test_attendance_writes_one_engagement_per_attendee_and_editing_is_idempotent(client_for, officer, session):
    present, represented, absent = InvitationFactory.create_batch(3, session=session)
    client = client_for(officer)
    url = reverse("fgd:attendance", args=[session.pk])
    changes = {
        present.pk: ("accepted", "present", ""),
        represented.pk: ("accepted", "represented", "Ibu Wulan (Sekretaris)"),
        absent.pk: ("declined", "absent", ""),
    }
    response = client.post(url, _formset(_ordered(session), changes))
    assert response.status_code == 302
    engagements = Engagement.objects.filter(kind=Engagement.Kind.FGD)
    assert sorted(engagements.values_list("stakeholder", flat=True)) == sorted(
        [present.stakeholder_id, represented.stakeholder_id]
    )
    represented.refresh_from_db()
    assert "Ibu Wulan" in represented.engagement.notes
    assert (
        represented.engagement.date.isoformat()
        == session.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Makassar")).date().isoformat()
    )

    # Saving the same again changes nothing; turning present into absent removes its log entry.
    client.post(url, _formset(_ordered(session)))
    assert engagements.count() == 2
    client.post(url, _formset(_ordered(session), {present.pk: ("accepted", "absent", "")}))
    assert list(engagements.values_list("stakeholder", flat=True)) == [represented.stakeholder_id]
    client.post(url, _formset(_ordered(session), {present.pk: ("accepted", "present", "")}))
    assert engagements.count() == 2
    assert Engagement.objects.filter(stakeholder=present.stakeholder).count() == 1


def test_represented_needs_a_name_and_nothing_is_saved_otherwise(client_for, officer, session):
    first, second = InvitationFactory.create_batch(2, session=session)
    changes = {first.pk: ("accepted", "present", ""), second.pk: ("accepted", "represented", "")}
    response = client_for(officer).post(
        reverse("fgd:attendance", args=[session.pk]), _formset(_ordered(session), changes)
    )
    assert response.status_code == 200
    assert (
        "Give the name of the person who came instead." in response.content.decode()
        or "Isi nama" in response.content.decode()
    )
    assert not Invitation.objects.filter(attendance="present").exists()
    assert Engagement.objects.count() == 0


def test_coming_counts_as_accepting(officer, session):
    invitation = InvitationFactory(session=session)
    invitation.attendance = Invitation.Attendance.PRESENT
    services.session_attendance_record(session=session, invitations=[invitation], by=officer)
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.ACCEPTED


def test_a_walk_in_becomes_a_stakeholder_and_is_present(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:walk_in", args=[session.pk]),
        {
            "name": "Rudi Hartono",
            "organization_name": "Karang Taruna Margasari",
            "organization_type": "youth",
            "position": "Ketua",
            "phone": "0812 5500 1234",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get(name="Rudi Hartono")
    assert stakeholder.organization.type == Organization.Type.YOUTH and stakeholder.phone == "+6281255001234"
    assert stakeholder.consent_date is not None and stakeholder.consent_channel and stakeholder.consent_notice_version
    assert stakeholder.history.first().history_user == officer
    invitation = Invitation.objects.get(session=session, stakeholder=stakeholder)
    assert invitation.is_walk_in and invitation.attendance == Invitation.Attendance.PRESENT
    assert invitation.engagement.kind == Engagement.Kind.FGD


def test_a_walk_in_phone_without_consent_is_refused_and_the_form_is_kept(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:walk_in", args=[session.pk]),
        {"name": "Rudi Hartono", "organization_type": "other", "phone": "0812 5500 1234"},
    )
    assert response.status_code == 200
    assert not Stakeholder.objects.exists()
    assert 'value="Rudi Hartono"' in response.content.decode()


def test_a_walk_in_already_in_the_register_is_not_duplicated(officer, session):
    known = StakeholderFactory(name="Hj. Siti Rahmah")
    services.session_walk_in_add(
        session=session, by=officer, name="hj. siti rahmah", organization_name=known.organization.name
    )
    assert Stakeholder.objects.count() == 1
    assert session.invitations.get().stakeholder == known


def test_a_walk_in_with_a_known_phone_is_the_same_person(officer, session):
    known = StakeholderFactory(name="Rudi Hartono", phone="+6281255001234")
    services.session_walk_in_add(session=session, by=officer, name="Rudi H.", phone="+6281255001234", consent=True)
    assert Stakeholder.objects.count() == 1 and session.invitations.get().stakeholder == known


def test_a_walk_in_with_a_bad_phone_is_told_so(client_for, officer, session):
    response = client_for(officer).post(
        reverse("fgd:walk_in", args=[session.pk]),
        {"name": "Rudi Hartono", "organization_type": "other", "phone": "12ab", "consent": "on"},
    )
    assert response.status_code == 200 and not Stakeholder.objects.exists()
    assert "0812 3456 7890" in response.content.decode()


def test_removing_an_invitation_removes_its_engagement(officer, session):
    invitation = InvitationFactory(session=session, attendance=Invitation.Attendance.PRESENT)
    services.session_attendance_record(session=session, invitations=[invitation], by=officer)
    assert Engagement.objects.count() == 1
    services.invitation_remove(invitation=invitation)
    assert Engagement.objects.count() == 0 and not session.invitations.exists()


@pytest.mark.parametrize("name", ["fgd:invite", "fgd:attendance", "fgd:walk_in"])
def test_viewers_cannot_change_participants(name, client_for, viewer, session):
    StakeholderFactory()
    response = client_for(viewer).post(reverse(name, args=[session.pk]), {"all_matching": "1", "name": "X"})
    assert response.status_code == 403
    assert not session.invitations.exists()


def test_the_session_page_hides_contact_data(client_for, viewer, session):
    InvitationFactory(session=session, stakeholder=StakeholderFactory(phone="081299998888", email="x@contoh.id"))
    html = client_for(viewer).get(reverse("fgd:detail", args=[session.pk])).content.decode()
    assert "081299998888" not in html and "x@contoh.id" not in html


# --- Walk-ins are not key stakeholders by default (issue 11, item 3) -----------------------------


def test_a_walk_in_is_not_yet_mapped_and_lives_where_the_form_says(client_for, officer):
    city = Region.objects.create(name="Kota Uji", level=Region.Level.REGENCY, code="99.72")
    venue = Region.objects.create(name="Prapatan Uji", level=Region.Level.DISTRICT, code="99.72.01", parent=city)
    home = Region.objects.create(name="Margasari Uji", level=Region.Level.DISTRICT, code="99.72.02", parent=city)
    session = FgdSessionFactory(region=venue)
    client = client_for(officer)
    url = reverse("fgd:walk_in", args=[session.pk])
    form = client.get(url).content.decode()
    assert f'<option value="{venue.pk}" selected>' in form  # defaults to the venue's region
    client.post(url, {"name": "Pak Darto", "organization_type": "other", "region": str(home.pk)})
    client.post(url, {"name": "Bu Ani", "organization_type": "other", "region": ""})
    darto = Stakeholder.objects.get(name="Pak Darto")
    assert darto.region == home and darto.influence is None and darto.interest is None
    assert darto.quadrant is None  # not "manage closely"
    assert Stakeholder.objects.get(name="Bu Ani").region == venue
