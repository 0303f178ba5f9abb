"""Issue 11 item 15: "a plan for this year exists" links to that plan and offers a revision."""

import pytest
from django.urls import reverse

from core.access import Role
from programs.models import AnnualPlan

from .factories import AnnualPlanFactory, StrategicPlanFactory


def _approved(**fields) -> AnnualPlan:
    return AnnualPlanFactory(status=AnnualPlan.Status.APPROVED, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["programs:plan_create", "programs:plan_copy"])
def test_the_refusal_links_to_the_years_latest_plan_and_offers_to_revise_it(url_name, officer, client_for):
    old = _approved(year=2026, version=1)
    latest = _approved(year=2026, version=2, strategic_plan=old.strategic_plan)
    data = {"strategic_plan": old.strategic_plan.pk, "year": 2026, "budget_ceiling": "1.000", "source": old.pk}

    body = client_for(officer).post(reverse(url_name), data).content.decode()

    assert 'data-testid="year-taken"' in body
    assert f'href="{latest.get_absolute_url()}"' in body
    assert f'href="{reverse("programs:plan_revise", args=[latest.pk])}"' in body
    assert f'href="{old.get_absolute_url()}"' not in body
    assert AnnualPlan.objects.filter(year=2026).count() == 2


@pytest.mark.django_db
def test_a_draft_in_progress_is_opened_not_revised(officer, client_for):
    draft = AnnualPlanFactory(year=2026)
    data = {"strategic_plan": draft.strategic_plan.pk, "year": 2026, "budget_ceiling": "1.000"}
    body = client_for(officer).post(reverse("programs:plan_create"), data).content.decode()
    assert f'href="{draft.get_absolute_url()}"' in body and "/revise/" not in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_asking_for_a_taken_year_goes_on_to_revise_that_plan(make_user, login_page, live_server):
    renstra = StrategicPlanFactory()
    approved = _approved(year=2025, strategic_plan=renstra, title="Rencana Kerja")
    page = login_page(make_user(Role.OFFICER))
    page.goto(f"{live_server.url}/plans/new/")
    page.select_option("#id_strategic_plan", str(renstra.pk))
    page.fill("#id_year", "2025")
    page.fill("#id_budget_ceiling", "500.000.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()

    alert = page.get_by_test_id("year-taken")
    assert "Rencana Kerja 2025 v1" in alert.inner_text()
    page.screenshot(path="/tmp/shots-programs-year-taken.png", full_page=True)
    with page.expect_navigation():
        page.get_by_test_id("year-taken-revise").click()
    confirm = page.get_by_test_id("confirm-button")
    if confirm.count():  # item 13: revising asks for confirmation first
        with page.expect_navigation():
            confirm.click()
    revision = AnnualPlan.objects.get(year=2025, version=2)
    assert page.url.endswith(revision.get_absolute_url())
    assert revision.revised_from == approved
