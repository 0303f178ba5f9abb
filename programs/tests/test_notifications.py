"""Staff hear of plans (in the app and/or by e-mail, as each chooses); submitters hear "planned" on approval."""

import pytest
from django.urls import reverse

from fgd.models import Aspiration
from notifications.models import Message, Notification
from notifications.services import message_send, preference_update
from programs import services

from .factories import AnnualPlanFactory, AspirationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = AnnualPlanFactory(budget_ceiling=1_000_000_000)
    ProgramFactory(plan=plan, code="EKO-01", name="Air bersih Margasari", with_activity=400_000_000)
    return plan


def _deliver(smtp_server):
    for pk in Message.objects.filter(status="queued").order_by("pk").values_list("pk", flat=True):
        message_send(message_id=pk)
    return smtp_server.messages


def test_a_submitted_plan_tells_the_managers_in_the_bell_and_by_email(plan, officer, manager, client_for, smtp_server):
    manager.email = "manajer@example.org"
    manager.save()
    services.plan_submit(plan=plan, by=officer)
    [notification] = Notification.objects.filter(user=manager)
    assert notification.title == f"Rencana menunggu persetujuan Anda: {plan}"
    [received] = _deliver(smtp_server)
    assert received["To"] == "manajer@example.org" and received["Subject"] == notification.title
    assert f"/plans/{plan.pk}/" in received.get_content()

    html = client_for(manager).get(reverse("programs:list")).content.decode()
    bell = html[html.index('data-testid="bell"') : html.index("</a>", html.index('data-testid="bell"'))]
    assert ">1</span>" in bell and "1 notifikasi belum dibaca" in bell  # readable without JavaScript

    client_for(manager).post(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
    html = client_for(manager).get(reverse("programs:list")).content.decode()
    assert "0 notifikasi belum dibaca" in html


def test_each_person_chooses_the_channels(plan, officer, manager, smtp_server):
    manager.email = "manajer@example.org"
    manager.save()
    preference_update(user=manager, in_app=False, email=True, language="en")
    services.plan_submit(plan=plan, by=officer)
    assert not Notification.objects.exists()
    [received] = _deliver(smtp_server)
    assert received["Subject"] == f"Plan waiting for your approval: {plan}"


def test_the_officer_hears_returned_and_approved(plan, officer, manager):
    services.plan_submit(plan=plan, by=officer)
    services.plan_return(plan=plan, by=manager, comment="Tambah indikator")
    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=manager)
    titles = list(Notification.objects.filter(user=officer).order_by("pk").values_list("title", flat=True))
    assert titles == [f"Rencana dikembalikan: {plan}", f"Rencana disetujui: {plan}"]


def test_submitters_hear_planned_when_the_plan_is_approved_not_when_linked(plan, officer, manager, smtp_server):
    aspiration = AspirationFactory(
        submitter_email="warga@example.org", consent_given_at="2026-01-01T00:00Z", contact_language="id"
    )
    program = plan.programs.get()
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    # Linking to a draft plans nothing yet (issue 11 item 5): the aspiration is accepted.
    assert aspiration.__class__.objects.get(pk=aspiration.pk).status == Aspiration.Status.ACCEPTED
    accepted = _deliver(smtp_server)
    assert [m["Subject"] for m in accepted] == [f"Aspirasi Anda {aspiration.tracking_code} diterima"]
    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=manager)
    planned = _deliver(smtp_server)[1:]
    assert [m["Subject"] for m in planned] == [f"Aspirasi Anda {aspiration.tracking_code} masuk rencana yang disetujui"]
    assert "Air bersih Margasari" in planned[0].get_content()
