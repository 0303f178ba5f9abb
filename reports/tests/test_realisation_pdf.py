"""The realisation report: a real worker renders it; read back, its totals are the monitoring page's."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.formatting import format_rupiah
from monitoring import services as monitoring_services
from monitoring.models import Realisation
from programs.tests.factories import ActivityFactory
from reports.models import ReportJob
from reports.tests.conftest import wait_for_job
from reports.tests.factories import approved, plan_with_programs

from .test_pipeline import _pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def photo(name: str, colour: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _record(activity, month, by, **fields):
    return monitoring_services.realisation_save(activity=activity, month=month, version=0, by=by, **fields)


@pytest.fixture
def recorded_plan(manager, officer, monkeypatch):
    monkeypatch.setattr(monitoring_services, "today", lambda: datetime.date(2025, 7, 15))
    plan = approved(plan_with_programs(programs=2, activities=1, aspirations=1, year=2025), by=manager)
    first, second = plan.programs.order_by("code")
    coir = first.activities.get()
    coir.months, coir.name = [1, 2, 3], "Pelatihan anyaman sabut"
    coir.save()
    tank = second.activities.get()
    tank.months, tank.name = [2, 3, 4, 5], "Tandon air hujan"
    tank.save()
    late = ActivityFactory(program=second, months=[3], budget=40_000_000, name="Sosialisasi warga")
    _record(coir, 1, officer, status="on_track", progress=30, actual_spend=45_000_000, beneficiaries_reached=20)
    _record(
        coir,
        3,
        officer,
        status="done",
        progress=100,
        actual_spend=120_000_000,
        beneficiaries_reached=35,
        note="Harga sabut naik",
        evidence=[photo("anyaman.jpg", "sienna")],
        evidence_description="Serah terima alat",
    )
    _record(
        tank,
        2,
        officer,
        status="on_track",
        progress=40,
        actual_spend=60_000_000,
        evidence=[photo("tandon.jpg", "steelblue")],
    )
    _record(tank, 5, officer, status="on_track", progress=80, actual_spend=50_000_000)  # after Q1
    _record(late, 3, officer, status="late", progress=10, note="Menunggu izin kelurahan")
    monitoring_services.period_close(plan=plan, quarter=1, by=manager)
    return plan


def test_the_q1_report_has_the_pages_totals_flags_photos_and_signatures(
    celery_worker, client_for, manager, officer, recorded_plan
):
    plan = recorded_plan
    page = client_for(manager).get(reverse("monitoring:plan", args=[plan.pk]) + "?quarter=1")
    total = page.context["total"]
    assert total.actual == 45_000_000 + 120_000_000 + 60_000_000  # May is after Q1
    assert format_rupiah(total.actual) in page.content.decode()

    client = client_for(officer)
    response = client.post(
        "/reports/generate/", {"kind": "realisation_pdf", "target": plan.pk, "quarter": "1", "language": "id"}
    )
    assert response.status_code == 302
    job = wait_for_job(ReportJob.objects.latest("id").pk)
    assert job.status == "done", job.error_message
    assert job.quarter == 1 and job.rendered_status == "closed"
    assert job.download_name == "laporan-realisasi-tjsl-2025-triwulan-1-id.pdf"
    reader, text = _pdf_text(client, job)
    flat = " ".join(text.split())

    assert "Laporan Realisasi TJSL Triwulan I 2025" in flat
    assert format_rupiah(total.actual) in flat and format_rupiah(total.planned) in flat
    for program in plan.programs.all():
        assert program.name in flat
    assert "Harga sabut naik" in flat  # the overspend's explanation
    assert "Menunggu izin kelurahan" in flat  # the late activity's explanation
    assert "Serah terima alat" in flat  # a photo's caption
    assert "Disusun oleh" in flat and "Periode ditutup pada" in flat  # the signatures
    assert "PERIODE" not in flat  # closed: no open-period mark
    photo_page = next(p for p in reader.pages if "Foto bukti" in p.extract_text())
    assert [image.image.size for image in photo_page.images] == [(360, 270)] * 2  # thumbnails, not the originals


def test_the_yearly_report_sees_every_month_and_marks_an_open_period(celery_worker, client_for, officer, recorded_plan):
    client = client_for(officer)
    response = client.post(
        "/reports/generate/",
        {"kind": "realisation_pdf", "target": recorded_plan.pk, "quarter": "0", "language": "en"},
    )
    assert response.status_code == 302
    job = wait_for_job(ReportJob.objects.latest("id").pk)
    assert job.status == "done", job.error_message
    _reader, text = _pdf_text(client, job)
    flat = " ".join(text.split())
    total = sum(Realisation.objects.values_list("actual_spend", flat=True))
    assert "TJSL Annual Realisation Report 2025" in flat
    assert format_rupiah(total, "en") in flat
    assert "PERIOD OPEN" in flat
