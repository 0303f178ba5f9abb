"""The scenario's demo FGD: 40 invited, 33 present, about 25 aspirations, minutes final; idempotent."""

import pytest

from demo.fgd import SCENARIO_TITLE, UPCOMING_TITLE, seed_demo_data
from fgd.models import Aspiration, FgdSession, Invitation
from stakeholders.models import Engagement
from stakeholders.tests.factories import OrganizationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(officer):
    StakeholderFactory(name="Rusni Febriyanti", organization=OrganizationFactory(name="Koperasi Kriya Inovasi Mandara"))
    StakeholderFactory(name="Sarwana", organization=OrganizationFactory(name="Kelompok Rawabening"))
    StakeholderFactory(name="Murni", organization=OrganizationFactory(name="Bappedalitbang Kota Balikpapan"))
    StakeholderFactory.create_batch(45)


def test_the_scenario_fgd_is_seeded_once(register):
    seed_demo_data()
    seed_demo_data()
    session = FgdSession.objects.get(title=SCENARIO_TITLE)
    assert session.status == FgdSession.Status.MINUTES_FINAL and session.summary
    invitations = session.invitations.all()
    assert invitations.count() == 40
    attended = [i for i in invitations if i.attended]
    assert len(attended) == 33
    assert invitations.filter(attendance=Invitation.Attendance.REPRESENTED).exclude(represented_by="").count() == 4
    assert Engagement.objects.filter(kind="fgd").count() == 33
    aspirations = session.aspirations.all()
    assert 20 <= aspirations.count() <= 30
    assert all(a.source == Aspiration.Source.FGD and (a.stakeholder or a.organization) for a in aspirations)
    attendee_ids = {i.stakeholder_id for i in attended}
    assert all(a.stakeholder_id in attendee_ids for a in aspirations if a.stakeholder_id)
    assert aspirations.filter(status=Aspiration.Status.ACCEPTED).count() >= 5
    coir = aspirations.get(title__icontains="sabut kelapa Koperasi KIM")
    assert coir.stakeholder.name == "Rusni Febriyanti"
    upcoming = FgdSession.objects.get(title=UPCOMING_TITLE)
    assert upcoming.status == FgdSession.Status.PLANNED


def test_an_empty_register_still_seeds_without_errors():
    seed_demo_data()
    assert FgdSession.objects.get(title=SCENARIO_TITLE).invitations.count() == 0
