"""The plan page's and the traceability page's cached sections (issue 15): kept under the plan data's
version token (core/fragments.py), so a change shows on the next request, whoever writes it."""

import pytest
from django.urls import reverse

from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_transition_many
from programs import services
from programs.models import Activity

from .factories import ActivityFactory, AnnualPlanFactory, AspirationFactory, ProgramFactory
from .test_query_counts import PLAN_PAGE_QUERIES, TRACEABILITY_QUERIES, _plan_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = AnnualPlanFactory()
    program = ProgramFactory(plan=plan, code="LIN-03", name="Bank Sampah Margasari")
    ActivityFactory(program=program, name="Pelatihan pemilahan", months=[2])
    return plan


def test_an_activity_edited_through_the_service_shows_on_the_next_plan_page(plan, officer, client_for):
    client = client_for(officer)
    url = reverse("programs:detail", args=[plan.pk])
    assert "Pelatihan pemilahan" in client.get(url).content.decode()
    activity = Activity.objects.get(name="Pelatihan pemilahan")
    services.activity_save(program=activity.program, instance=activity, name="Pelatihan kompos")
    page = client.get(url).content.decode()
    assert "Pelatihan kompos" in page and "Pelatihan pemilahan" not in page


def test_a_row_saved_without_a_service_shows_too(plan, officer, client_for):
    """post_save replaces the token: an admin edit or a data fix shows as well."""
    client = client_for(officer)
    url = reverse("programs:detail", args=[plan.pk])
    client.get(url)
    ActivityFactory(program=plan.programs.get(), name="Penanaman mangrove", months=[7])
    assert "Penanaman mangrove" in client.get(url).content.decode()


def test_each_language_has_its_own_sections(plan, officer, client_for):
    client = client_for(officer)
    url = reverse("programs:detail", args=[plan.pk])
    assert "Jadwal" in client.get(url).content.decode()
    client.cookies["csrplan_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Schedule" in page and "Jadwal" not in page


def test_linking_and_a_bulk_status_change_show_on_the_next_traceability_page(plan, officer, client_for):
    client = client_for(officer)
    url = reverse("programs:traceability", args=[plan.pk])
    aspiration = AspirationFactory(title="Bank sampah untuk RT 12")
    client.get(url)
    services.program_link_aspiration(program=plan.programs.get(), aspiration=aspiration, by=officer)
    page = client.get(url).content.decode()
    assert 'data-testid="answered-LIN-03">menjawab 1 aspirasi' in page and "Bank sampah untuk RT 12" in page
    # A status change of many aspirations is one UPDATE (no signal): it replaces the token itself.
    aspiration_transition_many(ids=[aspiration.pk], to_status=Aspiration.Status.DEFERRED, by=officer)
    page = client.get(url).content.decode()
    assert "Ditunda" in page.split('data-testid="program-aspirations-LIN-03"')[1].split("</ul>")[0]


def test_the_second_request_skips_the_cached_sections_queries(officer, client_for, django_assert_max_num_queries):
    plan = _plan_with(3, officer)
    client = client_for(officer)
    for name, cold in (("programs:detail", PLAN_PAGE_QUERIES), ("programs:traceability", TRACEABILITY_QUERIES)):
        url = reverse(name, args=[plan.pk])
        first = client.get(url).content.decode()
        with django_assert_max_num_queries(cold - 5):
            second = client.get(url).content.decode()
        marker = 'data-testid="coverage-summary"' if "traceability" in name else 'data-testid="schedule"'
        assert marker in second and second.count("P002") == first.count("P002") > 0


def test_the_decide_links_are_the_rows_addresses(officer, viewer, client_for):
    plan = _plan_with(3, officer)
    waiting = Aspiration.objects.get(programs=None)
    url = reverse("programs:traceability", args=[plan.pk])
    row = reverse("programs:traceability_row", args=[plan.pk, waiting.pk])
    assert f'href="{row}" data-hx-get="{row}"' in client_for(officer).get(url).content.decode()
    assert client_for(officer).get(row).status_code == 200
    assert 'data-testid="decide-' not in client_for(viewer).get(url).content.decode()
