"""Changes of state of aspirations: creation with a tracking code, and the triage workflow."""

import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import jobs
from core.errors import DomainError
from fgd.models import (
    PRIORITY_CRITERIA,
    Aspiration,
    AspirationCategory,
    AspirationMerge,
    AspirationStatusChange,
    BulkTransitionJob,
)
from fgd.selectors.aspirations import merge_undo_refusal
from fgd.services import notices
from fgd.uploads import EXTENSIONS, validate_upload
from stakeholders.services import PRIVACY_NOTICE_VERSION

logger = logging.getLogger(__name__)

Status = Aspiration.Status
Note = AspirationStatusChange.Note

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


class TransitionError(DomainError):
    """A refused status change of an aspiration."""


class ConsentMissing(DomainError):
    """Contact data without the consent that UU PDP 27/2022 asks for."""


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


def missing_public_reason(to_status: str, public_note: str | None) -> str:
    """Declining tells the public why: the message when that reason is missing, else "".

    The one check for the triage form, the traceability view's form and the service itself.
    """
    if to_status == Status.DECLINED and not (public_note or "").strip():
        return _("Give a public reason when declining an aspiration.")
    return ""


def transition_refusal(*, from_status: str, to_status: str, public_note: str, merge_target: int | None) -> str:
    """Why the workflow refuses this change ("" when it allows it): one aspiration or many at once."""
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        return _("An aspiration that is “%(from)s” cannot become “%(to)s”.") % {
            "from": Status(from_status).label,
            "to": Status(to_status).label,
        }
    if reason_missing := missing_public_reason(to_status, public_note):
        return reason_missing
    if to_status == Status.MERGED and merge_target is None:
        return _("Choose the aspiration to merge into.")
    return ""


@transaction.atomic
def aspiration_transition(
    *,
    aspiration: Aspiration,
    to_status: str,
    by=None,
    public_note: str = "",
    private_note: str = "",
    note_kind: str = "",
    note_data: dict | None = None,
) -> AspirationStatusChange:
    """Moves an aspiration along the triage workflow and records the change (the one place where
    public statuses change). A note the system writes is `note_kind` + `note_data`
    (`AspirationStatusChange.Note`), worded in each reader's language when shown."""
    current = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
    refusal = transition_refusal(
        from_status=current.status,
        to_status=to_status,
        public_note=public_note,
        merge_target=current.merged_into_id or aspiration.merged_into_id,
    )
    if refusal:
        raise TransitionError(refusal)
    return _record_status(
        current,
        aspiration,
        to_status=to_status,
        by=by,
        public_note=public_note,
        private_note=private_note,
        note_kind=note_kind,
        note_data=note_data,
    )


def _record_status(
    current: Aspiration,
    aspiration: Aspiration,
    *,
    to_status: str,
    by,
    public_note: str = "",
    private_note: str = "",
    note_kind: str = "",
    note_data: dict | None = None,
) -> AspirationStatusChange:
    """The status write itself, with its history row and notice: `aspiration_transition` after its
    checks, and `aspiration_merge_undo`, which restores a status the workflow would not allow."""
    change = AspirationStatusChange.objects.create(
        aspiration=current,
        from_status=current.status,
        to_status=to_status,
        changed_by=by,
        public_note=public_note.strip(),
        note_kind=note_kind,
        note_data=note_data or {},
        private_note=private_note.strip(),
    )
    current.status = to_status
    if to_status == Status.MERGED:
        current.merged_into_id = current.merged_into_id or aspiration.merged_into_id
    elif current.merged_into_id is not None:
        current.merged_into = None
    current.save(update_fields=["status", "merged_into", "updated_at"])
    aspiration.status, aspiration.merged_into_id = current.status, current.merged_into_id
    notices.status_changed(aspiration=current, change=change)
    return change


# --- The public form -------------------------------------------------------------------------

CONTACT_FIELDS = ("submitter_name", "submitter_phone", "submitter_email")


