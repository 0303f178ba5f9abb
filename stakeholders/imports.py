"""Import of stakeholders from CSV/XLSX: read → check every row → (confirm) → write.

Nothing is written until the whole file is clean and the user confirms. A row matches an existing
person by name and organisation (case-insensitive), so importing the same file again updates
instead of duplicating; an update writes only the columns the file has. Writing goes in chunks
with bulk queries (10,000 rows in seconds) inside one transaction: all rows or none. The
progress is written beside it by the job's heartbeat (core.jobs), so the browser can follow it.

Limits (settings, checked before parsing): IMPORT_MAX_BYTES, IMPORT_MAX_ROWS and, for XLSX, the
unpacked size of the sheet (IMPORT_MAX_XLSX_UNPACKED_BYTES), a guard against zip bombs.
"""

import contextlib
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import jobs
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

# Column of the file → the fields it writes on an existing person (an update writes only the
# columns the file has; a new person gets the defaults for the others).
FIELDS_OF_COLUMN = {
    "position": ["position"],
    "region": ["region_id"],
    "phone": ["phone"],
    "email": ["email"],
    "influence": ["influence"],
    "interest": ["interest"],
    "attitude": ["attitude"],
    "local_hero": ["is_local_hero"],
    "key_contact": ["is_key_contact"],
    "consent_date": ["consent_date"],
    "consent_channel": ["consent_channel"],
    "consent_notice_version": ["consent_notice_version"],
}


def written_fields(columns: list[str]) -> list[str]:
    """The person's fields an update may write, given the file's columns (all of them for old jobs)."""
    if not columns:
        return list(WRITTEN_FIELDS)
    fields = [field for column in columns for field in FIELDS_OF_COLUMN.get(column, [])]
    if {"phone", "email", "consent_date"} & set(columns):
        # Contact data comes with its consent: the channel and notice version go with it.
        fields += ["consent_channel", "consent_notice_version"]
    return [field for field in WRITTEN_FIELDS if field in fields]


class UnreadableFile(DomainError):
    """The file is not a spreadsheet we can read."""


class ImportNotStartable(DomainError):
    """A confirmation of an import that is not ready (or failed) to be written."""


def background_threshold() -> int:
    return getattr(settings, "STAKEHOLDER_IMPORT_BACKGROUND_ROWS", 500)


# --- reading ------------------------------------------------------------------------------


def read_table(*, name: str, content: bytes) -> list[dict]:
    """Rows as {column key: raw value, "_row": spreadsheet row number}; empty rows skipped.

    The first row's recognised columns are in ``columns_of(rows)``. A file over the limits, or one
    that cannot be read, raises ``UnreadableFile`` with a reason."""
    max_bytes = settings.IMPORT_MAX_BYTES
    if len(content) > max_bytes:
        raise UnreadableFile(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes)},
            field="file",
        )
    raw_rows = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    max_rows = settings.IMPORT_MAX_ROWS
    try:
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
            if len(rows) >= max_rows:
                raise UnreadableFile(
                    _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": max_rows},
                    field="file",
                )
            row = {key: value for key, value in zip(keys, values, strict=False) if key}
            row["_row"] = number
            rows.append(row)
    except csv.Error as error:
        raise UnreadableFile(
            _("This CSV file cannot be read (%(reason)s). Save it again as CSV UTF-8 from your spreadsheet program.")
            % {"reason": str(error)},
            field="file",
        ) from None
    return _Rows(rows, columns=[key for key in dict.fromkeys(keys) if key])


class _Rows(list):
    """The rows, and the columns the file has."""

    def __init__(self, rows, *, columns: list[str]):
        super().__init__(rows)
        self.columns = columns


def columns_of(rows: list[dict]) -> list[str]:
    return list(getattr(rows, "columns", [])) or sorted({key for row in rows for key in row if key in COLUMNS})


