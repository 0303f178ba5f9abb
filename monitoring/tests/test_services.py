"""Recording a month, evidence, version conflicts and closing periods (real PostgreSQL)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.access import Role
from monitoring import services
from monitoring.models import Evidence, Period, PeriodEvent, Realisation
from programs.models import AnnualPlan
from programs.tests.factories import ActivityFactory, ProgramFactory

from .conftest import photo

Status = Realisation.Status


def save(activity, month=1, version=0, by=None, **fields):
    values = {"status": Status.ON_TRACK, "progress": 30, "actual_spend": 10_000_000, "note": ""} | fields
    return services.realisation_save(activity=activity, month=month, version=version, by=by, **values)


def test_first_save_creates_version_1_and_the_next_needs_it(activity, officer):
    result = save(activity, by=officer)
    assert result.realisation.version == 1
    assert save(activity, version=1, by=officer, progress=60).realisation.version == 2
    assert Realisation.objects.get().progress == 60


def test_the_second_officer_is_told_and_shown_the_others_values(activity, officer, make_user):
    other = make_user(Role.OFFICER, username="budi", first_name="Budi", last_name="Santoso")
    save(activity, by=officer)  # both opened version 1
    save(activity, version=1, by=other, progress=70, note="Sudah 70%")
    with pytest.raises(services.VersionConflict) as caught:
        save(activity, version=1, by=officer, progress=40)
    assert caught.value.current.progress == 70
    assert "Budi Santoso" in str(caught.value)
    assert Realisation.objects.get().progress == 70  # never silently overwritten


def test_a_draft_plan_takes_no_realisation(db, officer):
    activity = ActivityFactory(program=ProgramFactory(plan__status=AnnualPlan.Status.DRAFT))
    with pytest.raises(services.MonitoringError) as caught:
        save(activity, by=officer)
    assert caught.value.code == "plan_not_approved"


def test_cancelling_needs_a_reason(activity, officer):
    with pytest.raises(services.MonitoringError) as caught:
        save(activity, by=officer, status=Status.CANCELLED, cancel_reason=" ")
    assert caught.value.field == "cancel_reason"
    assert save(activity, by=officer, status=Status.CANCELLED, cancel_reason="Lokasi banjir").realisation.pk


def test_spend_above_the_activity_budget_warns_and_the_program_over_plan_needs_a_reason(activity, officer):
    ActivityFactory(program=activity.program, budget=50_000_000)  # the program plans 140 million
    result = save(activity, by=officer, actual_spend=100_000_000)
    assert len(result.warnings) == 1 and "90.000.000" in result.warnings[0]
    with pytest.raises(services.MonitoringError) as caught:
        save(activity, month=2, by=officer, actual_spend=50_000_000)
    assert caught.value.field == "note"
    assert save(activity, month=2, by=officer, actual_spend=50_000_000, note="Harga bahan naik").realisation


def test_evidence_is_stored_privately_and_a_wrong_file_refuses_the_whole_save(activity, officer):
    bad = SimpleUploadedFile("kwitansi.jpg", b"MZ not a photo", content_type="image/jpeg")
    with pytest.raises(services.MonitoringError) as caught:
        save(activity, by=officer, evidence=[bad])
    assert caught.value.field == "evidence" and caught.value.code == "bad_type"
    assert not Realisation.objects.exists()  # nothing half-written

    realisation = save(activity, by=officer, evidence=[photo()], evidence_description="Foto pelatihan").realisation
    evidence = Evidence.objects.get(realisation=realisation)
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "serah-terima.jpg"
    assert "serah-terima" not in evidence.file.name  # random name on disk


def test_a_closed_quarter_refuses_edits_naming_who_can_reopen(activity, officer, manager):
    save(activity, by=officer)
    services.period_close(plan=activity.program.plan, quarter=1, by=manager)
    with pytest.raises(services.PeriodClosed) as caught:
        save(activity, version=1, by=officer)
    message = str(caught.value)
    assert "manager" in message.lower() or "manajer" in message.lower()
    save(activity, month=4, by=officer)  # Q2 stays open


def test_reopening_needs_a_reason_and_is_recorded(activity, manager, officer):
    plan = activity.program.plan
    services.period_close(plan=plan, quarter=1, by=manager)
    with pytest.raises(services.MonitoringError):
        services.period_reopen(plan=plan, quarter=1, by=manager, reason="  ")
    services.period_reopen(plan=plan, quarter=1, by=manager, reason="Kuitansi Maret terlambat")
    save(activity, by=officer)
    events = list(PeriodEvent.objects.values_list("action", "reason"))
    assert events == [("closed", ""), ("reopened", "Kuitansi Maret terlambat")]


def test_the_closed_year_locks_every_month_and_must_be_reopened_first(activity, manager, officer):
    plan = activity.program.plan
    services.period_close(plan=plan, quarter=1, by=manager)
    services.period_close(plan=plan, quarter=Period.YEAR, by=manager)
    with pytest.raises(services.PeriodClosed):
        save(activity, month=11, by=officer)
    with pytest.raises(services.MonitoringError) as caught:
        services.period_reopen(plan=plan, quarter=1, by=manager, reason="Koreksi")
    assert caught.value.code == "year_closed"
    with pytest.raises(services.MonitoringError) as caught:
        services.period_close(plan=plan, quarter=Period.YEAR, by=manager)
    assert caught.value.code == "already_closed"


def test_missing_evidence_is_one_flag_per_activity_naming_its_months(activity, officer):
    from monitoring import selectors

    save(activity, month=1, by=officer)
    save(activity, month=2, by=officer, evidence=[photo()])
    save(activity, month=3, by=officer, status=Status.DONE, progress=100)
    flags = selectors.missing_evidence(selectors.plan_snapshot(plan=activity.program.plan))
    assert [(f.activity, f.months) for f in flags] == [(activity, (1, 3))]
    assert flags[0].text.startswith("Januari, Maret:")


def test_the_page_lists_at_most_the_limit_of_each_kind_and_says_how_many_more(approved_plan):
    from monitoring import selectors

    program = ProgramFactory(plan=approved_plan)
    for n in range(4):
        ActivityFactory(program=program, months=[1], budget=10_000_000, name=f"Kegiatan {n}")
    snapshot = selectors.plan_snapshot(plan=approved_plan)  # 2025 is over: every planned month has passed
    (late,) = [g for g in selectors.attention(snapshot, limit=3) if g.kind == "late"]
    assert (len(late.flags), late.total, late.more) == (3, 4, 1)
