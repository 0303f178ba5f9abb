"""Changes of state of aspirations: creation with a tracking code, and the triage workflow."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Aspiration, AspirationStatusChange

Status = Aspiration.Status

# Easy to read aloud and to type on a phone: no 0/O, 1/I/L.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_PREFIX = "ASP"

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.UNDER_REVIEW, Status.ACCEPTED, Status.DEFERRED, Status.DECLINED, Status.MERGED},
    Status.UNDER_REVIEW: {Status.ACCEPTED, Status.DEFERRED, Status.DECLINED, Status.MERGED},
    Status.ACCEPTED: {Status.PLANNED, Status.DEFERRED, Status.DECLINED, Status.UNDER_REVIEW},
    Status.DEFERRED: {Status.UNDER_REVIEW, Status.ACCEPTED, Status.DECLINED},
    Status.DECLINED: {Status.UNDER_REVIEW},
    Status.MERGED: {Status.UNDER_REVIEW},
    Status.PLANNED: {Status.IN_PROGRESS, Status.ACCEPTED},
    Status.IN_PROGRESS: {Status.DONE, Status.PLANNED},
    Status.DONE: set(),
}


class TransitionError(ValueError):
    """A refused status change; the message is meant for the person who asked."""


def new_tracking_code() -> str:
    chars = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{TRACKING_PREFIX}-{chars[:4]}-{chars[4:]}"


def normalise_tracking_code(raw: str) -> str:
    """Accepts what people type: lower case, spaces, missing dashes. Returns "" when malformed."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    if cleaned.startswith(TRACKING_PREFIX):
        cleaned = cleaned[len(TRACKING_PREFIX) :]
    if len(cleaned) != 8 or any(ch not in TRACKING_ALPHABET for ch in cleaned):
        return ""
    return f"{TRACKING_PREFIX}-{cleaned[:4]}-{cleaned[4:]}"


@transaction.atomic
def aspiration_create(*, created_by=None, public_note: str = "", **fields) -> Aspiration:
    """Creates an aspiration in "received" with a unique tracking code and its first history row."""
    code = new_tracking_code()
    while Aspiration.objects.filter(tracking_code=code).exists():
        code = new_tracking_code()
    aspiration = Aspiration(tracking_code=code, created_by=created_by, status=Status.RECEIVED, **fields)
    aspiration.full_clean(exclude=["tracking_code"])
    aspiration.save()
    AspirationStatusChange.objects.create(
        aspiration=aspiration, from_status="", to_status=Status.RECEIVED, changed_by=created_by, public_note=public_note
    )
    return aspiration


@transaction.atomic
def aspiration_transition(
    *, aspiration: Aspiration, to_status: str, by=None, public_note: str = "", private_note: str = ""
) -> AspirationStatusChange:
    """Moves an aspiration along the triage workflow and records the change."""
    current = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
    if to_status not in ALLOWED_TRANSITIONS[current.status]:
        raise TransitionError(
            _("An aspiration that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(current.status).label, "to": Status(to_status).label}
        )
    if to_status == Status.DECLINED and not public_note.strip():
        raise TransitionError(_("Give a public reason when declining an aspiration."))
    if to_status == Status.MERGED and current.merged_into_id is None and aspiration.merged_into_id is None:
        raise TransitionError(_("Choose the aspiration to merge into."))
    change = AspirationStatusChange.objects.create(
        aspiration=current,
        from_status=current.status,
        to_status=to_status,
        changed_by=by,
        public_note=public_note.strip(),
        private_note=private_note.strip(),
    )
    current.status = to_status
    if to_status == Status.MERGED:
        current.merged_into_id = current.merged_into_id or aspiration.merged_into_id
    elif current.merged_into_id is not None:
        current.merged_into = None
    current.save(update_fields=["status", "merged_into", "updated_at"])
    aspiration.status, aspiration.merged_into_id = current.status, current.merged_into_id
    return change