@transaction.atomic
def aspiration_submit_public(*, fields: dict, consent: bool, attachment=None) -> Aspiration:
    """An aspiration sent by the public: always "received", consent recorded when contact data is given."""
    fields = {key: value for key, value in fields.items() if value not in (None, "")}
    if any(fields.get(name) for name in CONTACT_FIELDS):
        if not consent:
            raise ConsentMissing(_("Tick the consent box when you give your name or contact details."), field="consent")
        fields["consent_given_at"] = timezone.now()
        fields["consent_notice_version"] = PRIVACY_NOTICE_VERSION
    if attachment is not None:
        content_type = validate_upload(attachment)
        # Never keep the sender's file name: it may hold personal data or tricks like "x.pdf.exe".
        attachment.name = f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"
        fields["attachment"] = attachment
    fields["source"] = Aspiration.Source.PUBLIC_FORM
    fields["contact_language"] = (get_language() or "id")[:2]
    aspiration = aspiration_create(**fields)
    notices.receipt(aspiration=aspiration)
    return aspiration


# --- Triage ----------------------------------------------------------------------------------


@transaction.atomic
def aspiration_update(*, aspiration: Aspiration, **fields) -> Aspiration:
    """Edits the descriptive fields (category, pillar, location, …) during triage."""
    for name, value in fields.items():
        setattr(aspiration, name, value)
    aspiration.full_clean(exclude=["tracking_code"])
    aspiration.save()
    return aspiration


@transaction.atomic
def aspiration_score(*, aspiration: Aspiration, **scores: int | None) -> Aspiration:
    """Sets the priority criteria (1–5 each); the weighted score itself is computed by the database."""
    unknown = set(scores) - set(PRIORITY_CRITERIA)
    if unknown:
        raise ValueError(f"Unknown criteria: {sorted(unknown)}")
    for name, value in scores.items():
        setattr(aspiration, name, value)
    aspiration.full_clean(exclude=["tracking_code"])
    aspiration.save(update_fields=[*scores, "updated_at"])
    return aspiration


def merge_refusal(*, duplicate: Aspiration, into: Aspiration) -> str:
    """Why `duplicate` cannot be merged into `into`, or "": checked before the confirmation page
    is shown, and again by `aspiration_merge` under lock."""
    if duplicate.pk == into.pk:
        return _("An aspiration cannot be merged into itself.")
    if into.status == Status.MERGED:
        return _("%(code)s is itself merged into another aspiration; merge into that one instead.") % {
            "code": into.tracking_code
        }
    if Status.MERGED not in ALLOWED_TRANSITIONS[duplicate.status]:
        return _("An aspiration that is “%(from)s” cannot be merged.") % {"from": Status(duplicate.status).label}
    return ""


@transaction.atomic
def aspiration_merge(
    *, duplicate: Aspiration, into: Aspiration, by=None, public_note: str = "", private_note: str = ""
) -> AspirationStatusChange:
    """Marks `duplicate` as merged into `into`: both records stay, the duplicate's supporters move along."""
    into = Aspiration.objects.select_for_update().get(pk=into.pk)
    if refusal := merge_refusal(duplicate=duplicate, into=into):
        raise TransitionError(refusal)
    # Without a typed note, the public reads a generated one in their own language.
    generated = (
        {} if public_note.strip() else {"note_kind": Note.MERGED_INTO, "note_data": {"code": into.tracking_code}}
    )
    previous_status = Aspiration.objects.select_for_update().values_list("status", flat=True).get(pk=duplicate.pk)
    duplicate.merged_into = into
    change = aspiration_transition(
        aspiration=duplicate,
        to_status=Status.MERGED,
        by=by,
        public_note=public_note,
        private_note=private_note,
        **generated,  # type: ignore[arg-type]
    )
    # Earlier duplicates of the duplicate now count for the main aspiration too.
    earlier = Aspiration.objects.select_for_update().filter(merged_into=duplicate)
    repointed = sorted(earlier.values_list("pk", flat=True))
    earlier.update(merged_into=into, updated_at=timezone.now())
    AspirationMerge.objects.create(
        duplicate=duplicate,
        into=into,
        previous_status=previous_status,
        repointed_ids=repointed,
        status_change=change,
        merged_by=by,
    )
    return change


