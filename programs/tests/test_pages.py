"""Every page of plans and programs renders for every role that may see it (and for the public: login)."""

import pytest
from django.urls import reverse

from core.access import Role
from programs import services

from .factories import (
    AnnualPlanFactory,
    AspirationFactory,
    GoalIndicatorFactory,
    ProgramFactory,
    ProgramPartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer):
    plan = AnnualPlanFactory()
    goal = GoalIndicatorFactory(goal__strategic_plan=plan.strategic_plan).goal
    program = ProgramFactory(plan=plan, strategic_goal=goal, with_activity=1_000, alignment_tags="Kelurahan MADANI")
    ProgramPartnerFactory(program=program)
    services.program_link_aspiration(program=program, aspiration=AspirationFactory(), by=officer)
    AspirationFactory()
    return plan, program, goal


def _pages(plan, program, goal, draft=True):
    activity, indicator, partner = program.activities.get(), program.indicators.get(), program.partners.get()
    read = [
        reverse("programs:list"),
        reverse("programs:detail", args=[plan.pk]),
        reverse("programs:traceability", args=[plan.pk]),
        reverse("programs:program_detail", args=[program.pk]),
        reverse("programs:renstra_list"),
        reverse("programs:renstra_detail", args=[plan.strategic_plan.pk]),
        "/",
    ]
    write = [
        reverse("programs:plan_create"),
        reverse("programs:plan_copy"),
        reverse("programs:plan_edit", args=[plan.pk]),
        reverse("programs:program_create", args=[plan.pk]),
        reverse("programs:program_create", args=[plan.pk]) + f"?aspiration={program.aspirations.get().pk}",
        reverse("programs:program_edit", args=[program.pk]),
        reverse("programs:program_delete", args=[program.pk]),
        reverse("programs:activity_create", args=[program.pk]),
        reverse("programs:activity_edit", args=[activity.pk]),
        reverse("programs:activity_delete", args=[activity.pk]),
        reverse("programs:indicator_create", args=[program.pk]),
        reverse("programs:indicator_edit", args=[indicator.pk]),
        reverse("programs:partner_create", args=[program.pk]),
        reverse("programs:partner_delete", args=[partner.pk]),
    ]
    manage = [
        reverse("programs:renstra_create"),
        reverse("programs:renstra_edit", args=[plan.strategic_plan.pk]),
        reverse("programs:goal_create", args=[plan.strategic_plan.pk]),
        reverse("programs:goal_edit", args=[plan.strategic_plan.pk, goal.pk]),
        reverse("programs:goal_indicator_create", args=[goal.pk]),
        reverse("programs:goal_indicator_edit", args=[goal.pk, goal.indicators.get().pk]),
    ]
    return read, write, manage


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_renders_for_the_roles_that_may_see_it(world, make_user, client_for, language, settings):
    plan, program, goal = world
    read, write, manage = _pages(plan, program, goal)
    for role in Role:
        client = client_for(make_user(role, username=f"u-{role.value}"))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in read:
            assert client.get(url).status_code == 200, (role, url)
        for url in write:
            expected = 200 if role != Role.VIEWER else 403
            assert client.get(url).status_code == expected, (role, url)
        for url in manage:
            expected = 200 if role in (Role.MANAGER, Role.ADMINISTRATOR) else 403
            assert client.get(url).status_code == expected, (role, url)


def test_the_public_is_sent_to_the_login_page(world, client):
    plan, program, goal = world
    for url in _pages(plan, program, goal)[0][:-1]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_compare_page_shows_the_differences(world, officer, manager, client_for):
    plan, program, _goal = world
    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=manager)
    v2 = services.plan_revise(plan=plan, by=officer)
    services.activity_save(program=v2.programs.get(), instance=v2.programs.get().activities.get(), budget=2_000)
    page = client_for(officer).get(reverse("programs:plan_compare", args=[v2.pk, plan.pk])).content.decode()
    assert "Rp 1.000" in page and "Rp 2.000" in page
    page = client_for(officer).get(v2.get_absolute_url()).content.decode()
    assert 'data-testid="plan-diff"' in page and "Perubahan sejak versi 1" in page
