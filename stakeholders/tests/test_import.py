import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders.imports import check_rows, import_job_apply, import_job_preview, read_table
from stakeholders.models import ImportJob, Organization, Stakeholder
from stakeholders.tasks import import_apply_task

from .factories import StakeholderFactory
from .spreadsheets import csv_bytes, scenario_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str = "stakeholders.xlsx"):
    return client.post(reverse("stakeholders:import"), {"file": SimpleUploadedFile(name, content)})


def test_a_clean_file_is_previewed_then_imported_on_confirmation(officer, client_for):
    client = client_for(officer)
    response = _upload(client, xlsx_bytes(scenario_rows()))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("stakeholders:import_preview", args=[job.pk])
    assert job.status == "ready" and job.total == job.to_create == 48
    assert not Stakeholder.objects.exists()
    assert "48" in client.get(response["Location"]).content.decode()

    response = client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    assert response["Location"] == reverse("stakeholders:list")
    assert Stakeholder.objects.count() == 48
    chair = Stakeholder.objects.get(name="Hj. Rusmiati Mandara")
    assert chair.organization.type == "cooperative" and chair.is_local_hero and chair.phone == "+6281250010016"
    assert str(chair.consent_date) == "2024-11-04" and chair.region.name == "Margo Mulyo"
    assert chair.history.get().history_user == officer
    assert Organization.objects.filter(name="Koperasi Kriya Inovasi Mandara (KIM)").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_written(officer, client_for):
    StakeholderFactory(name="Sudah Ada", phone="+6281299990000")
    good = scenario_rows()[0]
    rows = [
        good,
        ["", "Ketua", "Kelompok X", "community_group", "Margo Mulyo", "", "", 3, 3, "neutral", "", "", "", "", ""],
        ["Ani", "", "", "", "Atlantis", "", "", 3, 3, "", "", "", "", "", ""],
        ["Budi", "", "", "", "Margo Mulyo", "12-34", "", 3, 3, "", "", "", "2024-01-01", "", ""],
        [good[0], "", good[2], "", "Margo Mulyo", "", "", 3, 3, "", "", "", "", "", ""],
        ["Citra", "", "", "", "Margo Mulyo", "0812-9999-0000", "", 3, 3, "", "", "", "2024-01-01", "", ""],
        ["Dedi", "", "", "alien", "Margo Mulyo", "", "bukan-email", 9, "x", "angry", "maybe", "", "", "", ""],
        ["Eka", "", "", "", "Margo Mulyo", good[5], "", 3, 3, "", "", "", "2024-01-01", "", ""],
        ["Fani", "", "", "", "Margo Mulyo", "0812-1111-2222", "", 3, 3, "", "", "", "", "", ""],
    ]
    response = _upload(client_for(officer), xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.rows == []
    problems = {error["row"]: " | ".join(error["messages"]) for error in job.errors}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9, 10]  # spreadsheet rows; row 2 is the good one
    assert "name is missing" in problems[3]
    assert "Unknown region “Atlantis”" in problems[4]
    assert "Bad phone number" in problems[5]
    assert "same person as row 2" in problems[6]
    assert "already belongs to Sudah Ada" in problems[7]
    assert all(
        text in problems[8]
        for text in (
            "Unknown organisation type",
            "Invalid e-mail",
            "Influence must",
            "Interest must",
            "Unknown attitude",
            "yes or no",
        )
    )
    assert "same phone as row 2" in problems[9]
    assert "without the date of consent" in problems[10]
    body = _preview(client_for(officer), job)
    assert "Atlantis" in body and "Nothing has been saved" in body
    assert "import_confirm" not in body and f"/import/{job.pk}/confirm/" not in body
    assert Stakeholder.objects.count() == 1 and not Organization.objects.filter(name="Kelompok X").exists()
    # and it cannot be forced
    client_for(officer).post(reverse("stakeholders:import_confirm", args=[job.pk]))
    assert Stakeholder.objects.count() == 1
    assert response.status_code == 302


def _preview(client, job) -> str:
    return client.get(reverse("stakeholders:import_preview", args=[job.pk])).content.decode()


