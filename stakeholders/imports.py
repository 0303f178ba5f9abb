"""Import of stakeholders from CSV/XLSX: read → check every row → (confirm) → write.

Nothing is written until the whole file is clean and the user confirms. A row matches an existing
person by name and organisation (case-insensitive), so importing the same file again updates
instead of duplicating. Writing goes in chunks with bulk queries (10,000 rows in seconds); each
chunk commits, so the browser can follow the progress, and a failed run can simply be re-run.
"""

import csv
import datetime
import io
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.errors import DomainError

from .models import ImportJob, Organization, Region, Stakeholder
from .phones import InvalidPhone, normalise_phone
from .selectors import region_index
from .services import PRIVACY_NOTICE_VERSION

CHUNK = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Column key → other headers people use for it (Indonesian spreadsheets mostly).
COLUMNS = {
    "name": ["nama", "nama lengkap"],
    "position": ["jabatan"],
    "organization": ["organisasi", "lembaga", "instansi", "organisation"],
    "organization_type": ["jenis organisasi", "jenis", "type"],
    "region": ["wilayah", "kelurahan", "desa", "kecamatan"],
    "phone": ["telepon", "no hp", "hp", "nomor hp", "telp"],
    "email": ["e-mail", "surel"],
    "influence": ["pengaruh"],
    "interest": ["kepentingan", "minat"],
    "attitude": ["sikap"],
    "local_hero": [],
    "key_contact": ["kontak kunci"],
    "consent_date": ["tanggal persetujuan"],
    "consent_channel": ["saluran persetujuan"],
    "consent_notice_version": ["versi pemberitahuan"],
}
EXAMPLE_ROW = [
    "Hj. Rusmiati Mandara",
    "Ketua Koperasi",
    "Koperasi Kriya Inovasi Mandara (KIM)",
    "cooperative",
    "Margo Mulyo",
    "0812-5001-0016",
    "rusmiati.kim@example.com",
    3,
    5,
    "supportive",
    "yes",
    "yes",
    "2024-11-04",
    "Formulir undangan FGD",
    PRIVACY_NOTICE_VERSION,
]
TRUE = {"yes", "ya", "y", "true", "1", "x", "benar"}
FALSE = {"no", "tidak", "t", "n", "false", "0", ""}
# Fields an import sets on a person (compared to tell "updated" from "unchanged").
WRITTEN_FIELDS = [
    "position",
    "region_id",
    "phone",
    "email",
    "influence",
    "interest",
    "attitude",
    "is_local_hero",
    "is_key_contact",
    "consent_date",
    "consent_channel",
    "consent_notice_version",
]


class UnreadableFile(DomainError):
    """The file is not a spreadsheet we can read."""


class ImportNotStartable(DomainError):
    """A confirmation of an import that is not ready (or failed) to be written."""


def background_threshold() -> int:
    return getattr(settings, "STAKEHOLDER_IMPORT_BACKGROUND_ROWS", 500)


# --- reading ------------------------------------------------------------------------------


def read_table(*, name: str, content: bytes) -> list[dict]:
    """Rows as {column key: raw value, "_row": spreadsheet row number}; empty rows skipped."""
    raw_rows = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    try:
        header = next(raw_rows)
    except StopIteration:
        raise UnreadableFile(_("The file is empty."), field="file") from None
    keys = [_column_key(cell) for cell in header]
    if "name" not in keys:
        raise UnreadableFile(_("No 'name' column in the first row: start from the template."), field="file")
    rows = []
    for number, values in enumerate(raw_rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {key: value for key, value in zip(keys, values, strict=False) if key}
        row["_row"] = number
        rows.append(row)
    return rows


def _column_key(cell) -> str | None:
    text = " ".join(str(cell or "").strip().lower().replace("_", " ").split())
    for key, aliases in COLUMNS.items():
        if text == key.replace("_", " ") or text in aliases:
            return key
    return None


def _xlsx_rows(content: bytes) -> Iterator[tuple]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("This is not a readable XLSX file."), field="file") from error
    yield from workbook.worksheets[0].iter_rows(values_only=True)


