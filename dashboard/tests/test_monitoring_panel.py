"""The dashboard's realisation panel: the manager's quarter, late activities and open period; the
officer's entries to record. Constant queries whatever the plan's size."""

import datetime

import pytest

from monitoring import services
from monitoring.models import Realisation
from programs.models import AnnualPlan
from programs.tests.factories import ActivityFactory, AnnualPlanFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# The dashboard's own queries (dashboard.tests.test_dashboard) plus the panel's: the plan and its
# snapshot (programs, activities, realisations, periods), DASHBOARD_QUERIES already counting the first;
# +1 because the dashboard's own plan in focus costs one more query when an approved plan exists.
PANEL_QUERIES = 5


@pytest.fixture
def today(monkeypatch):
    """Mid-May of the plan's year: Jan–Apr are over, May is due."""
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2025, 5, 15, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def _plan(n: int, officer) -> AnnualPlan:
    plan = AnnualPlanFactory(year=2025, status=AnnualPlan.Status.APPROVED)
    for i in range(n):
        program = ProgramFactory(plan=plan, code=f"D{i:03d}")
        done = ActivityFactory(program=program, months=[1, 2], budget=20_000_000, name=f"Pelatihan {i}")
        ActivityFactory(program=program, months=[4, 5], budget=40_000_000, name=f"Tandon {i}")
        services.realisation_save(
            activity=done, month=2, version=0, by=officer, status="done", progress=100, actual_spend=18_000_000
        )
    return plan


@pytest.mark.parametrize("size", [2, 20])
def test_the_panel_runs_constant_queries(size, today, officer, manager, client_for, django_assert_max_num_queries):
    from dashboard.tests.test_dashboard import DASHBOARD_QUERIES

    _plan(size, officer)
    for user in (officer, manager):
        client = client_for(user)
        with django_assert_max_num_queries(DASHBOARD_QUERIES + PANEL_QUERIES):
            response = client.get("/")
        assert 'data-testid="dashboard-monitoring"' in response.content.decode()


def test_the_manager_sees_the_quarter_the_late_activities_and_the_open_period(today, officer, manager, client_for):
    plan = _plan(2, officer)
    services.period_close(plan=plan, quarter=1, by=manager)
    page = client_for(manager).get("/").content.decode()
    # Q2 so far: nothing spent of Apr–May's Rp 80.000.000 (two programs × Rp 40.000.000).
    assert 'data-testid="quarter-absorption">0,0%' in page
    assert "Triwulan II 2025" in page  # the quarter, and the open period now that Q1 is closed
    assert 'data-testid="late-count">2<' in page and "Tandon 0" in page  # April passed, not done


def test_the_officer_sees_what_to_record(today, officer, viewer, client_for):
    _plan(2, officer)
    page = client_for(officer).get("/").content.decode()
    assert 'data-testid="due-count">4<' in page  # Tandon 0 and 1: April (overdue), May; Pelatihan is done
    assert "Tandon 0, April" in page and "terlambat" in page.lower()
    assert 'data-testid="dashboard-monitoring"' not in client_for(viewer).get("/").content.decode()
    assert Realisation.objects.count() == 2


def test_the_panel_is_cached_and_a_realisation_shows_on_the_next_request(
    today, officer, manager, client_for, django_assert_max_num_queries
):
    """Issue 15: the figures are kept under the plan data's version token (core/fragments.py); every
    write they depend on replaces it, so the next request computes them afresh."""
    from dashboard.tests.test_dashboard import DASHBOARD_QUERIES
    from programs.models import Activity

    plan = _plan(2, officer)
    client = client_for(manager)
    assert 'data-testid="late-count">2<' in client.get("/").content.decode()
    with django_assert_max_num_queries(DASHBOARD_QUERIES + 1):  # the snapshot is not read again
        assert 'data-testid="late-count">2<' in client.get("/").content.decode()

    tandon = Activity.objects.get(name="Tandon 0")
    services.realisation_save(activity=tandon, month=4, version=0, by=officer, status="done", progress=100)
    assert 'data-testid="late-count">1<' in client.get("/").content.decode()

    services.period_close(plan=plan, quarter=1, by=manager)
    page = client.get("/").content.decode()
    assert "Triwulan II 2025" in page.split('data-testid="open-period"')[1].split("</div>\n        </div>")[0]


def test_the_cached_panel_follows_the_day(today, officer, client_for, monkeypatch):
    """Late and due entries move with the date: the day is part of the key."""
    from django.utils import timezone

    _plan(2, officer)

    def overdue() -> int:
        page = client_for(officer).get("/").content.decode()  # a new login: the session's clock moved too
        return page.split('data-testid="due"')[1].split("</ul>")[0].count(">terlambat<")

    assert overdue() == 2  # mid-May: April is over, May is not
    june = timezone.make_aware(datetime.datetime(2025, 6, 2, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: june)
    assert overdue() == 4  # May is over too
