"""Indicators: program indicators per quarter against their target; Renstra indicators per year,
rolled up from linked program indicators or entered by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import selectors, services
from monitoring.models import GoalIndicatorActual, IndicatorActual
from programs.tests.factories import GoalIndicatorFactory, IndicatorFactory, ProgramFactory, StrategicGoalFactory


@pytest.fixture
def indicator(activity):
    return IndicatorFactory(program=activity.program, name="Perajin sabut terlatih", unit="orang", target=40)


def test_an_officer_records_quarters_and_sees_the_achievement(indicator, officer, client_for):
    client = client_for(officer)
    url = reverse("monitoring:indicators", args=[indicator.program_id])
    response = client.post(url, {f"ind-{indicator.pk}-q1": "12", f"ind-{indicator.pk}-q2": "30"})
    assert response.status_code == 302
    assert dict(IndicatorActual.objects.values_list("quarter", "value")) == {1: 12, 2: 30}
    page = client.get(reverse("monitoring:program", args=[indicator.program_id])).content.decode()
    assert 'data-testid="achievement">75%' in page  # 30 of 40: the latest quarter counts


def test_bad_input_keeps_what_was_typed_and_a_viewer_cannot_save(indicator, officer, viewer, client_for):
    url = reverse("monitoring:indicators", args=[indicator.program_id])
    response = client_for(officer).post(url, {f"ind-{indicator.pk}-q1": "dua belas", f"ind-{indicator.pk}-q2": "30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="dua belas"' in page and 'value="30"' in page
    assert not IndicatorActual.objects.exists()
    assert client_for(viewer).post(url, {f"ind-{indicator.pk}-q1": "1"}).status_code == 403


def test_a_closed_quarter_refuses_a_change_and_names_who_can_reopen(indicator, officer, manager, client_for):
    services.indicator_actuals_save(program=indicator.program, values={(indicator.pk, 1): Decimal(10)}, by=officer)
    services.period_close(plan=indicator.program.plan, quarter=1, by=manager)
    with pytest.raises(services.PeriodClosed):
        services.indicator_actuals_save(program=indicator.program, values={(indicator.pk, 1): Decimal(11)}, by=officer)
    # The closed quarter's field is disabled: the form still saves the open quarters.
    url = reverse("monitoring:indicators", args=[indicator.program_id])
    response = client_for(officer).post(url, {f"ind-{indicator.pk}-q1": "99", f"ind-{indicator.pk}-q2": "20"})
    assert response.status_code == 302
    assert dict(IndicatorActual.objects.values_list("quarter", "value")) == {1: 10, 2: 20}


def test_renstra_indicators_roll_up_linked_program_indicators_or_are_entered(
    approved_plan, activity, officer, client_for, django_assert_max_num_queries
):
    goal = StrategicGoalFactory(strategic_plan=approved_plan.strategic_plan)
    linked = GoalIndicatorFactory(goal=goal, name="Perajin mandiri", yearly_targets={"2025": "100"})
    alone = GoalIndicatorFactory(goal=goal, name="Desa binaan", yearly_targets={"2025": "4"})
    first = IndicatorFactory(program=activity.program, goal_indicator=linked, target=50)
    second = IndicatorFactory(program=ProgramFactory(plan=approved_plan), goal_indicator=linked, target=50)
    services.indicator_actuals_save(
        program=first.program, values={(first.pk, 1): Decimal(10), (first.pk, 2): Decimal(30)}, by=officer
    )
    services.indicator_actuals_save(program=second.program, values={(second.pk, 1): Decimal(20)}, by=officer)

    client = client_for(officer)
    response = client.post(
        reverse("monitoring:renstra_indicator", args=[approved_plan.pk]), {"goal_indicator": alone.pk, "value": "3"}
    )
    assert response.status_code == 302
    assert GoalIndicatorActual.objects.get().value == 3
    with pytest.raises(services.MonitoringError):
        services.goal_indicator_actual_save(goal_indicator=linked, year=2025, value=Decimal(1), by=officer)

    with django_assert_max_num_queries(5):
        rows = {
            r.goal_indicator.name: r
            for r in selectors.renstra_indicator_rows(strategic_plan_id=approved_plan.strategic_plan_id, year=2025)
        }
    assert rows["Perajin mandiri"].rolled_up and rows["Perajin mandiri"].actual == 50  # 30 (Q2) + 20 (Q1)
    assert rows["Perajin mandiri"].achievement == 50
    assert not rows["Desa binaan"].rolled_up and rows["Desa binaan"].actual == 3
    assert rows["Desa binaan"].achievement == 75
    page = client.get(reverse("monitoring:plan", args=[approved_plan.pk])).content.decode()
    assert "Perajin mandiri" in page and "Desa binaan" in page
