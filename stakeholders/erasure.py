"""Erasure (UU PDP art. 8) reaches every copy of a person, not only their register row.

`stakeholders.services.stakeholder_erase` blanks the row and its history; this module finds the
copies elsewhere: the checked rows and error messages of spreadsheet imports, the admin log, and
(through the `erase_stakeholder(person)` hook on each AppConfig, as `core.reference` does for
reference data) whatever the apps above keep, such as rendered PDFs that print the name. The
personal-data export lists the same import copies (`import_copies`), so what is shown on request
is what an erasure removes.
"""

import json
import re
from dataclasses import dataclass, replace

from django.apps import apps as global_apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import ImportJob, Stakeholder
from .phones import InvalidPhone, display_phone, normalise_phone


@dataclass(frozen=True)
class Identity:
    """Who a person is in other records, captured before an erasure blanks the row: the values to look for."""

    pk: int
    name: str
    organization: str
    phone: str
    email: str
    placeholder: str
    other_names: tuple[str, ...] = ()  # how they signed elsewhere ("Rina W." on an aspiration)

    def with_names(self, *names: str) -> "Identity":
        return replace(self, other_names=tuple(n for n in {*self.other_names, *names} if n and len(n) > 2))

    @classmethod
    def of(cls, stakeholder: Stakeholder, *, placeholder: str) -> "Identity":
        return cls(
            pk=stakeholder.pk,
            name=" ".join(stakeholder.name.split()),
            organization=stakeholder.organization.name if stakeholder.organization_id else "",
            phone=stakeholder.phone,
            email=stakeholder.email.lower(),
            placeholder=placeholder,
        )

    @property
    def needles(self) -> list[str]:
        """The strings that identify the person in free text: name, phone (as stored and as typed), e-mail."""
        found = [self.name, self.email, self.phone, *self.other_names]
        if self.phone.startswith("+62"):
            found += ["0" + self.phone[3:], self.phone[1:], display_phone(self.phone)]
        return [n for n in found if n]

    def scrub(self, text: str) -> str:
        """The text with every identifying string replaced by the placeholder."""
        for needle in sorted(self.needles, key=len, reverse=True):
            text = re.sub(re.escape(needle), self.placeholder, text, flags=re.IGNORECASE)
        return text

    def mentioned_in(self, text: str) -> bool:
        lowered = text.casefold()
        return any(n.casefold() in lowered for n in self.needles)

    def is_row(self, row: dict) -> bool:
        """A checked import row about this person: the row that wrote them, or one with their name, phone or e-mail."""
        if row.get("pk") == self.pk:
            return True
        if self.name and " ".join(str(row.get("name", "")).split()).casefold() == self.name.casefold():
            return True
        if self.phone and _phone(row.get("phone")) == self.phone:
            return True
        return bool(self.email and str(row.get("email", "")).lower() == self.email)


def _phone(value) -> str:
    try:
        return normalise_phone(str(value or ""))
    except InvalidPhone:  # an unreadable number cannot be theirs
        return ""


def _jobs_mentioning(person: Identity):
    """Import jobs whose stored rows, errors or failure mention the person (the database narrows, Python decides)."""
    condition = Q(rows__contains=[{"pk": person.pk}])
    for needle in person.needles:
        condition |= Q(rows__icontains=needle) | Q(errors__icontains=needle) | Q(error_message__icontains=needle)
        # Phones are stored normalised (+62…) in rows but typed (08…) in messages: both are needles.
    return ImportJob.objects.filter(condition).order_by("pk")


def import_copies(*, person: Identity) -> list[dict]:
    """What the spreadsheet imports hold about the person: for the personal-data export."""
    copies = []
    for job in _jobs_mentioning(person):
        rows = [row for row in job.rows if person.is_row(row)]
        errors = [e for e in job.errors if person.mentioned_in(json.dumps(e, ensure_ascii=False))]
        if rows or errors or person.mentioned_in(job.error_message):
            copies.append(
                {
                    "import": job.pk,
                    "file": job.file_name,
                    "uploaded_at": job.created_at,
                    "status": job.status,
                    "rows": rows,
                    "errors": errors,
                    "failure": job.error_message if person.mentioned_in(job.error_message) else "",
                }
            )
    return copies


def erase_from_imports(*, person: Identity) -> int:
    """Drops the person's rows from imports (a pending import no longer writes them back) and
    scrubs their name, phone and e-mail from error messages. Returns the number of jobs changed."""
    changed = 0
    for job in _jobs_mentioning(person).select_for_update():
        rows = [row for row in job.rows if not person.is_row(row)]
        errors = []
        for error in job.errors:
            if person.is_row(error):
                error = {"row": error.get("row"), "name": person.placeholder, "messages": [_erased_row_message()]}
            else:
                error = {**error, "messages": [person.scrub(str(m)) for m in error.get("messages", [])]}
            errors.append(error)
        failure = person.scrub(job.error_message)
        if (rows, errors, failure) != (job.rows, job.errors, job.error_message):
            gone = [r for r in job.rows if person.is_row(r)]
            ImportJob.objects.filter(pk=job.pk).update(
                rows=rows,
                errors=errors,
                error_message=failure,
                to_create=max(0, job.to_create - sum(1 for r in gone if r.get("pk") is None)),
                to_update=max(0, job.to_update - sum(1 for r in gone if r.get("pk") is not None and r.get("changed"))),
            )
            changed += 1
    return changed


def _erased_row_message() -> str:
    return _("This row held the data of a person who was erased on request.")


def erase_from_admin_log(*, person: Identity) -> int:
    """The admin log names objects by their text (object_repr) and may quote values in change_message."""
    stakeholder_type = ContentType.objects.get_for_model(Stakeholder)
    own = Q(content_type=stakeholder_type, object_id=str(person.pk))
    mentions = Q()
    for needle in person.needles:
        mentions |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    changed = 0
    for entry in LogEntry.objects.filter(own | mentions):
        is_own = entry.content_type_id == stakeholder_type.pk and entry.object_id == str(person.pk)
        entry.object_repr = person.placeholder if is_own else person.scrub(entry.object_repr)
        entry.change_message = person.scrub(entry.change_message)
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=entry.object_repr, change_message=entry.change_message)
        changed += 1
    return changed


def erase_elsewhere(*, person: Identity, stakeholder: Stakeholder) -> None:
    """Every app that keeps copies says so with an `erase_stakeholder(stakeholder, person)` hook on its AppConfig."""
    erase_from_imports(person=person)
    erase_from_admin_log(person=person)
    for config in global_apps.get_app_configs():
        hook = getattr(config, "erase_stakeholder", None)
        if hook is not None:
            hook(stakeholder=stakeholder, person=person)