@transaction.atomic
def aspiration_merge_undo(*, merge: AspirationMerge, by=None) -> AspirationMerge:
    """Undoes a merge: the duplicate gets back its status from before the merge and follows no
    one, its own earlier duplicates follow it again (those still following the target: one that a
    person has moved since stays where they put it), and the duplicate's history says so."""
    merge = AspirationMerge.objects.select_for_update().get(pk=merge.pk)
    locked = Aspiration.objects.select_for_update().in_bulk([merge.duplicate_id, merge.into_id])
    merge.duplicate, merge.into = locked[merge.duplicate_id], locked[merge.into_id]
    if refusal := merge_undo_refusal(merge):
        raise TransitionError(refusal)
    duplicate, into = merge.duplicate, merge.into
    Aspiration.objects.filter(pk__in=merge.repointed_ids, merged_into=into, status=Status.MERGED).update(
        merged_into=duplicate, updated_at=timezone.now()
    )
    _record_status(
        duplicate,
        duplicate,
        to_status=merge.previous_status,
        by=by,
        note_kind=Note.MERGE_UNDONE,
        note_data={"code": into.tracking_code},
    )
    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by"])
    return merge


@dataclass
class BulkResult:
    done: int
    # The ones the workflow refused: [{"code": tracking code, "reason": why}, …]
    refused: list[dict] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [row["code"] for row in self.refused]


# Statuses a bulk action may set: merging needs a main aspiration per row, so it has its own form.
BULK_STATUSES = {Status.UNDER_REVIEW, Status.ACCEPTED, Status.DEFERRED}


BULK_FIELDS = (
    "status",
    "tracking_code",
    "title",
    "submitter_name",
    "submitter_email",
    "consent_given_at",
    "updates_stopped_at",
    "contact_language",
    "merged_into",
)


@transaction.atomic
def aspiration_transition_many(*, ids: Iterable[int], to_status: str, by=None, public_note: str = "") -> BulkResult:
    """The same status change for many aspirations, as a few statements (the same rules as
    aspiration_transition, which changes one): each allowed one changes status and gets its history
    row, and its submitter's message is queued, all in this transaction; the others are listed with
    the reason. Rows are locked in id order, as every bulk change takes them."""
    if to_status == Status.MERGED:
        raise ValueError("merging takes a main aspiration per row: use aspiration_merge")
    rows = list(
        Aspiration.objects.select_for_update()
        .filter(pk__in=list(ids))
        .only(*BULK_FIELDS)  # what the rules and the messages read: not the descriptions
        .order_by("pk")
    )
    allowed, refused = [], []
    for aspiration in rows:
        reason = transition_refusal(
            from_status=aspiration.status, to_status=to_status, public_note=public_note, merge_target=None
        )
        if reason:
            refused.append({"code": aspiration.tracking_code, "reason": reason})
        else:
            allowed.append(aspiration)
    if not allowed:
        return BulkResult(done=0, refused=refused)
    changes = AspirationStatusChange.objects.bulk_create(
        AspirationStatusChange(
            aspiration=aspiration,
            from_status=aspiration.status,
            to_status=to_status,
            changed_by=by,
            public_note=public_note.strip(),
        )
        for aspiration in allowed
    )
    Aspiration.objects.filter(pk__in=[a.pk for a in allowed]).update(
        status=to_status, merged_into=None, updated_at=timezone.now()
    )
    for aspiration in allowed:
        aspiration.status, aspiration.merged_into_id = to_status, None
    notices.status_changed_many(changes=list(zip(allowed, changes, strict=True)))
    return BulkResult(done=len(allowed), refused=refused)


def aspiration_bulk_transition(*, aspirations: Iterable[Aspiration], to_status: str, by=None) -> BulkResult:
    """Moves every aspiration that may move; the others are listed (by tracking code) as skipped."""
    return aspiration_transition_many(ids=[a.pk for a in aspirations], to_status=to_status, by=by)


def bulk_background_threshold() -> int:
    return settings.ASPIRATION_BULK_BACKGROUND


