"""The staff dashboard at `/`: figures from every app, charts as SVG, constant queries."""

import datetime

import pytest
from django.utils import timezone

from core.choices import Pillar
from dashboard.selectors import aspiration_counts
from fgd.models import Aspiration, FgdSession
from programs import services
from programs.tests.factories import AnnualPlanFactory, AspirationFactory, ProgramFactory

pytestmark = pytest.mark.django_db
# 21 before the to-dos (issue 11 item 12): + plans returned + FGDs without final minutes (triage reuses the
# status counts), - 1 for the plan in focus (one query when a plan is being worked on).
# +1: the realisation panel looks for an approved plan (none here).
# -2: the session is read from the cache and the role with the user (issue 15, the staff shell);
# -1: the to-dos are counted in one query (core.queries.count_each), not one each.
DASHBOARD_QUERIES = 20


def _data(n: int, officer):
    year = timezone.localtime().year
    plan = AnnualPlanFactory(year=year, budget_ceiling=2_000_000_000)
    for i in range(n):
        ProgramFactory(plan=plan, pillar=list(Pillar)[i % 4], with_activity=100_000_000)
        AspirationFactory()
        FgdSession.objects.create(
            title=f"FGD {i}",
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
            venue="Banua Patra",
            public_code=f"FGD{i:04d}",
        )
    services.program_link_aspiration(program=plan.programs.first(), aspiration=AspirationFactory(), by=officer)
    return plan


@pytest.mark.parametrize("rows", [2, 30])
def test_the_dashboard_runs_constant_queries(rows, officer, client_for, django_assert_num_queries):
    _data(rows, officer)
    client = client_for(officer)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get("/")
    assert response.status_code == 200


def test_the_dashboard_shows_this_years_plan_and_the_aspirations(officer, viewer, client_for):
    plan = _data(4, officer)
    page = client_for(viewer).get("/").content.decode()
    assert plan.get_absolute_url() in page
    assert 'data-testid="dashboard-pillars"' in page and "<svg" in page
    assert "Rp 400.000.000" in page  # the plan total, as text next to the bar
    assert "FGD 0" in page and "Banua Patra" in page
    assert "Direncanakan" not in page  # linked to a program of a draft plan: not planned yet


def test_the_dashboard_counts_as_planned_only_what_an_approved_plan_plans(officer, manager, viewer, client_for):
    """Issue 11 item 5: linking to a draft's program must not change what the dashboard counts as planned."""
    plan = _data(2, officer)
    planned = [row.count for row in aspiration_counts().by_status if row.key == Aspiration.Status.PLANNED]
    assert planned == []
    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=manager)
    planned = [row.count for row in aspiration_counts().by_status if row.key == Aspiration.Status.PLANNED]
    assert planned == [1]
    assert "Direncanakan" in client_for(viewer).get("/").content.decode()  # the latest status change


def test_the_cached_figures_show_a_change_on_the_next_request(
    officer, manager, client_for, django_assert_max_num_queries
):
    """Issue 15: the charts, the plan's totals and the recent activity are kept under the plan data's
    version token (core/fragments.py): a new aspiration, a bulk status change and a program's budget
    show on the next request; a repeated request does not read them again."""
    from fgd.services.aspirations import aspiration_transition_many
    from programs.models import Activity

    plan = _data(2, officer)
    client = client_for(officer)
    page = client.get("/").content.decode()
    assert "Rp 200.000.000" in page
    with django_assert_max_num_queries(DASHBOARD_QUERIES - 5):
        assert client.get("/").content.decode().count("Rp 200.000.000") == page.count("Rp 200.000.000")

    received = AspirationFactory(title="Sumur bor untuk dusun Sepaku")
    assert received.title in client.get("/").content.decode()  # the recent activity
    aspiration_transition_many(ids=[received.pk], to_status=Aspiration.Status.UNDER_REVIEW, by=manager)
    assert "Sumur bor untuk dusun Sepaku”: Sedang ditinjau" in client.get("/").content.decode()

    activity = Activity.objects.filter(program__plan=plan).first()
    activity.budget += 50_000_000
    activity.save()
    assert "Rp 250.000.000" in client.get("/").content.decode()