def _column_key(cell) -> str | None:
    text = " ".join(str(cell or "").strip().lower().replace("_", " ").split())
    for key, aliases in COLUMNS.items():
        if text == key.replace("_", " ") or text in aliases:
            return key
    return None


def _xlsx_rows(content: bytes) -> Iterator[tuple]:
    _check_unpacked_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("This is not a readable XLSX file."), field="file") from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged sheet inside a readable package
        raise UnreadableFile(_("This is not a readable XLSX file."), field="file") from error
    finally:
        workbook.close()


def _check_unpacked_size(content: bytes) -> None:
    """Zip-bomb guard: the XML parts' unpacked sizes, read from the zip directory before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            unpacked = sum(info.file_size for info in package.infolist() if info.filename.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(_("This is not a readable XLSX file."), field="file") from error
    if unpacked > settings.IMPORT_MAX_XLSX_UNPACKED_BYTES:
        raise UnreadableFile(
            _("This XLSX file unpacks to %(size)s, over the limit of %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(settings.IMPORT_MAX_XLSX_UNPACKED_BYTES)},
            field="file",
        )


def _csv_rows(content: bytes) -> Iterator[list]:
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise UnreadableFile(
            _("This CSV file has characters that are neither UTF-8 nor Windows-1252. Save it again as CSV UTF-8."),
            field="file",
        )
    if "\x00" in text:
        raise UnreadableFile(
            _("This CSV file contains NUL bytes: it is probably not a text file. Save it again as CSV UTF-8."),
            field="file",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


# --- checking -----------------------------------------------------------------------------


def check_rows(rows: list[dict], columns: list[str] | None = None) -> tuple[list[dict], list[dict]]:
    """(clean rows ready to write, errors [{"row": n, "name": …, "messages": […]}]): every row is checked."""
    columns_given = columns if columns is not None else columns_of(rows)
    fields = written_fields(columns_given)
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
        if match is not None and "region" not in columns_given:
            # An update from a file without regions keeps the person's region.
            messages = [m for m in messages if m != _("The region is missing.")]
            value["region_id"] = match["region_id"]
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
        value["changed"] = match is None or any(_differs(match, value, f) for f in fields)
        clean.append(value)
    return clean, errors


def _check_row(row: dict, regions, type_lookup: dict, attitude_lookup: dict) -> tuple[dict, list[str]]:
    messages = []
    text = {key: _text(row.get(key)) for key in COLUMNS}
    value = {"row": row["_row"], "name": " ".join(text["name"].split()), "organization": text["organization"]}
    if not value["name"]:
        messages.append(_("The name is missing."))
    value["position"] = text["position"]
    _check_lengths(value, text, messages)
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
    value["consent_channel"] = text["consent_channel"]
    value["consent_notice_version"] = text["consent_notice_version"]
    if value["phone"] or value["email"]:
        if not value["consent_date"]:
            messages.append(_("A phone or e-mail is given without the date of consent."))
        value["consent_channel"] = value["consent_channel"] or "import"
        value["consent_notice_version"] = value["consent_notice_version"] or PRIVACY_NOTICE_VERSION
    return value, messages


def _length_fields() -> dict:
    """Column → the model field whose max_length bounds it: the database's limits, checked in the preview."""
    fields = {"organization": Organization._meta.get_field("name")}
    for column in ("name", "position", "email", "consent_channel", "consent_notice_version"):
        fields[column] = Stakeholder._meta.get_field(column)
    return fields


