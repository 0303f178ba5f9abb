"""Issue 11 item 14: managers create and edit the Renstra (goals, indicators, yearly targets) in the
UI; officers and viewers read it. Rules in `programs.services` (RenstraError), shown on the forms."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.access import Role
from programs import services
from programs.models import GoalIndicator, StrategicGoal

from .factories import (
    AnnualPlanFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    ProgramFactory,
    StrategicGoalFactory,
    StrategicPlanFactory,
)

pytestmark = pytest.mark.django_db

RENSTRA_PAGE_QUERIES = 9  # the same with 2 or 8 goals: goals, indicators, programs and plans are prefetched


def _refused(call, expected: str, field: str | None = None):
    with translation.override("en"), pytest.raises(services.RenstraError) as error:
        call()
    assert expected in str(error.value)
    assert field is None or error.value.field == field


# --- services ---------------------------------------------------------------------------------


def test_a_renstra_period_is_at_most_ten_years_and_keeps_its_annual_plans():
    _refused(
        lambda: services.strategic_plan_save(name="R", start_year=2026, end_year=2040),
        "at most 10 years",
        "end_year",
    )
    renstra = services.strategic_plan_save(name="Renstra 2026–2030", start_year=2026, end_year=2030)
    AnnualPlanFactory(strategic_plan=renstra, year=2029)
    _refused(
        lambda: services.strategic_plan_save(instance=renstra, name="R", start_year=2026, end_year=2028),
        "keep 2029 inside it",
        "end_year",
    )
    renstra.refresh_from_db()
    assert (renstra.start_year, renstra.end_year) == (2026, 2030)
    services.strategic_plan_save(instance=renstra, name="Renstra 2027–2031", start_year=2027, end_year=2031)


def test_a_new_goal_goes_last_and_codes_are_unique_within_a_renstra():
    renstra = StrategicPlanFactory()
    first = services.strategic_goal_save(strategic_plan=renstra, code="SG1", title="Ekonomi", position=None)
    second = services.strategic_goal_save(strategic_plan=renstra, code="SG10", title="Sosial", position=None)
    third = services.strategic_goal_save(strategic_plan=renstra, code="SG2", title="Lingkungan", position=None)
    assert list(renstra.goals.all()) == [first, second, third]  # by position, not "SG10" < "SG2"
    services.strategic_goal_save(instance=third, strategic_plan=renstra, code="SG2", title="Lingkungan", position=0)
    assert list(renstra.goals.all()) == [third, first, second]
    _refused(
        lambda: services.strategic_goal_save(strategic_plan=renstra, code="SG1", title="x", position=None),
        "has the code SG1",
        "code",
    )


def test_every_year_of_the_renstra_needs_a_target_and_targets_outside_the_period_stay():
    goal = StrategicGoalFactory(strategic_plan=StrategicPlanFactory(start_year=2026, end_year=2028))
    fields = {"goal": goal, "name": "UMKM naik kelas", "unit": "UMKM", "baseline": 3}
    _refused(
        lambda: services.goal_indicator_save(yearly_targets={"2026": 5, "2027": None, "2028": 9}, **fields),
        "Give a target for 2027",
        "target_2027",
    )
    indicator = services.goal_indicator_save(yearly_targets={"2026": 5, "2027": 7, "2028": 9}, **fields)
    indicator.yearly_targets["2025"] = "1"  # from when the period was longer
    indicator.save()
    services.goal_indicator_save(instance=indicator, yearly_targets={"2026": 6, "2027": 7, "2028": 9}, **fields)
    indicator.refresh_from_db()
    assert indicator.yearly_targets == {"2025": "1", "2026": "6", "2027": "7", "2028": "9"}


def test_a_goal_that_programs_serve_is_not_deleted():
    goal = StrategicGoalFactory()
    GoalIndicatorFactory(goal=goal)
    program = ProgramFactory(strategic_goal=goal, plan=AnnualPlanFactory(strategic_plan=goal.strategic_plan))
    _refused(lambda: services.strategic_goal_delete(goal=goal), f"{program.code} (2025 v1)")
    assert StrategicGoal.objects.filter(pk=goal.pk).exists()

    program.strategic_goal = None
    program.save()
    services.strategic_goal_delete(goal=goal)
    assert not StrategicGoal.objects.filter(pk=goal.pk).exists() and not GoalIndicator.objects.exists()


def test_an_indicator_that_program_indicators_contribute_to_is_not_deleted():
    indicator = GoalIndicatorFactory()
    program_indicator = IndicatorFactory(goal_indicator=indicator)
    _refused(lambda: services.goal_indicator_delete(indicator=indicator), program_indicator.program.code)
    _refused(lambda: services.strategic_goal_delete(goal=indicator.goal), "contribute to")
    program_indicator.goal_indicator = None
    program_indicator.save()
    services.goal_indicator_delete(indicator=indicator)
    assert not GoalIndicator.objects.exists()


# --- pages and roles ---------------------------------------------------------------------------


@pytest.fixture
def renstra_tree():
    renstra = StrategicPlanFactory(start_year=2026, end_year=2030, name="Renstra TJSL 2026–2030")
    goal = StrategicGoalFactory(strategic_plan=renstra, code="SG1", title="Kemandirian ekonomi")
    targets = {str(y): str(y - 2020) for y in range(2026, 2031)}
    indicator = GoalIndicatorFactory(goal=goal, yearly_targets=targets)
    return renstra, goal, indicator


def _edit_urls(renstra, goal, indicator) -> list[str]:
    return [
        reverse("programs:renstra_create"),
        reverse("programs:renstra_edit", args=[renstra.pk]),
        reverse("programs:goal_create", args=[renstra.pk]),
        reverse("programs:goal_edit", args=[renstra.pk, goal.pk]),
        reverse("programs:goal_delete", args=[renstra.pk, goal.pk]),
        reverse("programs:goal_indicator_create", args=[goal.pk]),
        reverse("programs:goal_indicator_edit", args=[goal.pk, indicator.pk]),
        reverse("programs:goal_indicator_delete", args=[goal.pk, indicator.pk]),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_managers_edit_the_renstra_and_every_other_role_reads_it(role, renstra_tree, make_user, client_for):
    renstra, goal, indicator = renstra_tree
    client = client_for(make_user(role))
    may_edit = role in (Role.MANAGER, Role.ADMINISTRATOR)
    for url in (reverse("programs:renstra_list"), renstra.get_absolute_url()):
        assert client.get(url).status_code == 200
    page = client.get(renstra.get_absolute_url()).content.decode()
    assert ('data-testid="renstra-actions"' in page) == may_edit
    assert (reverse("programs:goal_delete", args=[renstra.pk, goal.pk]) in page) == may_edit
    for url in _edit_urls(renstra, goal, indicator):
        assert client.get(url).status_code == (200 if may_edit else 403), url
    if not may_edit:
        for url in _edit_urls(renstra, goal, indicator):
            assert client.post(url, {"name": "x", "code": "x", "title": "x"}).status_code == 403, url
        assert StrategicGoal.objects.filter(pk=goal.pk, title="Kemandirian ekonomi").exists()
        assert GoalIndicator.objects.filter(pk=indicator.pk).exists()


def test_nobody_logged_out_reaches_the_renstra(renstra_tree, client):
    renstra, goal, indicator = renstra_tree
    for url in [renstra.get_absolute_url(), *_edit_urls(renstra, goal, indicator)]:
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_deleting_a_goal_asks_first_and_a_used_goal_is_refused_with_the_reason(renstra_tree, manager, client_for):
    renstra, goal, _indicator = renstra_tree
    program = ProgramFactory(strategic_goal=goal, plan=AnnualPlanFactory(strategic_plan=renstra, year=2026))
    client = client_for(manager)
    url = reverse("programs:goal_delete", args=[renstra.pk, goal.pk])
    assert goal.title in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == renstra.get_absolute_url()
    assert program.code in response.content.decode() and StrategicGoal.objects.filter(pk=goal.pk).exists()
    program.delete()
    client.post(url)
    assert not StrategicGoal.objects.filter(pk=goal.pk).exists()


def test_the_renstra_forms_keep_what_was_typed_on_error(renstra_tree, manager, client_for):
    renstra, _goal, _indicator = renstra_tree
    client = client_for(manager)
    data = {"name": "Renstra panjang", "start_year": 2026, "end_year": 2045, "vision": "Visi", "mission": "Misi"}
    response = client.post(reverse("programs:renstra_edit", args=[renstra.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "id_end_year_error" in html and 'value="Renstra panjang"' in html
    renstra.refresh_from_db()
    assert renstra.end_year == 2030


@pytest.mark.parametrize(
    ("language", "words"), [("id", ["Nilai awal", "Tujuan strategis"]), ("en", ["Baseline", "Strategic goals"])]
)
def test_the_renstra_page_and_indicator_form_speak_both_languages(language, words, renstra_tree, manager, client_for):
    renstra, goal, indicator = renstra_tree
    client = client_for(manager)
    client.cookies["csrplan_language"] = language
    page = client.get(renstra.get_absolute_url()).content.decode()
    form = client.get(reverse("programs:goal_indicator_edit", args=[goal.pk, indicator.pk])).content.decode()
    for word in words:
        assert word in page
    assert words[0] in form and "Target 2030" in form


@pytest.mark.parametrize("goals", [2, 8])
def test_the_renstra_page_runs_a_constant_number_of_queries(goals, officer, client_for, django_assert_num_queries):
    renstra = StrategicPlanFactory(start_year=2026, end_year=2030)
    plan = AnnualPlanFactory(strategic_plan=renstra, year=2026)
    AnnualPlanFactory(strategic_plan=renstra, year=2027)
    for _ in range(goals):
        goal = StrategicGoalFactory(strategic_plan=renstra)
        GoalIndicatorFactory.create_batch(2, goal=goal)
        ProgramFactory(strategic_goal=goal, plan=plan)
    client = client_for(officer)
    with django_assert_num_queries(RENSTRA_PAGE_QUERIES):
        response = client.get(renstra.get_absolute_url())
    assert response.content.decode().count('data-testid="goal-indicators"') == goals