def _csv_rows(content: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


# --- checking -----------------------------------------------------------------------------


def check_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(clean rows ready to write, errors [{"row": n, "name": …, "messages": […]}]): every row is checked."""
    regions = region_index()
    existing = _existing_people()
    type_lookup = _choice_lookup(Organization.Type)
    attitude_lookup = _choice_lookup(Stakeholder.Attitude)
    seen_keys, seen_phones, seen_emails = {}, {}, {}
    clean, errors = [], []
    for row in rows:
        messages = []
        value, problems = _check_row(row, regions, type_lookup, attitude_lookup)
        messages += problems
        key = (value["name"].casefold(), value["organization"].casefold())
        number = row["_row"]
        if value["name"]:
            if key in seen_keys:
                messages.append(_("The same person as row %(row)s.") % {"row": seen_keys[key]})
            seen_keys.setdefault(key, number)
        match = existing["by_key"].get(key)
        for field, seen, label in (("phone", seen_phones, _("phone")), ("email", seen_emails, _("e-mail"))):
            if not value[field]:
                continue
            if value[field] in seen:
                messages.append(_("The same %(field)s as row %(row)s.") % {"field": label, "row": seen[value[field]]})
            seen.setdefault(value[field], number)
            owner = existing[field].get(value[field])
            if owner and (match is None or owner["pk"] != match["pk"]):
                messages.append(
                    _("This %(field)s already belongs to %(name)s in the register.")
                    % {"field": label, "name": owner["name"]}
                )
        if messages:
            errors.append({"row": number, "name": value["name"], "messages": messages})
            continue
        value["pk"] = match["pk"] if match else None
        value["changed"] = match is None or any(_differs(match, value, f) for f in WRITTEN_FIELDS)
        clean.append(value)
    return clean, errors


def _check_row(row: dict, regions, type_lookup: dict, attitude_lookup: dict) -> tuple[dict, list[str]]:
    messages = []
    text = {key: _text(row.get(key)) for key in COLUMNS}
    value = {"row": row["_row"], "name": " ".join(text["name"].split()), "organization": text["organization"]}
    if not value["name"]:
        messages.append(_("The name is missing."))
    value["position"] = text["position"][:150]
    value["organization_type"] = type_lookup.get(text["organization_type"].casefold(), "")
    if text["organization_type"] and not value["organization_type"]:
        messages.append(_("Unknown organisation type “%(value)s”.") % {"value": text["organization_type"]})
    value["organization_type"] = value["organization_type"] or Organization.Type.OTHER
    region = regions.get(text["region"])
    value["region_id"] = region.pk if region else None
    if not text["region"]:
        messages.append(_("The region is missing."))
    elif regions.ambiguous(text["region"]):
        messages.append(_("The region “%(value)s” exists twice: use its code.") % {"value": text["region"]})
    elif region is None:
        messages.append(_("Unknown region “%(value)s”.") % {"value": text["region"]})
    value["phone"] = _import_phone(text["phone"], messages)
    value["email"] = text["email"].lower()
    if value["email"]:
        try:
            validate_email(value["email"])
        except ValidationError:
            messages.append(_("Invalid e-mail address “%(value)s”.") % {"value": text["email"]})
    for field, label in (("influence", _("Influence")), ("interest", _("Interest"))):
        value[field] = _score(text[field], label, messages)
    value["attitude"] = attitude_lookup.get(text["attitude"].casefold() or "neutral", "")
    if not value["attitude"]:
        messages.append(_("Unknown attitude “%(value)s”.") % {"value": text["attitude"]})
    value["is_local_hero"] = _boolean(text["local_hero"], _("local hero"), messages)
    value["is_key_contact"] = _boolean(text["key_contact"], _("key contact"), messages)
    value["consent_date"] = _date(row.get("consent_date"), messages)
    value["consent_channel"] = text["consent_channel"][:50]
    value["consent_notice_version"] = text["consent_notice_version"][:20]
    if value["phone"] or value["email"]:
        if not value["consent_date"]:
            messages.append(_("A phone or e-mail is given without the date of consent."))
        value["consent_channel"] = value["consent_channel"] or "import"
        value["consent_notice_version"] = value["consent_notice_version"] or PRIVACY_NOTICE_VERSION
    return value, messages


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _import_phone(text: str, messages: list) -> str:
    # Spreadsheets turn 081250010001 into the number 81250010001: give the 0 back.
    if text.isdigit() and text.startswith("8"):
        text = "0" + text
    try:
        return normalise_phone(text)
    except InvalidPhone:
        messages.append(_("Bad phone number “%(value)s”.") % {"value": text})
        return ""


def _score(text: str, label: str, messages: list) -> int:
    if not text:
        return 3
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    messages.append(
        _("%(field)s must be a whole number from 1 to 5, not “%(value)s”.") % {"field": label, "value": text}
    )
    return 3


def _boolean(text: str, label: str, messages: list) -> bool:
    lowered = text.casefold()
    if lowered in TRUE:
        return True
    if lowered not in FALSE:
        messages.append(_("Write yes or no for %(field)s, not “%(value)s”.") % {"field": label, "value": text})
    return False


def _date(raw, messages: list) -> str | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    messages.append(_("Unreadable date “%(value)s”: write it as 2024-11-04 or 04/11/2024.") % {"value": text})
    return None


def _choice_lookup(choices) -> dict[str, str]:
    """Values and labels in both languages → value."""
    from django.utils import translation

    lookup = {}
    for value, label in choices.choices:
        lookup[value.casefold()] = value
        for language in ("en", "id"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def _existing_people() -> dict:
    people = Stakeholder.objects.filter(erased_at__isnull=True).values(
        "pk", "name", "organization__name", *WRITTEN_FIELDS
    )
    index = {"by_key": {}, "phone": {}, "email": {}}
    for person in people:
        index["by_key"].setdefault((person["name"].casefold(), (person["organization__name"] or "").casefold()), person)
        if person["phone"]:
            index["phone"].setdefault(person["phone"], person)
        if person["email"]:
            index["email"].setdefault(person["email"].lower(), person)
    return index


def _differs(existing: dict, value: dict, field: str) -> bool:
    old = existing[field]
    if isinstance(old, datetime.date):
        old = old.isoformat()
    return old != value[field]


# --- the job ------------------------------------------------------------------------------


def import_job_preview(*, name: str, content: bytes, by) -> ImportJob:
    """Read and check an uploaded file; the job says what would happen (or what is wrong)."""
    rows = read_table(name=name, content=content)
    clean, errors = check_rows(rows)
    return ImportJob.objects.create(
        file_name=name[:200],
        status=ImportJob.Status.INVALID if errors or not rows else ImportJob.Status.READY,
        rows=[] if errors else clean,
        errors=errors,
        total=len(rows),
        to_create=sum(1 for r in clean if r["pk"] is None),
        to_update=sum(1 for r in clean if r["pk"] is not None and r["changed"]),
        created_by=by,
    )


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The person confirmed a clean preview: a small file is written now, a big one is queued for the
    worker (the page then polls its progress). Returns the job as it stands after that."""
    if job.status not in (ImportJob.Status.READY, ImportJob.Status.FAILED):
        raise ImportNotStartable(_("This import cannot be started (again)."))
    if len(job.rows) <= background_threshold():
        return import_job_apply(job=job)
    from .tasks import import_apply_task  # the task module imports this one

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, failure="")
    transaction.on_commit(lambda: import_apply_task.delay(job.pk))
    job.refresh_from_db()
    return job


