"""Issue 11 item 8: an activity's cost spreads over its months as entered, or in whole thousands with
the remainder in the last month; beneficiaries are summed only within one unit."""

import pytest

from programs import services
from programs.models import Activity
from programs.selectors import BeneficiaryTotal, beneficiaries_by_unit
from programs.tests.factories import ActivityFactory, AnnualPlanFactory, ProgramFactory
from reports import documents
from reports.selectors import plan_document_data

pytestmark = pytest.mark.django_db


def test_an_even_spread_is_in_whole_thousands_with_the_remainder_last():
    activity = Activity(budget=2_030_000_000, months=[5, 6, 7])
    assert activity.amounts_by_month() == {5: 676_666_000, 6: 676_666_000, 7: 676_668_000}
    assert Activity(budget=2_500, months=[1, 2, 3]).amounts_by_month() == {1: 0, 2: 0, 3: 2_500}
    assert Activity(
        budget=300_000_000, months=[1, 2, 3], month_split=[50_000_000, 0, 250_000_000]
    ).amounts_by_month() == {
        1: 50_000_000,
        2: 0,
        3: 250_000_000,
    }


def test_the_plan_pdf_never_shows_an_odd_rupiah_per_month():
    plan = AnnualPlanFactory(budget_ceiling=10**13)
    ActivityFactory(program=ProgramFactory(plan=plan), budget=2_030_000_000, months=[5, 6, 7])
    data = plan_document_data(plan=plan)
    assert data.monthly_budget[4:7] == [676_666_000, 676_666_000, 676_668_000]
    html = documents.plan_pdf(plan=plan, language="id").html
    assert "Rp 676.666.000" in html and "Rp 676.668.000" in html and "676.666.668" not in html
    assert "676.666.666" not in html


def test_an_entered_split_is_checked_and_used(officer):
    program = ProgramFactory(plan=AnnualPlanFactory(budget_ceiling=10**13))
    with pytest.raises(services.PlanError) as refused:
        services.activity_save(
            program=program, name="Pelatihan", months=[1, 2], budget=300_000_000, month_split=[100_000_000],
            cost_category="training",
        )  # fmt: skip
    assert refused.value.field == "month_split"
    with pytest.raises(services.PlanError):
        services.activity_save(
            program=program, name="Pelatihan", months=[1, 2], budget=300_000_000,
            month_split=[100_000_000, 100_000_000], cost_category="training",
        )  # fmt: skip
    activity = services.activity_save(
        program=program, name="Pelatihan", months=[2, 1], budget=300_000_000,
        month_split=[100_000_000, 200_000_000], cost_category="training",
    )  # fmt: skip
    assert plan_document_data(plan=program.plan).monthly_budget[:2] == [100_000_000, 200_000_000]
    assert activity.amounts_by_month() == {1: 100_000_000, 2: 200_000_000}


def test_the_activity_form_reads_a_split_as_people_type_it(officer, client_for):
    from django.urls import reverse

    program = ProgramFactory(plan=AnnualPlanFactory(budget_ceiling=10**13))
    url = reverse("programs:activity_create", args=[program.pk])
    data = {"name": "Pelatihan", "months": ["3", "4"], "budget": "1.500.000", "cost_category": "training"}
    response = client_for(officer).post(url, {**data, "month_split": "Rp 500.000; 2.000.000"})
    assert response.status_code == 200 and "2.000.000" in response.content.decode()  # refused, kept as typed
    assert not program.activities.exists()
    client_for(officer).post(url, {**data, "month_split": "Rp 500.000; 1.000.000"})
    assert program.activities.get().month_split == [500_000, 1_000_000]


def test_beneficiaries_are_summed_within_one_unit_only():
    plan = AnnualPlanFactory()
    for count, unit in [(120, "rumah tangga"), (30, "Rumah  tangga"), (400, "siswa"), (1_200, "orang"), (5, "")]:
        ProgramFactory(plan=plan, beneficiaries_count=count, beneficiaries_kind=unit)
    totals = beneficiaries_by_unit(programs=plan.programs.all())
    assert totals == [
        BeneficiaryTotal(1_200, "orang"),
        BeneficiaryTotal(400, "siswa"),
        BeneficiaryTotal(150, "rumah tangga"),
        BeneficiaryTotal(5, ""),
    ]
    html = documents.plan_pdf(plan=plan, language="id").html
    assert "1.200 <span" in html and "150 <span" in html and "1.755" not in html
