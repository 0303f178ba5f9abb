"""The plan screens run a constant number of queries however many programs a plan has."""

import pytest
from django.urls import reverse

from programs.models import Sdg

from .factories import (
    ActivityFactory,
    AnnualPlanFactory,
    AspirationFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

# Coverage takes four: the plan's links, the grouped counts, then region and category names.
PLAN_PAGE_QUERIES = 24
# 16 + the count of unanswered aspirations for their pagination; - 5: the programs section prefetches only
# their aspirations (plan_traceability_programs), not SDGs, regions, partners, indicators and activities.
TRACEABILITY_QUERIES = 12
PLAN_LIST_QUERIES = 4


def _plan_with(n: int, officer):
    from programs import services

    plan = AnnualPlanFactory(budget_ceiling=10**15)
    regions = [RegionFactory(), RegionFactory()]
    sdgs = list(Sdg.objects.filter(number__in=[1, 8, 13]))
    for i in range(n):
        program = ProgramFactory(plan=plan, code=f"P{i:03d}", sdgs=sdgs[: 1 + i % 3], regions=regions[: 1 + i % 2])
        ActivityFactory(program=program, months=[1, 2])
        ActivityFactory(program=program, months=[6])
        ProgramPartnerFactory(program=program)
        services.program_link_aspiration(program=program, aspiration=AspirationFactory(), by=officer)
    AspirationFactory()  # one still waiting
    return plan


@pytest.mark.parametrize("programs", [3, 60])
def test_the_plan_page(programs, officer, client_for, django_assert_num_queries):
    plan = _plan_with(programs, officer)
    client = client_for(officer)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(reverse("programs:detail", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="program-table"') == 1


@pytest.mark.parametrize("programs", [3, 60])
def test_the_traceability_page(programs, officer, client_for, django_assert_num_queries):
    plan = _plan_with(programs, officer)
    client = client_for(officer)
    with django_assert_num_queries(TRACEABILITY_QUERIES):
        assert client.get(reverse("programs:traceability", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("plans", [3, 20])
def test_the_plan_list(plans, officer, client_for, django_assert_num_queries):
    for year in range(2025, 2025 + plans):
        ProgramFactory(plan=AnnualPlanFactory(year=year), with_activity=5)
    client = client_for(officer)
    with django_assert_num_queries(PLAN_LIST_QUERIES):
        assert client.get(reverse("programs:list")).status_code == 200
