"""Issue 11 item 12: the dashboard starts with each role's to-dos, every count links to its filtered
list, the queries stay constant, and the plan shown is the one being worked on."""

import datetime
import re

import pytest
from django.utils import timezone

from core.access import Role
from fgd.models import Aspiration, FgdSession
from programs import services
from programs.models import AnnualPlan
from programs.tests.factories import AnnualPlanFactory, AspirationFactory, ProgramFactory

pytestmark = pytest.mark.django_db
# The officer's 22 (test_dashboard, with the realisation panel's plan look-up): the manager's own to-do is
# counted in the same query as the officer's (core.queries.count_each).
TODO_QUERIES = 22


def _session(i: int, *, days: int, status=FgdSession.Status.HELD) -> FgdSession:
    return FgdSession.objects.create(
        title=f"FGD {i}",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        venue="Banua Patra",
        public_code=f"TD{i:04d}",
        status=status,
    )


def _submitted(officer, **fields) -> AnnualPlan:
    plan = AnnualPlanFactory(**fields)
    ProgramFactory(plan=plan, with_activity=100_000_000)
    services.plan_submit(plan=plan, by=officer)
    return plan


def _todos(body: str) -> dict[str, tuple[int, str]]:
    found = re.findall(r'href="([^"]+)" data-testid="todo-(\w+)">.*?</i>(\d+)</div>', body, re.S)
    return {key: (int(count), url.replace("&amp;", "&")) for url, key, count in found}


def _data(n: int, officer, manager):
    year = timezone.localtime().year
    for i in range(n):
        AspirationFactory(status=Aspiration.Status.RECEIVED)  # waiting for triage
        _session(i, days=-(i + 1))  # held, minutes not final
        _session(100 + i, days=-(i + 1), status=FgdSession.Status.MINUTES_FINAL)
        _session(200 + i, days=i + 1, status=FgdSession.Status.PLANNED)  # upcoming: nothing to do yet
    AspirationFactory.create_batch(2, status=Aspiration.Status.ACCEPTED)
    waiting = _submitted(officer, year=year + 1)
    returned = _submitted(officer, year=year + 2)
    services.plan_return(plan=returned, by=manager, comment="Kurangi anggaran")
    return waiting, returned


@pytest.mark.parametrize("rows", [2, 30])
def test_each_role_sees_its_todos_with_counts_that_link_to_the_filtered_lists(
    rows, officer, manager, viewer, client_for, django_assert_max_num_queries
):
    waiting, returned = _data(rows, officer, manager)

    manager_client = client_for(manager)
    with django_assert_max_num_queries(TODO_QUERIES):
        manager_page = manager_client.get("/").content.decode()
    officer_page = client_for(officer).get("/").content.decode()
    viewer_page = client_for(viewer).get("/").content.decode()

    assert _todos(manager_page)["approval"] == (1, "/plans/?todo=approval")
    assert _todos(officer_page) == {
        "returned": (1, "/plans/?todo=returned"),
        "triage": (rows, "/aspirations/?status=open"),
        "minutes": (rows, "/fgd/?minutes=pending"),
    }
    assert "approval" not in _todos(officer_page) and _todos(viewer_page) == {}
    assert manager_page.index('data-testid="dashboard-todos"') < manager_page.index('data-testid="dashboard-figures"')

    # Each link shows exactly what its count counts.
    def plans_listed(client, url):
        return re.findall(r'href="/plans/(\d+)/"', client.get(url).content.decode())

    assert set(plans_listed(client_for(manager), "/plans/?todo=approval")) == {str(waiting.pk)}
    assert set(plans_listed(client_for(officer), "/plans/?todo=returned")) == {str(returned.pk)}
    assert set(plans_listed(client_for(manager), "/plans/?todo=returned")) == set()  # not returned to the manager
    fgd_page = client_for(officer).get("/fgd/?minutes=pending")
    listed = [s.pk for s in fgd_page.context["sessions"].past + fgd_page.context["sessions"].upcoming]
    assert len(listed) == rows
    assert set(FgdSession.objects.filter(pk__in=listed).values_list("status", flat=True)) == {"held"}
    triage = client_for(officer).get("/aspirations/?status=open")
    assert triage.context["page_obj"].paginator.count == rows


def test_the_plan_shown_is_the_one_being_worked_on(officer, viewer, client_for):
    year = timezone.localtime().year
    current = AnnualPlanFactory(year=year, status=AnnualPlan.Status.APPROVED)
    page = client_for(viewer).get("/").content.decode()
    assert current.get_absolute_url() in page

    next_year = AnnualPlanFactory(year=year + 1, strategic_plan=current.strategic_plan)  # prepared in November
    page = client_for(viewer).get("/").content.decode()
    assert next_year.get_absolute_url() in page
    assert f"{year + 1}" in re.search(r'id="plan-title">(.*?)</h2>', page).group(1)


def test_an_unknown_todo_shows_every_plan(officer, client_for):
    plans = [AnnualPlanFactory(year=2030), AnnualPlanFactory(year=2031)]
    body = client_for(officer).get("/plans/?todo=bogus").content.decode()
    assert all(p.get_absolute_url() in body for p in plans) and 'data-testid="plan-todo"' not in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_manager_goes_from_the_dashboard_to_the_plan_waiting_for_approval(
    make_user, login_page, live_server, phone_page
):
    officer = make_user(Role.OFFICER, "officer-todo")
    manager = make_user(Role.MANAGER, "manager-todo")
    waiting = _submitted(officer, year=timezone.localtime().year + 1)
    page = login_page(manager)
    page.goto(f"{live_server.url}/")
    page.screenshot(path="/tmp/shots-dashboard-todos.png", full_page=True)
    with page.expect_navigation():
        page.get_by_test_id("todo-approval").click()
    assert page.get_by_test_id("plan-todo").is_visible()
    assert page.locator(f'a[href="{waiting.get_absolute_url()}"]').count() >= 1
