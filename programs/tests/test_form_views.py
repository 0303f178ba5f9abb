"""The create and edit screens: a valid form saves, says so and leads on; errors stay on the form."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from programs import services
from programs.models import AnnualPlan, GoalIndicator, StrategicGoal, StrategicPlan

from .factories import AnnualPlanFactory, ProgramFactory, StrategicGoalFactory, StrategicPlanFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[tuple[str, str]]:
    """The messages waiting after this response (a redirect not followed leaves earlier ones too)."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _id(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def test_a_new_plan_leads_to_its_page(officer, client_for):
    renstra = StrategicPlanFactory()
    data = {"strategic_plan": renstra.pk, "year": 2026, "title": "RKA 2026", "budget_ceiling": "1.000.000"}
    response = client_for(officer).post(reverse("programs:plan_create"), data)
    plan = AnnualPlan.objects.get(year=2026)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert _messages(response) == [("success", _id("Plan created. Add its programs."))]
    assert plan.budget_ceiling == 1_000_000 and plan.created_by == officer


def test_a_refusal_from_the_plan_service_is_shown_on_the_form(officer, client_for, monkeypatch):
    def refuse(**kwargs):
        raise services.PlanError("Tahun ini sudah punya rencana.")

    monkeypatch.setattr(services, "plan_create", refuse)
    data = {"strategic_plan": StrategicPlanFactory().pk, "year": 2026, "budget_ceiling": "1"}
    response = client_for(officer).post(reverse("programs:plan_create"), data)
    assert response.status_code == 200 and "Tahun ini sudah punya rencana." in response.content.decode()
    assert not AnnualPlan.objects.exists()


def test_a_copied_plan_leads_to_the_copy(officer, client_for):
    source = AnnualPlanFactory(year=2025)
    ProgramFactory(plan=source)
    response = client_for(officer).post(reverse("programs:plan_copy"), {"source": source.pk, "year": 2026})
    copy = AnnualPlan.objects.get(year=2026)
    assert response["Location"] == copy.get_absolute_url() and copy.programs.count() == 1
    assert _messages(response)[0][0] == "success"


def test_a_plan_edit_saves_and_a_locked_plan_is_refused_with_a_message(officer, client_for):
    plan = AnnualPlanFactory(budget_ceiling=5)
    url = reverse("programs:plan_edit", args=[plan.pk])
    response = client_for(officer).post(url, {"title": "Baru", "budget_ceiling": "7"})
    assert response["Location"] == plan.get_absolute_url()
    assert _messages(response) == [("success", _id("Plan saved."))]
    plan.refresh_from_db()
    assert (plan.title, plan.budget_ceiling) == ("Baru", 7)

    AnnualPlan.objects.filter(pk=plan.pk).update(status=AnnualPlan.Status.APPROVED)
    response = client_for(officer).post(url, {"title": "Lagi", "budget_ceiling": "9"})
    assert response["Location"] == plan.get_absolute_url()
    assert _messages(response)[-1][0] == "error"
    plan.refresh_from_db()
    assert plan.budget_ceiling == 7


def test_a_manager_builds_a_renstra_with_a_goal_and_its_yearly_targets(manager, client_for):
    client = client_for(manager)
    data = {"name": "Renstra 2025–2027", "start_year": 2025, "end_year": 2027, "vision": "V", "mission": "M"}
    response = client.post(reverse("programs:renstra_create"), data)
    renstra = StrategicPlan.objects.get(name="Renstra 2025–2027")
    assert response["Location"] == renstra.get_absolute_url()
    assert _messages(response) == [("success", _id("Strategic plan saved."))]

    response = client.post(reverse("programs:goal_create", args=[renstra.pk]), {"code": "SG1", "title": "Mandiri"})
    goal = StrategicGoal.objects.get(strategic_plan=renstra)
    assert response["Location"] == renstra.get_absolute_url() and goal.title == "Mandiri"

    url = reverse("programs:goal_indicator_create", args=[goal.pk])
    data = {"name": "Kelompok mandiri", "unit": "kelompok", "baseline": "2", "target_2025": "4", "target_2027": "8"}
    response = client.post(url, data)  # 2026 missing: every year of the Renstra has a target
    assert response.status_code == 200 and "id_target_2026_error" in response.content.decode()
    assert 'value="8"' in response.content.decode()  # what was typed stays
    response = client.post(url, {**data, "target_2026": "1.200,5"})
    assert response["Location"] == renstra.get_absolute_url()
    assert _messages(response)[-1] == ("success", _id("Indicator saved."))
    assert GoalIndicator.objects.get(goal=goal).yearly_targets == {"2025": "4", "2026": "1200.5", "2027": "8"}


def test_renstra_screens_edit_in_place_and_keep_errors_on_the_form(manager, client_for):
    goal = StrategicGoalFactory(code="SG1")
    renstra = goal.strategic_plan
    client = client_for(manager)
    url = reverse("programs:goal_edit", args=[renstra.pk, goal.pk])
    assert client.post(url, {"code": "SG1", "title": "Diubah"})["Location"] == renstra.get_absolute_url()
    goal.refresh_from_db()
    assert goal.title == "Diubah" and StrategicGoal.objects.count() == 1

    other = StrategicGoalFactory(strategic_plan=renstra, code="SG2")
    response = client.post(reverse("programs:goal_edit", args=[renstra.pk, other.pk]), {"code": "SG1", "title": "x"})
    assert response.status_code == 200 and len(_messages(response)) == 1  # only the first save's
    other.refresh_from_db()
    assert other.code == "SG2"

    data = {"name": "Terbalik", "start_year": 2027, "end_year": 2025, "vision": "V", "mission": "M"}
    response = client.post(reverse("programs:renstra_edit", args=[renstra.pk]), data)
    assert response.status_code == 200
    renstra.refresh_from_db()
    assert renstra.name != "Terbalik"
