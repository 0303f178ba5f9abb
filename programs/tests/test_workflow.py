"""Approval, locking, versions and copies of annual plans."""

import pytest
from django.urls import reverse

from core.access import Role
from fgd.models import Aspiration
from programs import services
from programs.models import Activity, AnnualPlan, Indicator, Program, ProgramPartner, Sdg
from programs.selectors import plan_diff, plan_total

from .factories import (
    ActivityFactory,
    AnnualPlanFactory,
    AspirationFactory,
    IndicatorFactory,
    OrganizationFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    RegionFactory,
    StrategicPlanFactory,
)

pytestmark = pytest.mark.django_db
Status = AnnualPlan.Status


@pytest.fixture
def plan():
    plan = AnnualPlanFactory(budget_ceiling=1_000_000_000)
    ProgramFactory(plan=plan, code="EKO-01", with_activity=400_000_000)
    ProgramFactory(plan=plan, code="LIN-01", with_activity=350_000_000)
    return plan


def _submitted(plan, officer):
    return services.plan_submit(plan=plan, by=officer)


def test_an_officer_submits_and_a_manager_approves_recording_who_and_when(plan, officer, manager, client_for):
    response = client_for(officer).post(reverse("programs:plan_submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED and plan.submitted_by == officer

    response = client_for(manager).post(reverse("programs:plan_approve", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert plan.approved_by == manager and plan.approved_at is not None
    assert list(plan.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        ("draft", "submitted", officer.pk),
        ("submitted", "approved", manager.pk),
    ]


def test_an_officer_cannot_approve_or_return(plan, officer, client_for):
    _submitted(plan, officer)
    client = client_for(officer)
    assert client.post(reverse("programs:plan_approve", args=[plan.pk])).status_code == 403
    assert client.post(reverse("programs:plan_return", args=[plan.pk]), {"comment": "x"}).status_code == 403
    with pytest.raises(services.PlanError):
        services.plan_approve(plan=plan, by=officer)
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_a_viewer_cannot_edit_anything(plan, viewer, client_for):
    program = plan.programs.first()
    client = client_for(viewer)
    assert client.post(reverse("programs:plan_submit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("programs:program_create", args=[plan.pk])).status_code == 403
    assert client.post(reverse("programs:program_edit", args=[program.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("programs:activity_create", args=[program.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("programs:program_delete", args=[program.pk])).status_code == 403
    assert client.get(reverse("programs:detail", args=[plan.pk])).status_code == 200
    assert Program.objects.filter(pk=program.pk).exists()


def test_returning_needs_a_comment_and_puts_the_plan_back_to_draft(plan, officer, manager, client_for):
    _submitted(plan, officer)
    client = client_for(manager)
    client.post(reverse("programs:plan_return", args=[plan.pk]), {"comment": "  "})
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED

    client.post(reverse("programs:plan_return", args=[plan.pk]), {"comment": "Tambahkan indikator outcome"})
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT and plan.submitted_at is None
    assert plan.status_changes.last().comment == "Tambahkan indikator outcome"
    page = client_for(officer).get(plan.get_absolute_url())
    assert "Tambahkan indikator outcome" in page.content.decode()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_a_locked_plan_refuses_every_edit(plan, officer, manager, status, client_for):
    _submitted(plan, officer)
    if status == Status.APPROVED:
        services.plan_approve(plan=plan, by=manager)
    program = plan.programs.get(code="EKO-01")
    activity, indicator = program.activities.get(), program.indicators.get()
    aspiration = AspirationFactory()
    attempts = [
        lambda: services.plan_update(plan=plan, budget_ceiling=1),
        lambda: services.program_save(plan=plan, instance=program, name="Diubah", code="EKO-01"),
        lambda: services.program_save(plan=plan, code="NEW-01", name="Baru"),
        lambda: services.program_delete(program=program),
        lambda: services.activity_save(program=program, instance=activity, budget=1),
        lambda: services.activity_save(program=program, name="x", months=[1], budget=1, cost_category="other"),
        lambda: services.activity_delete(activity=activity),
        lambda: services.indicator_save(program=program, instance=indicator, target=1),
        lambda: services.indicator_delete(indicator=indicator),
        lambda: services.partner_save(program=program, organization=OrganizationFactory(), role="implementer"),
        lambda: services.program_link_aspiration(program=program, aspiration=aspiration, by=officer),
    ]
    for attempt in attempts:
        with pytest.raises(services.PlanError, match="locked|terkunci"):
            attempt()

    # Through the screens, too: refused with a message, nothing changed.
    client = client_for(manager)
    client.post(reverse("programs:activity_edit", args=[activity.pk]), {"name": "x", "months": [1], "budget": "1"})
    client.post(reverse("programs:program_delete", args=[program.pk]))
    client.post(reverse("programs:plan_edit", args=[plan.pk]), {"budget_ceiling": "1"})
    activity.refresh_from_db()
    plan.refresh_from_db()
    assert activity.budget == 400_000_000 and plan.budget_ceiling == 1_000_000_000
    assert Program.objects.filter(pk=program.pk).exists()
    assert plan_total(plan=plan) == 750_000_000


def test_a_plan_over_its_ceiling_cannot_be_submitted(plan, officer, client_for):
    ActivityFactory(program=plan.programs.first(), budget=250_000_001)  # 1 rupiah over
    response = client_for(officer).post(reverse("programs:plan_submit", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert "pagu" in response.content.decode() or "ceiling" in response.content.decode()
    page = client_for(officer).get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="over-ceiling"' in page

    Activity.objects.filter(budget=250_000_001).update(budget=250_000_000)  # exactly at the ceiling
    services.plan_submit(plan=plan, by=officer)
    assert plan.__class__.objects.get(pk=plan.pk).status == Status.SUBMITTED


def test_blocking_checks_stop_submission_and_warnings_do_not(plan, officer):
    ProgramFactory(plan=plan, code="SOS-01")  # no activity: budget 0, blocking
    with pytest.raises(services.PlanError, match="anggaran|budget"):
        services.plan_submit(plan=plan, by=officer)
    Program.objects.filter(code="SOS-01").delete()
    ProgramFactory(plan=plan, code="SOS-02", with_activity=1, sdgs=[], regions=[], person_in_charge=None)
    services.plan_submit(plan=plan, by=officer)  # only warnings


def test_revising_creates_v2_with_everything_and_v1_stays_intact(plan, officer, manager):
    program = plan.programs.get(code="EKO-01")
    program.sdgs.set(Sdg.objects.filter(number__in=[1, 8]))
    ProgramPartnerFactory(program=program)
    aspiration = AspirationFactory()
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    _submitted(plan, officer)
    services.plan_approve(plan=plan, by=manager)

    v2 = services.plan_revise(plan=plan, by=officer)

    assert (v2.year, v2.version, v2.status, v2.revised_from) == (plan.year, 2, Status.DRAFT, plan)
    copy = v2.programs.get(code="EKO-01")
    assert set(copy.sdgs.values_list("number", flat=True)) == {1, 8}
    assert list(copy.regions.all()) == list(program.regions.all())
    assert list(copy.aspirations.all()) == [aspiration]
    assert copy.partners.count() == 1 and copy.indicators.count() == 1 and copy.activities.count() == 1
    assert plan_total(plan=v2) == plan_total(plan=plan) == 750_000_000

    # Edit v2 in every way; v1 must not move.
    services.activity_save(program=copy, instance=copy.activities.get(), budget=123)
    services.indicator_save(program=copy, instance=copy.indicators.get(), target=99)
    services.program_delete(program=v2.programs.get(code="LIN-01"))
    services.program_save(plan=v2, code="SOS-09", name="Program baru")
    services.plan_update(plan=v2, budget_ceiling=2_000_000_000)

    plan.refresh_from_db()
    assert plan.status == Status.APPROVED and plan.budget_ceiling == 1_000_000_000
    assert sorted(plan.programs.values_list("code", flat=True)) == ["EKO-01", "LIN-01"]
    assert plan_total(plan=plan) == 750_000_000
    assert program.indicators.get().target == 40
    assert list(program.aspirations.all()) == [aspiration]

    diff = plan_diff(old=plan, new=v2)
    assert [p.code for p in diff.added] == ["SOS-09"] and [p.code for p in diff.removed] == ["LIN-01"]
    [change] = diff.changed
    assert (change.code, change.old_budget, change.new_budget) == ("EKO-01", 400_000_000, 123)
    assert [(t.old, t.new) for t in change.target_changes] == [(40, 99)]
    assert diff.ceiling_changed


def test_only_the_latest_approved_version_can_be_revised(plan, officer, manager):
    with pytest.raises(services.PlanError):
        services.plan_revise(plan=plan, by=officer)  # draft
    _submitted(plan, officer)
    services.plan_approve(plan=plan, by=manager)
    services.plan_revise(plan=plan, by=officer)
    with pytest.raises(services.PlanError):
        services.plan_revise(plan=plan, by=officer)


def test_a_new_year_starts_as_a_copy_of_last_year(plan, officer):
    program = plan.programs.get(code="EKO-01")
    services.program_link_aspiration(program=program, aspiration=AspirationFactory(), by=officer)
    IndicatorFactory(program=program, name="Omzet koperasi", target=150)

    plan_2026 = services.plan_copy_to_year(source=plan, year=2026, by=officer, budget_ceiling=1_200_000_000)

    assert (plan_2026.year, plan_2026.version, plan_2026.status) == (2026, 1, Status.DRAFT)
    assert plan_2026.copied_from == plan and plan_2026.budget_ceiling == 1_200_000_000
    assert sorted(plan_2026.programs.values_list("code", flat=True)) == ["EKO-01", "LIN-01"]
    copy = plan_2026.programs.get(code="EKO-01")
    assert list(copy.indicators.values_list("name", "target")) == [("Peserta pelatihan", 40), ("Omzet koperasi", 150)]
    assert copy.aspirations.count() == 0  # answered by last year's plan
    assert plan_total(plan=plan_2026) == 750_000_000
    with pytest.raises(services.PlanError):
        services.plan_copy_to_year(source=plan, year=2026, by=officer)


def test_copying_to_a_year_outside_every_renstra_is_refused(plan, officer):
    with pytest.raises(services.PlanError, match="Renstra"):
        services.plan_copy_to_year(source=plan, year=2031, by=officer)
    StrategicPlanFactory(name="Renstra 2030–2034", start_year=2030, end_year=2034)
    assert services.plan_copy_to_year(source=plan, year=2031, by=officer).strategic_plan.start_year == 2030


def test_activity_months_are_validated_and_stored_sorted(plan):
    program = plan.programs.first()
    activity = services.activity_save(
        program=program, name="Pelatihan", months=[9, 3, 3], budget=5, cost_category=Activity.CostCategory.TRAINING
    )
    assert activity.months == [3, 9]
    with pytest.raises(Exception, match="month|bulan"):
        services.activity_save(program=program, name="x", months=[13], budget=5, cost_category="other")


def test_the_activity_form_accepts_rupiah_as_people_type_it(plan, officer, client_for):
    program = plan.programs.first()
    url = reverse("programs:activity_create", args=[program.pk])
    data = {"name": "Pelatihan anyaman", "months": ["2", "3"], "cost_category": "training"}
    response = client_for(officer).post(url, {**data, "budget": "Rp 1.250.000.000"})
    assert response.status_code == 302
    assert program.activities.get(name="Pelatihan anyaman").budget == 1_250_000_000

    response = client_for(officer).post(url, {**data, "name": "Salah", "budget": "1.250,50"})
    assert response.status_code == 200 and not program.activities.filter(name="Salah").exists()
    assert 'value="1.250,50"' in response.content.decode()  # what was typed is kept


def test_program_codes_are_unique_within_a_plan(plan, officer, client_for):
    response = client_for(officer).post(
        reverse("programs:program_create", args=[plan.pk]),
        {"code": "eko-01", "name": "Duplikat", "start_month": 1, "end_month": 12},
    )
    assert response.status_code == 200
    assert Program.objects.filter(plan=plan).count() == 2


def test_an_officer_builds_a_program_through_the_form(plan, officer, client_for):
    region = RegionFactory(name="Margasari")
    aspiration = AspirationFactory(title="Bank sampah RT 12")
    response = client_for(officer).post(
        reverse("programs:program_create", args=[plan.pk]),
        {
            "code": "lin-02",
            "name": "Bank Sampah Margasari",
            "pillar": "environmental",
            "sdgs": [Sdg.objects.get(number=12).pk],
            "regions": [region.pk],
            "start_month": 3,
            "end_month": 11,
            "aspirations": [aspiration.pk],
            "alignment_tags": "Kelurahan MADANI, RKPD 2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    program = Program.objects.get(plan=plan, code="LIN-02")
    assert list(program.regions.all()) == [region]
    assert program.alignment_tag_list == ["Kelurahan MADANI", "RKPD 2025"]
    aspiration.refresh_from_db()
    # Linked to this draft's program: "planned" once the plan is approved (issue 11 item 5).
    assert aspiration.status == Aspiration.Status.ACCEPTED and list(aspiration.programs.all()) == [program]


def test_partners_need_an_organisation_or_a_stakeholder(plan, officer, client_for):
    program = plan.programs.first()
    url = reverse("programs:partner_create", args=[program.pk])
    assert client_for(officer).post(url, {"role": "implementer"}).status_code == 200
    organization = OrganizationFactory(name="Koperasi Kriya Inovasi Mandara")
    assert client_for(officer).post(url, {"role": "implementer", "organization": organization.pk}).status_code == 302
    assert ProgramPartner.objects.get(program=program).organization == organization


def test_indicators_keep_decimal_targets(plan, officer, client_for):
    program = plan.programs.first()
    url = reverse("programs:indicator_create", args=[program.pk])
    data = {"kind": "outcome", "name": "Penurunan stunting", "unit": "%", "baseline": "21.5", "target": "14.25"}
    assert client_for(officer).post(url, data).status_code == 302
    assert str(Indicator.objects.get(name="Penurunan stunting").target) == "14.25"


def test_the_generate_pdf_button_shows_drafts_to_officers_and_approved_plans_to_everyone(
    plan, viewer, officer, manager, client_for
):
    """Issue 11 item 11 (was: managers only)."""

    def shown(user) -> bool:
        return 'name="kind" value="plan_pdf"' in client_for(user).get(plan.get_absolute_url()).content.decode()

    assert plan.status == plan.Status.DRAFT
    assert (shown(viewer), shown(officer), shown(manager)) == (False, True, True)
    plan.status = plan.Status.APPROVED
    plan.save()
    assert (shown(viewer), shown(officer), shown(manager)) == (True, True, True)


def test_submit_approve_and_revise_ask_first_on_a_page_that_works_without_javascript(
    plan, officer, manager, client_for
):
    """Issue 11 item 13 (was: the buttons posted at once). The plan page links to a confirmation page;
    its form posts to the URL naming the action; a GET changes nothing."""
    officer_client, manager_client = client_for(officer), client_for(manager)
    submit = reverse("programs:plan_submit", args=[plan.pk])
    assert f'href="{submit}"' in officer_client.get(plan.get_absolute_url()).content.decode()
    confirm = officer_client.get(submit)
    assert confirm.status_code == 200 and f'action="{submit}"' in confirm.content.decode()
    assert 'data-testid="confirm-button"' in confirm.content.decode()
    plan.refresh_from_db()
    assert plan.status == plan.Status.DRAFT  # asking changed nothing

    _submitted(plan, officer)
    approve = reverse("programs:plan_approve", args=[plan.pk])
    page = manager_client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{approve}"' in page and f'action="/plans/{plan.pk}/return/"' in page
    assert f'action="{approve}"' in manager_client.get(approve).content.decode()
    plan.refresh_from_db()
    assert plan.status == plan.Status.SUBMITTED
    manager_client.post(approve)
    plan.refresh_from_db()
    assert plan.status == plan.Status.APPROVED

    revise = reverse("programs:plan_revise", args=[plan.pk])
    assert f'href="{revise}"' in officer_client.get(plan.get_absolute_url()).content.decode()
    assert officer_client.get(revise).status_code == 200
    assert type(plan).objects.filter(year=plan.year).count() == 1
    officer_client.post(revise)
    assert type(plan).objects.filter(year=plan.year).count() == 2


def test_roles_used_by_the_guards(officer):
    assert Role.OFFICER.level < Role.MANAGER.level
