"""Erasure (UU PDP art. 8) reaches every copy the register keeps: imports, the admin log, history,
and the personal-data export lists the same copies (issue 16, finding 8)."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from stakeholders import imports
from stakeholders.models import ImportJob, Stakeholder
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Rina Wati", "+6281250010001", "rina@example.com"


@pytest.fixture
def person():
    return StakeholderFactory(name=NAME, phone=PHONE, email=EMAIL)


def _erase(client_for, manager, person):
    response = client_for(manager).post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": NAME})
    assert response.status_code == 302


def _row(**fields):
    row = {"row": 2, "name": "Budi Santoso", "organization": "KIM", "phone": "", "email": "", "pk": None}
    return {**row, "changed": True, **fields}


def _job(manager, **fields):
    return ImportJob.objects.create(file_name="daftar.xlsx", created_by=manager, **fields)


def _traces(text: str) -> list[str]:
    lowered = text.lower()
    return [n for n in (NAME, PHONE, "081250010001", "0812-5001-0001", EMAIL) if n.lower() in lowered]


def test_their_rows_and_error_messages_leave_the_imports(person, manager, client_for):
    done = _job(
        manager,
        status=ImportJob.Status.DONE,
        rows=[_row(name=NAME, phone=PHONE, email=EMAIL, pk=person.pk, changed=False), _row(row=3)],
        total=2,
    )
    invalid = _job(
        manager,
        status=ImportJob.Status.INVALID,
        errors=[
            {"row": 2, "name": "Rina W.", "messages": [f"This phone already belongs to {NAME} in the register."]},
            {"row": 3, "name": NAME, "messages": ["Invalid e-mail address “rina@example”."]},
            {"row": 4, "name": "Budi", "messages": ["The same phone as row 2.", "Unknown region “Waru”."]},
        ],
        total=3,
    )
    failed = _job(manager, status=ImportJob.Status.FAILED, error_message=f"value too long for {EMAIL}")
    other = _job(manager, status=ImportJob.Status.DONE, rows=[_row(name="Siti Aminah")], total=1)

    _erase(client_for, manager, person)

    for job in (done, invalid, failed):
        job.refresh_from_db()
        assert _traces(json.dumps([job.rows, job.errors, job.error_message], ensure_ascii=False)) == [], job.pk
    assert [r["row"] for r in done.rows] == [3]  # Budi's row stays
    assert invalid.errors[0]["messages"] == [f"This phone already belongs to [erased #{person.pk}] in the register."]
    assert invalid.errors[1]["name"] == f"[erased #{person.pk}]"
    assert invalid.errors[2] == {
        "row": 4,
        "name": "Budi",
        "messages": ["The same phone as row 2.", "Unknown region “Waru”."],
    }
    other.refresh_from_db()
    assert other.rows == [_row(name="Siti Aminah")]


def test_an_import_waiting_for_confirmation_does_not_write_them_back(person, manager, client_for):
    """A file checked before the erasure and confirmed after it must not bring the person back."""
    org = person.organization.name
    content = (
        "name,organization,region,phone,position,consent_date\n"
        f"{NAME},{org},Margo Mulyo,0812-5001-0001,Ketua RT,2025-01-02\n"
        f"Budi Santoso,{org},Margo Mulyo,,Anggota,\n"
    )
    job = imports.import_job_preview(name="daftar.csv", content=content.encode(), by=manager)
    assert job.status == ImportJob.Status.READY, job.errors

    _erase(client_for, manager, person)
    job.refresh_from_db()
    imports.import_job_confirm(job=job)

    assert list(Stakeholder.objects.filter(name=NAME)) == []
    assert not Stakeholder.objects.filter(phone=PHONE).exists()
    assert Stakeholder.objects.filter(name="Budi Santoso").count() == 1
    assert (job.total, job.to_create) == (2, 1)


def test_the_admin_log_forgets_them(person, manager, client_for):
    stakeholder_type = ContentType.objects.get_for_model(Stakeholder)
    own = LogEntry.objects.create(
        user=manager,
        content_type=stakeholder_type,
        object_id=str(person.pk),
        object_repr=f"{NAME} (KIM)",
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Phone"]}}, f"phone was {PHONE}"]),
    )
    elsewhere = LogEntry.objects.create(
        user=manager,
        content_type=stakeholder_type,
        object_id="999999",
        object_repr="Siti Aminah",
        action_flag=CHANGE,
        change_message=f"merged with {NAME}, e-mail {EMAIL}",
    )
    untouched = LogEntry.objects.create(
        user=manager, content_type=stakeholder_type, object_id="999998", object_repr="Budi", action_flag=CHANGE
    )

    _erase(client_for, manager, person)

    own.refresh_from_db()
    elsewhere.refresh_from_db()
    untouched.refresh_from_db()
    assert own.object_repr == f"[erased #{person.pk}]"
    assert _traces(own.change_message + elsewhere.change_message + elsewhere.object_repr) == []
    assert elsewhere.object_repr == "Siti Aminah"
    assert untouched.object_repr == "Budi"


def test_no_history_row_keeps_them_not_even_one_written_by_an_import(manager, client_for):
    content = (
        f"name,organization,region,phone,email,consent_date\n{NAME},KIM,Margo Mulyo,0812-5001-0001,{EMAIL},2025-01-02\n"
    )
    job = imports.import_job_preview(name="daftar.csv", content=content.encode(), by=manager)
    assert job.status == ImportJob.Status.READY, job.errors
    imports.import_job_confirm(job=job)
    person = Stakeholder.objects.get(name=NAME)
    person.position = "Ketua"
    person.save()

    _erase(client_for, manager, person)

    rows = Stakeholder.history.model.objects.filter(id=person.pk).values("name", "phone", "email", "position")
    assert list(rows) == [{"name": f"[erased #{person.pk}]", "phone": "", "email": "", "position": ""}]
    job.refresh_from_db()
    assert _traces(json.dumps(job.rows)) == []


def test_the_personal_data_export_lists_the_imports_that_hold_them(person, manager, client_for):
    job = _job(
        manager,
        status=ImportJob.Status.DONE,
        rows=[_row(name=NAME, phone=PHONE, email=EMAIL, pk=person.pk), _row(row=3)],
        total=2,
    )
    _job(manager, status=ImportJob.Status.DONE, rows=[_row(name="Siti Aminah")], total=1)

    response = client_for(manager).get(reverse("stakeholders:personal_data", args=[person.pk]))

    data = json.loads(response.content)
    assert [(i["import"], i["file"]) for i in data["imports"]] == [(job.pk, "daftar.xlsx")]
    assert [r["row"] for r in data["imports"][0]["rows"]] == [2]
