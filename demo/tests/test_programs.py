import pytest
from django.core.management import call_command

from fgd.models import Aspiration
from programs.models import AnnualPlan, StrategicPlan
from programs.selectors import plan_checklist, plan_totals

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_approved_2025_plan_and_a_2026_draft(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent

    renstra = StrategicPlan.objects.get(start_year=2025, end_year=2029)
    assert renstra.goals.count() == 5
    assert all(i.yearly_targets for g in renstra.goals.all() for i in g.indicators.all())
    plan = AnnualPlan.objects.get(year=2025)
    assert plan.status == AnnualPlan.Status.APPROVED and plan.approved_by.username == "manager"
    assert plan.programs.count() == 12
    assert set(plan.programs.values_list("pillar", flat=True)) == {
        "economic",
        "social",
        "environmental",
        "law_governance",
    }
    totals = plan_totals(plan=plan)
    assert 1_000_000_000 < totals.total <= totals.ceiling
    assert plan_checklist(plan=plan).warnings == 0
    draft = AnnualPlan.objects.get(year=2026)
    assert draft.status == AnnualPlan.Status.DRAFT and draft.copied_from == plan
    assert draft.programs.count() == 12
    # Every aspiration the plan answers is "planned", or further on once its program's realisation started
    # (demo.monitoring records January–June: the public loop moves them to "in progress" or "done").
    linked = Aspiration.objects.filter(programs__plan=plan).distinct()
    assert linked and all(
        a.status in (Aspiration.Status.PLANNED, Aspiration.Status.IN_PROGRESS, Aspiration.Status.DONE) for a in linked
    )
    started = linked.filter(programs__activities__realisations__status__in=["on_track", "late", "done"]).distinct()
    assert started and all(a.status != Aspiration.Status.PLANNED for a in started)