def import_job_apply(*, job: ImportJob) -> ImportJob:
    """Write a clean, confirmed job, chunk by chunk (each chunk commits so progress shows)."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, processed=0, failure="")
    organizations = {o.name.casefold(): o for o in Organization.objects.all()}
    for start in range(0, len(job.rows), CHUNK):
        with transaction.atomic():
            _apply_chunk(job.rows[start : start + CHUNK], organizations, job.created_by)
        ImportJob.objects.filter(pk=job.pk).update(processed=min(start + CHUNK, len(job.rows)))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, processed=len(job.rows), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _apply_chunk(rows: list[dict], organizations: dict, user) -> None:
    new_orgs = {}
    for row in rows:
        key = row["organization"].casefold()
        if row["organization"] and key not in organizations and key not in new_orgs:
            new_orgs[key] = Organization(
                name=row["organization"], type=row["organization_type"], region_id=row["region_id"]
            )
    if new_orgs:
        for org in bulk_create_with_history(list(new_orgs.values()), Organization, default_user=user):
            organizations[org.name.casefold()] = org
        # Some backends do not return primary keys from bulk inserts: read them back.
        missing = [o.name for o in new_orgs.values() if organizations[o.name.casefold()].pk is None]
        for org in Organization.objects.filter(name__in=missing):
            organizations[org.name.casefold()] = org
    # Match again now: a re-run after a failure finds what the first run already wrote.
    existing = {
        (p.name.casefold(), (p.organization.name if p.organization else "").casefold()): p
        for p in Stakeholder.objects.filter(name__in={r["name"] for r in rows}, erased_at__isnull=True).select_related(
            "organization"
        )
    }
    to_create, to_update = [], []
    for row in rows:
        organization = organizations.get(row["organization"].casefold()) if row["organization"] else None
        person = existing.get((row["name"].casefold(), row["organization"].casefold()))
        if person is None:
            person = Stakeholder(name=row["name"], organization=organization)
            to_create.append(person)
        elif not any(_differs(_as_values(person), row, f) for f in WRITTEN_FIELDS):
            continue
        else:
            to_update.append(person)
        for field in WRITTEN_FIELDS:
            setattr(person, field, row[field])
        person.consent_date = datetime.date.fromisoformat(row["consent_date"]) if row["consent_date"] else None
    if to_create:
        bulk_create_with_history(
            to_create, Stakeholder, batch_size=500, default_user=user, default_change_reason="import"
        )
    if to_update:
        for person in to_update:
            person.updated_at = timezone.now()
        bulk_update_with_history(
            to_update,
            Stakeholder,
            [*WRITTEN_FIELDS, "updated_at"],
            batch_size=500,
            default_user=user,
            default_change_reason="import",
        )


def _as_values(person: Stakeholder) -> dict:
    return {field: getattr(person, field) for field in WRITTEN_FIELDS}


def template_workbook() -> bytes:
    """The downloadable template: the headers, one example row, and the allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "stakeholders"
    sheet.append(list(COLUMNS))
    sheet.append(EXAMPLE_ROW)
    help_sheet = workbook.create_sheet("values")
    help_sheet.append(["organization_type", "attitude", "region (name or code)"])

    types, attitudes = Organization.Type.values, Stakeholder.Attitude.values
    regions = list(Region.objects.filter(level__in=["district", "subdistrict"]).values_list("name", "code"))
    for index in range(max(len(types), len(regions))):
        help_sheet.append(
            [
                types[index] if index < len(types) else None,
                attitudes[index] if index < len(attitudes) else None,
                f"{regions[index][0]} ({regions[index][1]})" if index < len(regions) else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