def _check_lengths(value: dict, text: dict, messages: list) -> None:
    for column, field in _length_fields().items():
        given = value.get(column) if column in ("name", "organization") else text[column]
        if given and len(given) > field.max_length:
            label = Stakeholder._meta.get_field("organization").verbose_name if column == "organization" else None
            messages.append(
                _("The %(field)s is %(length)s characters long; at most %(limit)s fit.")
                % {"field": label or field.verbose_name, "length": len(given), "limit": field.max_length}
            )


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
    columns = columns_of(rows)
    clean, errors = check_rows(rows, columns)
    return ImportJob.objects.create(
        file_name=name[:200],
        status=ImportJob.Status.INVALID if errors or not rows else ImportJob.Status.READY,
        rows=[] if errors else clean,
        columns=columns,
        errors=errors,
        total=len(rows),
        to_create=sum(1 for r in clean if r["pk"] is None),
        to_update=sum(1 for r in clean if r["pk"] is not None and r["changed"]),
        created_by=by,
    )


def import_job_startable(job: ImportJob) -> bool:
    """Ready, failed, or queued and nobody took it (the queue was down): may be confirmed (again)."""
    return job.status in (ImportJob.Status.READY, ImportJob.Status.FAILED) or (
        job.status == ImportJob.Status.QUEUED and job.can_retry
    )


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The person confirmed a clean preview: a small file is written now, a big one is queued for the
    worker (the page then polls its progress). Returns the job as it stands after that.

    The message is sent after the commit; with the broker down the job stays queued, the page
    says it will start when the queue is back, and the sweep sends it then (core.jobs)."""
    if not import_job_startable(job):
        raise ImportNotStartable(_("This import cannot be started (again)."))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.QUEUED,
        error_message="",
        processed=0,
        progress=0,
        queued_at=timezone.now(),
        published_at=None,
        finished_at=None,
        claim_token="",
    )
    if len(job.rows) <= background_threshold():
        import_job_apply(job_id=job.pk, background=False)
    else:
        ImportJob.publish(job.pk)
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int, background: bool = True) -> ImportJob | None:
    """Claim and write a clean, confirmed job: all rows in one transaction, or none.

    In the worker (``background``) a heartbeat thread writes the progress beside the transaction
    and keeps the claim alive; a worker killed mid-import leaves nothing written, and the job is
    re-claimed by the redelivered message or the sweep. None when the job is not ours to run."""
    token = ImportJob.claim(job_id)
    if token is None:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    fields = written_fields(job.columns)
    context = jobs.running(ImportJob, job_id, token) if background else _no_heartbeat()
    try:
        with context as state, transaction.atomic():
            organizations = {o.name.casefold(): o for o in Organization.objects.all()}
            for start in range(0, len(job.rows), CHUNK):
                _apply_chunk(job.rows[start : start + CHUNK], organizations, job.created_by, fields)
                state["progress"] = 100 * min(start + CHUNK, len(job.rows)) // max(len(job.rows), 1)
    except jobs.TRANSIENT_ERRORS:
        raise  # the task retries it (core.jobs.run_job_task)
    except Exception as error:
        # Nothing was written (one transaction): the job says why and can be confirmed again.
        ImportJob.fail(job_id, _("Nothing was imported: %(reason)s") % {"reason": str(error)[:2000]}, token=token)
        if background:
            raise
        job.refresh_from_db()
        return job
    ImportJob.finish(job_id, token, processed=len(job.rows))
    job.refresh_from_db()
    return job


@contextlib.contextmanager
def _no_heartbeat() -> Iterator[dict]:
    yield {"progress": None}


def _apply_chunk(rows: list[dict], organizations: dict, user, fields: list[str] | None = None) -> None:
    fields = fields if fields is not None else list(WRITTEN_FIELDS)
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
            for field in WRITTEN_FIELDS:  # a new person: the file's values, the defaults for the rest
                setattr(person, field, row[field])
            person.consent_date = _as_date(row["consent_date"])
            continue
        if not any(_differs(_as_values(person), row, f) for f in fields):
            continue
        to_update.append(person)
        for field in fields:  # an update writes only the columns the file has
            setattr(person, field, _as_date(row[field]) if field == "consent_date" else row[field])
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
            [*fields, "updated_at"],
            batch_size=500,
            default_user=user,
            default_change_reason="import",
        )


def _as_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


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