def aspiration_bulk_change(*, ids: list[int], to_status: str, by=None) -> BulkResult | BulkTransitionJob:
    """The triage queue's bulk status change: a few at once, here and now; more than
    ASPIRATION_BULK_BACKGROUND as a job for the worker (returned; its page shows the progress)."""
    if to_status not in BULK_STATUSES:
        raise TransitionError(_("This status cannot be set on many aspirations at once."))
    if len(ids) <= bulk_background_threshold():
        return aspiration_transition_many(ids=ids, to_status=to_status, by=by)
    with transaction.atomic():
        job = BulkTransitionJob.objects.create(
            to_status=to_status, aspiration_ids=sorted(set(ids)), created_by=by, queued_at=timezone.now()
        )
        BulkTransitionJob.publish(job.pk)
    return job


# Aspirations changed per transaction by the worker: their changes, history and messages commit together.
BULK_BATCH = 500


class _JobTakenOver(Exception):
    """The job is no longer ours (the sweep re-queued it): this batch is rolled back."""


def bulk_job_run(*, job_id: int) -> BulkTransitionJob | None:
    """The worker's part of a bulk status change: claim the job, then batch after batch in its own
    transaction (changes, history, messages and the job's position together), so a worker killed
    mid-job leaves whole batches done and the next claim goes on from there. None when not ours."""
    token = BulkTransitionJob.claim(job_id)
    if token is None:
        return None
    job = BulkTransitionJob.objects.select_related("created_by").get(pk=job_id)
    ids, position, done, refused = job.aspiration_ids, job.position, job.done, list(job.skipped)
    try:
        with jobs.running(BulkTransitionJob, job_id, token):
            while position < len(ids):
                chunk = ids[position : position + BULK_BATCH]
                with transaction.atomic():
                    result = aspiration_transition_many(ids=chunk, to_status=job.to_status, by=job.created_by)
                    position, done, refused = position + len(chunk), done + result.done, refused + result.refused
                    still_ours = BulkTransitionJob.objects.filter(
                        pk=job_id, status=BulkTransitionJob.Status.RUNNING, claim_token=token
                    ).update(
                        position=position,
                        done=done,
                        skipped=refused,
                        progress=min(99, 100 * position // len(ids)),
                        heartbeat_at=timezone.now(),
                    )
                    if not still_ours:
                        raise _JobTakenOver
    except _JobTakenOver:
        logger.warning("Bulk status change %s was taken over; batch rolled back", job_id)
        return None
    BulkTransitionJob.finish(job_id, token)
    return BulkTransitionJob.objects.get(pk=job_id)


def bulk_job_retry(*, job: BulkTransitionJob) -> bool:
    """Failed: queued again, going on from the last batch written. False when it is not failed."""
    requeued = BulkTransitionJob.objects.filter(pk=job.pk, status=BulkTransitionJob.Status.FAILED).update(
        status=BulkTransitionJob.Status.QUEUED,
        error_message="",
        claim_token="",
        attempts=0,
        queued_at=timezone.now(),
        published_at=None,
    )
    if requeued:
        BulkTransitionJob.publish(job.pk)
    return bool(requeued)


@transaction.atomic
def aspiration_bulk_set_category(*, aspirations: QuerySet, category: AspirationCategory) -> int:
    return aspirations.update(category=category, updated_at=timezone.now())


def _consent_fields(fields: dict, consent: bool, existing=None) -> dict:
    """Consent time and notice version whenever contact data is stored (UU PDP 27/2022)."""
    if any(fields.get(name) for name in CONTACT_FIELDS):
        if not consent:
            raise ConsentMissing(
                _("Record the submitter's consent, or leave the contact fields empty."), field="consent"
            )
        if existing is None or existing.consent_given_at is None:
            return {"consent_given_at": timezone.now(), "consent_notice_version": PRIVACY_NOTICE_VERSION}
        return {}
    return {"consent_given_at": None, "consent_notice_version": ""}


def aspiration_record(*, by, consent: bool = False, **fields) -> Aspiration:
    """An aspiration entered by staff (from an FGD, a visit, a letter)."""
    fields.update(_consent_fields(fields, consent))
    return aspiration_create(created_by=by, **fields)


def aspiration_edit(*, aspiration: Aspiration, consent: bool = False, **fields) -> Aspiration:
    fields.update(_consent_fields(fields, consent, existing=aspiration))
    return aspiration_update(aspiration=aspiration, **fields)