def test_reimporting_the_same_file_updates_instead_of_duplicating(officer, client_for):
    client = client_for(officer)
    content = xlsx_bytes(scenario_rows())
    _upload(client, content)
    client.post(reverse("stakeholders:import_confirm", args=[ImportJob.objects.get().pk]))
    organizations = Organization.objects.count()

    _upload(client, content)
    again = ImportJob.objects.latest("pk")
    assert again.status == "ready" and (again.to_create, again.to_update) == (0, 0)
    client.post(reverse("stakeholders:import_confirm", args=[again.pk]))
    assert Stakeholder.objects.count() == 48 and Organization.objects.count() == organizations

    rows = scenario_rows()
    rows[0][8] = 1  # interest changed
    _upload(client, csv_bytes(rows), name="stakeholders.csv")
    changed = ImportJob.objects.latest("pk")
    assert (changed.to_create, changed.to_update) == (0, 1)
    client.post(reverse("stakeholders:import_confirm", args=[changed.pk]))
    person = Stakeholder.objects.get(name=rows[0][0])
    assert person.interest == 1 and Stakeholder.objects.count() == 48
    assert person.history.count() == 2


def test_indonesian_headers_semicolons_and_excel_numbers_are_understood():
    content = "nama;organisasi;wilayah;telepon;pengaruh;kepentingan;sikap\nAni;KWT Melati;Margo Mulyo;;4;5;Mendukung\n"
    rows = read_table(name="x.csv", content=content.encode("cp1252"))
    clean, errors = check_rows(rows)
    assert errors == []
    assert clean[0]["attitude"] == "supportive" and clean[0]["influence"] == 4
    rows = read_table(name="x.xlsx", content=xlsx_bytes([["Budi", "", "", "", "Penajam", 81250010001, "", 3, 3]]))
    clean, errors = check_rows(rows)
    assert errors == [
        {"row": 2, "name": "Budi", "messages": ["A phone or e-mail is given without the date of consent."]}
    ]


def test_an_unreadable_file_is_refused_with_a_reason(officer, client_for):
    response = _upload(client_for(officer), b"not a spreadsheet at all", name="x.xlsx")
    assert "not a readable XLSX file" in response.content.decode()
    response = _upload(client_for(officer), b"foo,bar\n1,2\n", name="x.csv")
    assert "No &#x27;name&#x27; column" in response.content.decode() or "No 'name' column" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_template_reads_back_clean(officer, client_for):
    content = client_for(officer).get(reverse("stakeholders:import_template")).content
    clean, errors = check_rows(read_table(name="template.xlsx", content=content))
    assert errors == [] and clean[0]["name"] == "Hj. Rusmiati Mandara"


def test_big_files_go_to_the_worker_and_show_progress(
    officer, client_for, settings, django_capture_on_commit_callbacks
):
    settings.STAKEHOLDER_IMPORT_BACKGROUND_ROWS = 10
    client = client_for(officer)
    _upload(client, xlsx_bytes(scenario_rows()))
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("stakeholders:import_confirm", args=[job.pk]))
    assert response["Location"] == reverse("stakeholders:import_preview", args=[job.pk])
    assert len(callbacks) == 1  # the task is sent once the request commits
    job.refresh_from_db()
    assert job.status == "queued" and not Stakeholder.objects.exists()
    progress = client.get(reverse("stakeholders:import_preview", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'data-hx-trigger="every 1s"' in progress.content.decode() and "0 of 48" in progress.content.decode()
    import_apply_task(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert job.status == "done" and job.processed == 48 and Stakeholder.objects.count() == 48
    done = client.get(reverse("stakeholders:import_preview", args=[job.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.content.decode()


def _big_rows(count: int) -> list[list]:
    regions = ["Margo Mulyo", "Baru Ulu", "Prapatan", "Lawe-Lawe", "Teritip", "Sepaku"]
    return [
        [f"Warga {i}", "Anggota", f"Kelompok {i % 200}", "community_group", regions[i % 6],
         f"0813{i:08d}", f"warga{i}@example.com", i % 5 + 1, (i * 3) % 5 + 1, "neutral", "", "", "2025-01-06", "", ""]
        for i in range(count)
    ]  # fmt: skip


def test_ten_thousand_rows_are_all_imported_and_a_second_run_changes_nothing(officer):
    # How long it takes is measured by `make bench` (bench/imports.py), not asserted here.
    content = xlsx_bytes(_big_rows(10_000))
    job = import_job_preview(name="big.xlsx", content=content, by=officer)
    assert job.status == "ready" and job.to_create == 10_000
    ImportJob.objects.filter(pk=job.pk).update(status="queued")  # confirmed (import_job_confirm queues it)
    import_job_apply(job_id=job.pk)
    assert Stakeholder.objects.count() == 10_000
    # and once more: everything matches, nothing is duplicated
    again = import_job_preview(name="big.xlsx", content=content, by=officer)
    assert (again.to_create, again.to_update) == (0, 0)
