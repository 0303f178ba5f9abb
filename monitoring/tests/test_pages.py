"""The monitoring screens: who may do what, forms that keep what was typed, constant query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import Evidence, Period, Realisation
from programs.tests.factories import (
    ActivityFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    ProgramFactory,
    StrategicGoalFactory,
)

from .conftest import photo

# The user with their role (the session is in the cache) takes the first; the figures take 4 (programs, activities,
# realisations with evidence counts, periods) whatever the plan's size. The plan page adds at most 5
# for the Renstra indicators, the program page 2 for its indicators and their quarterly actuals.
MONITORING_PAGE_QUERIES = 13
PROGRAM_PAGE_QUERIES = 10
EXPORT_QUERIES = 8  # the user with their role, then the snapshot (4 queries) whatever the size


def form_data(**fields):
    return {
        "status": "on_track",
        "progress": "40",
        "actual_spend": "Rp 12.500.000",
        "beneficiaries_reached": "25",
        "note": "Pelatihan anyaman sabut angkatan pertama",
        "version": "0",
    } | fields


def test_an_officer_records_a_month_with_a_photo(activity, officer, client_for):
    client = client_for(officer)
    url = reverse("monitoring:record", args=[activity.pk, 2])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(evidence=photo()))
    assert response.status_code == 302
    realisation = Realisation.objects.get(activity=activity, month=2)
    assert realisation.actual_spend == 12_500_000 and realisation.beneficiaries_reached == 25
    evidence = Evidence.objects.get()
    download = client.get(reverse("monitoring:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_refused_evidence_keeps_everything_typed(activity, officer, client_for):
    client = client_for(officer)
    bad = SimpleUploadedFile("bast.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("monitoring:record", args=[activity.pk, 2]), form_data(evidence=bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pelatihan anyaman sabut angkatan pertama" in page and "Rp 12.500.000" in page
    assert "JPEG" in page  # the refusal names what is accepted
    assert not Realisation.objects.exists()


def test_a_conflict_shows_the_other_officers_values(activity, officer, client_for, make_user):
    services.realisation_save(activity=activity, month=2, version=0, by=make_user(None, username="sari"), progress=70)
    response = client_for(officer).post(reverse("monitoring:record", args=[activity.pk, 2]), form_data())
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="conflict"' in page and "70%" in page
    assert 'name="version" value="1"' in page  # saving again is a deliberate overwrite


def test_viewers_read_but_do_not_record(activity, viewer, client_for):
    client = client_for(viewer)
    assert client.get(reverse("monitoring:plan", args=[activity.program.plan.pk])).status_code == 200
    assert client.get(reverse("monitoring:record", args=[activity.pk, 2])).status_code == 403


def test_the_manager_closes_and_reopens_a_quarter(activity, manager, officer, client_for):
    plan = activity.program.plan
    client = client_for(manager)
    client.post(reverse("monitoring:period_close", args=[plan.pk, 1]))
    assert Period.objects.get(plan=plan, quarter=1).is_closed
    officer_client = client_for(officer)
    response = officer_client.post(reverse("monitoring:record", args=[activity.pk, 2]), form_data(), follow=True)
    assert "manager" in response.content.decode().lower() or "manajer" in response.content.decode().lower()
    assert not Realisation.objects.exists()
    client = client_for(manager)
    url = reverse("monitoring:period_reopen", args=[plan.pk, 1])
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with its error
    client.post(url, {"reason": "Koreksi kuitansi"})
    assert not Period.objects.get(plan=plan, quarter=1).is_closed


def _plan_with(n: int, approved_plan, officer):
    goal = StrategicGoalFactory(strategic_plan=approved_plan.strategic_plan)
    GoalIndicatorFactory(goal=goal)  # entered by hand
    rolled_up = GoalIndicatorFactory(goal=goal)
    for i in range(n):
        program = ProgramFactory(plan=approved_plan, code=f"M{i:03d}")
        indicator = IndicatorFactory(program=program, target=10, goal_indicator=rolled_up if i % 2 else None)
        services.indicator_actuals_save(program=program, values={(indicator.pk, 1): Decimal(i)}, by=officer)
        for months in ([1, 2], [3, 4, 5]):
            activity = ActivityFactory(program=program, months=months, budget=30_000_000)
            services.realisation_save(
                activity=activity,
                month=months[0],
                version=0,
                by=officer,
                progress=50,
                actual_spend=10_000_000,
                evidence=[photo()] if i % 2 else [],
            )
    return approved_plan


@pytest.mark.parametrize("programs", [3, 60])
def test_the_monitoring_page_has_a_constant_query_count(
    programs, approved_plan, officer, client_for, django_assert_num_queries
):
    plan = _plan_with(programs, approved_plan, officer)
    client = client_for(officer)
    with django_assert_num_queries(MONITORING_PAGE_QUERIES):
        response = client.get(reverse("monitoring:plan", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<polyline") == 2  # the S-curve: planned and actual


@pytest.mark.parametrize("programs", [3, 60])
def test_the_program_page_has_a_constant_query_count(
    programs, approved_plan, officer, client_for, django_assert_num_queries
):
    plan = _plan_with(programs, approved_plan, officer)
    program = plan.programs.last()
    client = client_for(officer)
    with django_assert_num_queries(PROGRAM_PAGE_QUERIES):
        assert client.get(reverse("monitoring:program", args=[program.pk])).status_code == 200


@pytest.mark.parametrize("programs", [3, 60])
def test_the_xlsx_export_has_a_constant_query_count(
    programs, approved_plan, officer, client_for, django_assert_num_queries
):
    plan = _plan_with(programs, approved_plan, officer)
    client = client_for(officer)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("monitoring:export", args=[plan.pk]))
    assert response.status_code == 200


def test_the_xlsx_export_is_one_flat_table_whose_actuals_sum_to_the_pages_total(activity, officer, client_for):
    import io

    from openpyxl import load_workbook

    services.realisation_save(
        activity=activity,
        month=1,
        version=0,
        by=officer,
        progress=30,
        actual_spend=20_000_000,
        beneficiaries_reached=12,
    )
    services.realisation_save(activity=activity, month=2, version=0, by=officer, progress=60, actual_spend=25_000_000)
    sneaky = ActivityFactory(program=activity.program, months=[5], budget=10_000_000, name='=HYPERLINK("x")')
    services.realisation_save(activity=sneaky, month=5, version=0, by=officer, progress=5, actual_spend=1_000_000)
    client = client_for(officer)
    page = client.get(reverse("monitoring:plan", args=[activity.program.plan_id]))
    response = client.get(reverse("monitoring:export", args=[activity.program.plan_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="realisasi-tjsl-2025-tahunan.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Kode program",
        "Program",
        "Kegiatan",
        "Bulan",
        "Rencana (Rp)",
        "Realisasi (Rp)",
        "Progres (%)",
    )
    body = rows[1:]
    assert len(body) == 4  # Jan, Feb, Mar planned for the first activity; May for the second
    assert sum(r[5] for r in body) == page.context["total"].actual == 46_000_000
    assert sum(r[4] for r in body) == page.context["total"].planned
    assert (body[0][2], body[0][3], body[0][6], body[0][8]) == ("Pelatihan anyaman", 1, 30, 12)
    assert body[3][2] == '\'=HYPERLINK("x")'  # formula injection neutralised

    q1 = client.get(reverse("monitoring:export", args=[activity.program.plan_id]) + "?quarter=1")
    q1_rows = list(load_workbook(io.BytesIO(q1.content)).active.iter_rows(values_only=True))[1:]
    assert sum(r[5] for r in q1_rows) == 45_000_000  # May is after the quarter
