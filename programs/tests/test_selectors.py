import pytest

from core.choices import Pillar
from programs.models import Sdg
from programs.selectors import plan_checklist, plan_schedule, plan_total, plan_totals

from .factories import ActivityFactory, AnnualPlanFactory, ProgramFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_the_seventeen_sdgs_are_reference_data_in_both_languages():
    sdgs = list(Sdg.objects.values_list("number", "name_id", "name_en"))
    assert [n for n, _, _ in sdgs] == list(range(1, 18))
    assert sdgs[5] == (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation")


def test_totals_are_exact_with_very_large_sums():
    plan = AnnualPlanFactory(budget_ceiling=9_000_000_000_000_000)
    economic = ProgramFactory(plan=plan, pillar=Pillar.ECONOMIC)
    social = ProgramFactory(plan=plan, pillar=Pillar.SOCIAL)
    # Values that a float would round: 2**53 + 1 and friends.
    ActivityFactory(program=economic, budget=9_007_199_254_740_993)
    ActivityFactory(program=economic, budget=1)
    ActivityFactory(program=social, budget=1_250_000_001)

    totals = plan_totals(plan=plan)

    assert totals.total == 9_007_199_254_740_993 + 1 + 1_250_000_001
    assert plan_total(plan=plan) == totals.total
    by_pillar = {row.key: row.budget for row in totals.by_pillar}
    assert by_pillar[Pillar.ECONOMIC] == 9_007_199_254_740_994
    assert by_pillar[Pillar.SOCIAL] == 1_250_000_001
    assert by_pillar[Pillar.ENVIRONMENTAL] == 0
    assert all(isinstance(row.budget, int) for row in totals.by_pillar)
    assert totals.over_ceiling is True and totals.remaining < 0


def test_totals_count_a_program_under_each_of_its_sdgs_and_regions():
    plan = AnnualPlanFactory()
    north, south = RegionFactory(name="Balikpapan Utara"), RegionFactory(name="Balikpapan Selatan")
    program = ProgramFactory(
        plan=plan, sdgs=list(Sdg.objects.filter(number__in=[6, 11])), regions=[north, south], with_activity=300
    )
    ActivityFactory(program=program, budget=700)

    totals = plan_totals(plan=plan)

    assert [(r.key, r.programs, r.budget) for r in totals.by_sdg] == [(6, 1, 1000), (11, 1, 1000)]
    assert {r.label: r.budget for r in totals.by_region} == {"Balikpapan Utara": 1000, "Balikpapan Selatan": 1000}
    assert totals.total == 1000 and totals.program_count == 1 and totals.activity_count == 2


def test_the_schedule_marks_the_months_of_each_activity():
    plan = AnnualPlanFactory()
    program = ProgramFactory(plan=plan)
    ActivityFactory(program=program, months=[12, 1, 2])
    ActivityFactory(program=program, months=[2])

    schedule = plan_schedule(plan=plan)

    assert [row.month_numbers for row in schedule.rows] == [[1, 2, 12], [2]]
    assert schedule.rows[0].months == [True, True] + [False] * 9 + [True]
    assert schedule.active_per_month[:3] == [1, 2, 0]


def test_the_checklist_blocks_on_zero_budgets_and_the_ceiling_only():
    plan = AnnualPlanFactory(budget_ceiling=1_000)
    ProgramFactory(plan=plan, with_activity=600, person_in_charge=None)  # warning only
    checklist = plan_checklist(plan=plan)
    assert checklist.can_submit and checklist.warnings == 1

    ProgramFactory(plan=plan, with_activity=500)  # over the ceiling
    assert not plan_checklist(plan=plan).can_submit

    plan.budget_ceiling = 2_000
    plan.save()
    ProgramFactory(plan=plan)  # no activity: budget 0
    checklist = plan_checklist(plan=plan)
    assert not checklist.can_submit
    assert [i.code for i in checklist.items if not i.ok] == ["budget", "person"]
