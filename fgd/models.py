import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import Badge, Pillar, Ring, badges
from core.formatting import format_number
from core.i18n import is_english
from core.jobs import BackgroundJob
from stakeholders.models import Engagement, Organization, Region, Stakeholder


class AspirationCategory(models.Model):
    """Managed reference data (education, health, environment, …), named in both languages."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("aspiration category")
        verbose_name_plural = _("aspiration categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_en if is_english() else self.name_id


# The priority criteria of an aspiration, each scored 1–5, in the order people see them: model field →
# key of its weight in settings.PRIORITY_WEIGHTS. The one list: the score form, the scoring service,
# the weighted score and rank, the queue's index and the pages read it.
PRIORITY_CRITERIA = {
    "urgency": "urgency",
    "reach": "reach",
    "ring_score": "ring",
    "alignment": "alignment",
    "feasibility": "feasibility",
}

# The ring criterion suggested from where an aspiration is: ring 1, next to the operations, counts most.
# Rings are the region's (stakeholders); what a ring is worth as a priority is the scoring's, so here.
RING_SCORES = {Ring.RING_1: 5, Ring.RING_2: 3, Ring.RING_3: 1}


def ring_score_for(region: Region | None) -> int | None:
    """The ring criterion for an aspiration in `region` (its own ring, else its district's); None without one."""
    return RING_SCORES.get(region.effective_ring) if region is not None else None


class FgdSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        MINUTES_FINAL = "minutes_final", _("Minutes final")

    STATUS_BADGES = badges(
        Status,
        {
            Status.PLANNED: Badge("text-bg-info"),
            Status.HELD: Badge("text-bg-warning"),
            Status.MINUTES_FINAL: Badge("text-bg-success", "lock-fill"),
        },
    )

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fgd_sessions",
    )
    facilitators = models.CharField(_("facilitator(s)"), max_length=300, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Short code used by the QR code and short link to the public form.
    public_code = models.CharField(_("public code"), max_length=12, unique=True)
    # Minutes (notulen)
    summary = models.TextField(_("summary"), blank=True)
    discussion_points = models.TextField(_("discussion points"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    minutes_finalised_at = models.DateTimeField(_("minutes finalised at"), null=True, blank=True)
    minutes_finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("FGD session")
        verbose_name_plural = _("FGD sessions")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fgd:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.MINUTES_FINAL


class SessionEvent(models.Model):
    """Notable changes to a session's record (finalised, reopened by a manager)."""

    class Action(models.TextChoices):
        # Stored values: never rename them; the labels are what the session page shows.
        CREATED = "created", _("FGD created")
        HELD = "held", _("Marked as held")
        FINALISED = "finalised", _("Minutes finalised, record locked")
        REOPENED = "reopened", _("Minutes reopened by a manager")

    session = models.ForeignKey(FgdSession, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.session} {self.action}"


class Invitation(models.Model):
    """A stakeholder invited to a session, their response, and their attendance."""

    class Response(models.TextChoices):
        PENDING = "pending", _("No response yet")
        # Context "RSVP": the answer to an invitation, not an aspiration's "accepted"/"declined".
        ACCEPTED = "accepted", pgettext_lazy("RSVP", "Accepted")
        DECLINED = "declined", pgettext_lazy("RSVP", "Declined")
        # Answered through the RSVP link: someone else comes in their place (named in delegate_name).
        DELEGATED = "delegated", pgettext_lazy("RSVP", "Sending a representative")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        REPRESENTED = "represented", _("Represented")

    RESPONSE_BADGES = badges(
        Response,
        {
            Response.PENDING: Badge("text-bg-light border", "hourglass"),
            Response.ACCEPTED: Badge("text-bg-success", "check-lg"),
            Response.DECLINED: Badge("text-bg-secondary", "x-lg"),
            Response.DELEGATED: Badge("text-bg-info", "person-check"),
        },
    )
    # Never colour alone: every recorded attendance also has its icon.
    ATTENDANCE_BADGES = badges(
        Attendance,
        {
            Attendance.UNKNOWN: Badge("text-bg-light border"),
            Attendance.PRESENT: Badge("text-bg-success", "check-circle-fill"),
            Attendance.ABSENT: Badge("text-bg-danger", "x-circle"),
            Attendance.REPRESENTED: Badge("text-bg-success", "person-check"),
        },
    )

    session = models.ForeignKey(FgdSession, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="fgd_invitations",
    )
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, default=Response.PENDING)
    attendance = models.CharField(
        _("attendance"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
    )
    represented_by = models.CharField(_("represented by"), max_length=150, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    # The invitation through the outbox (fgd/services/notices.py): when it was queued, when the
    # invitee answered through the RSVP link and whom they said would come in their place.
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    delegate_name = models.CharField(_("representative named in the answer"), max_length=150, blank=True)
    engagement = models.OneToOneField(
        Engagement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fgd_invitation",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["session", "stakeholder"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"{self.stakeholder} @ {self.session}"

    @property
    def attended(self) -> bool:
        return self.attendance in (self.Attendance.PRESENT, self.Attendance.REPRESENTED)


class Attachment(models.Model):
    """A photo or scanned document of a session (JPEG, PNG or PDF), served only to staff."""

    session = models.ForeignKey(FgdSession, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="fgd/attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Aspiration(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        DEFERRED = "deferred", _("Deferred")
        DECLINED = "declined", _("Declined")
        MERGED = "merged", _("Merged into another")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # All pass AA contrast with their text colour.
    STATUS_BADGES = badges(
        Status,
        {
            Status.RECEIVED: Badge("text-bg-secondary"),
            Status.UNDER_REVIEW: Badge("text-bg-info"),
            Status.ACCEPTED: Badge("text-bg-success"),
            Status.DEFERRED: Badge("text-bg-warning"),
            Status.DECLINED: Badge("text-bg-danger"),
            Status.MERGED: Badge("text-bg-light border"),
            Status.PLANNED: Badge("text-bg-primary"),
            Status.IN_PROGRESS: Badge("text-bg-primary"),
            Status.DONE: Badge("text-bg-dark"),
        },
    )

    class Source(models.TextChoices):
        FGD = "fgd", _("FGD")
        PUBLIC_FORM = "public_form", _("Public form")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    category = models.ForeignKey(
        AspirationCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aspirations",
    )
    pillar = models.CharField(_("TJSL pillar"), max_length=20, choices=Pillar.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aspirations",
    )
    location_detail = models.CharField(_("location detail"), max_length=200, blank=True, help_text=_("RT/RW, landmark"))
    beneficiaries_count = models.PositiveIntegerField(_("number of beneficiaries"), null=True, blank=True)
    beneficiaries_kind = models.CharField(_("kind of beneficiaries"), max_length=100, blank=True)
    estimated_cost = models.BigIntegerField(_("estimated cost (Rp)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.FGD)
    session = models.ForeignKey(
        FgdSession,
        verbose_name=_("FGD session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspirations",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspirations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspirations",
    )
    # Submitted through the public form: personal data, never shown publicly.
    submitter_name = models.CharField(_("your name"), max_length=150, blank=True)
    submitter_organization = models.CharField(_("your organisation"), max_length=200, blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    # Updates by e-mail (fgd/services/notices.py): in the language the submitter used; the time they
    # said stop (the one-click link in every message) is recorded here, against the consent.
    contact_language = models.CharField(_("contact language"), max_length=8, blank=True)
    updates_stopped_at = models.DateTimeField(_("updates stopped at"), null=True, blank=True)
    # Raised at an FGD: when its tracking code was queued to the speaker (minutes final). Codes told
    # once are not told again when the minutes are reopened and finalised again.
    code_sent_at = models.DateTimeField(_("tracking code sent at"), null=True, blank=True)
    attachment = models.FileField(_("photo or document"), upload_to="aspirations/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # Priority criteria, each 1–5; the weighted score is computed with settings.PRIORITY_WEIGHTS.
    urgency = models.PositiveSmallIntegerField(
        _("urgency"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    reach = models.PositiveSmallIntegerField(
        _("reach"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    ring_score = models.PositiveSmallIntegerField(
        _("ring area"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    alignment = models.PositiveSmallIntegerField(
        _("alignment with the strategic plan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feasibility = models.PositiveSmallIntegerField(
        _("feasibility"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="aspiration_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="aspiration_merged_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            # Counts of one status's ids (traceability's accepted aspirations no program answers)
            # answered from the index alone.
            models.Index(fields=["status", "id"], name="fgd_aspiration_status_id_idx"),
            # Covers the dashboard's grouped counts, so they never read the wide rows.
            models.Index(fields=["status", "category", "region"], name="fgd_aspiration_counts_idx"),
            # The queue ranks every aspiration by its weighted criteria (weights are settings, so no
            # index can hold the rank itself): reading them from this index skips the wide rows.
            models.Index(
                fields=[*PRIORITY_CRITERIA, "created_at", "id"],
                name="fgd_aspiration_criteria_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("aspirations:detail", args=[self.pk])


class AspirationStatusChange(models.Model):
    """The status history of an aspiration. Public notes are shown on the tracking page."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Aspiration.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Aspiration.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Note(models.TextChoices):
        """Public notes the system writes: stored as a kind and its data, worded when shown, so each
        reader gets them in their own language (`public_text`)."""

        PLANNED_IN_PROGRAM = "planned_in_program", _("Planned in an approved program")
        NO_LONGER_PLANNED = "no_longer_planned", _("No longer planned by the approved plan")
        UNLINKED_FROM_PROGRAM = "unlinked_from_program", _("Unlinked from a program")
        MERGED_INTO = "merged_into", _("Merged into another aspiration")
        PROGRAM_STARTED = "program_started", _("Its program has started")
        PROGRAM_DONE = "program_done", _("Its program is done")
        MERGE_UNDONE = "merge_undone", _("A merge was undone")

    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    public_note = models.TextField(_("public note"), blank=True)
    # A generated public note: its kind and the values it names (strings, dates as ISO strings).
    note_kind = models.CharField(_("generated note"), max_length=30, choices=Note.choices, blank=True)
    note_data = models.JSONField(_("generated note data"), default=dict, blank=True)
    private_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "id"]
        # The dashboard's recent activity reads the newest few changes.
        indexes = [models.Index(fields=["changed_at", "id"], name="fgd_status_change_when_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"

    @property
    def public_text(self) -> str:
        """The public note in the active language: a generated note worded now, else what staff typed."""
        return note_text(self.note_kind, self.note_data) if self.note_kind else self.public_note


class AspirationMerge(models.Model):
    """One merge of a duplicate into another aspiration, with what it changed, so that it can be
    undone exactly (`fgd.services.aspirations.aspiration_merge_undo`)."""

    duplicate = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="merges_as_duplicate")
    into = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="merges_received")
    previous_status = models.CharField(_("status before the merge"), max_length=20, choices=Aspiration.Status.choices)
    # The duplicate's own duplicates, re-pointed from it to `into` by this merge.
    repointed_ids = models.JSONField(_("re-pointed aspirations"), default=list, blank=True)
    # The duplicate's history row of this merge: a later row means someone changed it since.
    status_change = models.OneToOneField(AspirationStatusChange, on_delete=models.CASCADE, related_name="merge")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.duplicate_id} → {self.into_id}"


def note_text(kind: str, data: dict) -> str:
    """Words a generated public note (`AspirationStatusChange.Note`) in the active language."""
    Note = AspirationStatusChange.Note
    values = dict(data)
    if values.get("approved_on"):
        values["approved_on"] = date_format(datetime.date.fromisoformat(values["approved_on"]), "DATE_FORMAT")
    if "version" in values:  # the plan, named as AnnualPlan names itself, in the reader's language
        values["plan"] = f"{values.get('plan_title') or gettext('Work plan')} {values['year']} v{values['version']}"
    if "programs" in values:
        values["program"] = ", ".join(values.pop("programs"))
    if kind == Note.PLANNED_IN_PROGRAM and values.get("plan"):
        return gettext("Planned in program %(program)s (%(plan)s, approved on %(approved_on)s).") % values
    if kind == Note.PLANNED_IN_PROGRAM:  # written before plans were named in the note
        return gettext("Planned in program %(program)s (work plan %(year)s).") % values
    if kind == Note.NO_LONGER_PLANNED and values.get("approved_on"):
        return gettext("No longer planned: %(plan)s, approved on %(approved_on)s, does not include it.") % values
    if kind == Note.NO_LONGER_PLANNED:
        return gettext("No longer planned in %(plan)s.") % values
    if kind == Note.UNLINKED_FROM_PROGRAM:
        return gettext("No longer planned in program %(program)s.") % values
    if kind == Note.PROGRAM_STARTED:
        return gettext("The program “%(program)s” has started.") % values
    if kind == Note.PROGRAM_DONE:
        values["delivered"] = ", ".join(values.get("delivered", []))
        text = gettext("The program “%(program)s” is done. Delivered: %(delivered)s.") % values
        if values.get("reached"):
            reached = {"count": format_number(values["reached"]), "kind": values.get("kind", "")}
            text += " " + gettext("Beneficiaries reached: %(count)s %(kind)s.") % reached
        return text
    if kind == Note.MERGED_INTO:
        return gettext("Merged with the similar aspiration %(code)s: your code now follows that one.") % values
    if kind == Note.MERGE_UNDONE:
        return gettext("No longer merged with %(code)s: your aspiration is handled on its own again.") % values
    raise ValueError(f"unknown note kind {kind!r}")


class BulkTransitionJob(BackgroundJob):
    """A status change of many aspirations at once, applied by the worker in batches (core.jobs).

    Above settings.ASPIRATION_BULK_BACKGROUND the triage queue's bulk action records one of these
    and answers at once; each batch changes its aspirations, writes their history and queues
    their messages in one transaction. An aspiration the workflow refuses is listed, not fatal."""

    task_path = "fgd.tasks.bulk_transition"

    to_status = models.CharField(_("new status"), max_length=20, choices=Aspiration.Status.choices)
    aspiration_ids = models.JSONField(_("aspirations"), default=list)
    # How far the worker got (the index into aspiration_ids): a job re-claimed after its worker
    # died goes on from the last committed batch.
    position = models.PositiveIntegerField(_("position"), default=0)
    done = models.PositiveIntegerField(_("changed"), default=0)
    # [{"code": "ASP-…", "reason": "…"}, …]: the ones the workflow refused, with why.
    skipped = models.JSONField(_("not changed"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk status change")
        verbose_name_plural = _("bulk status changes")

    def __str__(self) -> str:
        return f"{len(self.aspiration_ids)} → {self.to_status}"

    def get_absolute_url(self) -> str:
        return reverse("aspirations:bulk_job", args=[self.pk])

    @property
    def total(self) -> int:
        return len(self.aspiration_ids)
