from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import Badge, Ring, badges
from core.jobs import BackgroundJob

from .phones import display_phone

# The label of a stakeholder whose influence and interest are not scored yet (no quadrant).
NOT_MAPPED = _("Not yet mapped")


class Region(models.Model):
    """Administrative regions: province → city/regency → district → sub-district."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("City / regency")
        DISTRICT = "district", _("District (kecamatan)")
        SUBDISTRICT = "subdistrict", _("Sub-district (kelurahan/desa)")

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("BPS region code"))
    ring = models.PositiveSmallIntegerField(_("ring"), choices=Ring.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its parent below the province, "Balikpapan Barat › Margo Mulyo": names repeat
        across districts, so every picker and page names a place this way (select_related("parent"))."""
        parent = self.parent if self.parent_id else None
        if parent is None or parent.level == self.Level.PROVINCE:
            return self.name
        return f"{parent.name} › {self.name}"

    @property
    def effective_ring(self) -> int | None:
        """A sub-district without its own ring lies in its district's ring."""
        if self.ring:
            return self.ring
        return self.parent.ring if self.parent_id and self.parent else None

    @property
    def effective_ring_display(self) -> str:
        """ "Ring 2" for `effective_ring` (translated), "" without one."""
        ring = self.effective_ring
        return str(Ring(ring).label) if ring else ""


class Organization(models.Model):
    class Type(models.TextChoices):
        GOVERNMENT = "government", _("Government body / OPD")
        SUBDISTRICT_OFFICE = "subdistrict_office", _("Sub-district office")
        COMMUNITY_GROUP = "community_group", _("Community group")
        COOPERATIVE = "cooperative", _("Cooperative")
        FOSTERED_PARTNER = "fostered_partner", _("Fostered partner (mitra binaan)")
        NGO = "ngo", _("NGO")
        EDUCATION = "education", _("School or university")
        HEALTH_POST = "health_post", _("Health post")
        RELIGIOUS = "religious", _("Religious organisation")
        YOUTH = "youth", _("Youth organisation")
        BUSINESS = "business", _("Business")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class PartnerStatus(models.TextChoices):
        ASSISTED = "assisted", _("Assisted")
        DEVELOPING = "developing", _("Developing")
        INDEPENDENT = "independent", _("Independent")

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    partner_status = models.CharField(
        _("fostered-partner status"),
        max_length=20,
        choices=PartnerStatus.choices,
        blank=True,
    )
    partner_status_year = models.PositiveSmallIntegerField(_("status since (year)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="organization_name_order_idx")]
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="organization_unique_name_region")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:organization_detail", args=[self.pk])


class Stakeholder(models.Model):
    """A person, usually acting for an organisation."""

    class Attitude(models.TextChoices):
        SUPPORTIVE = "supportive", _("Supportive")
        NEUTRAL = "neutral", _("Neutral")
        RESISTANT = "resistant", _("Resistant")

    class Quadrant(models.TextChoices):
        MANAGE_CLOSELY = "manage_closely", _("Manage closely")
        KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
        KEEP_INFORMED = "keep_informed", _("Keep informed")
        MONITOR = "monitor", _("Monitor")

    # Colours of the stakeholder map (static/css/app.css), shared by the grid and its legend.
    ATTITUDE_BADGES = badges(Attitude, {value: Badge(f"attitude-{value.value}") for value in Attitude})
    QUADRANT_BADGES = badges(Quadrant, {value: Badge(f"quadrant-{value.value}") for value in Quadrant})

    # A score of 3 or more out of 5 counts as "high" on the influence/interest grid.
    HIGH_SCORE = 3

    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stakeholders",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stakeholders",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The language messages to them are written in (FGD invitations, tracking codes).
    language = models.CharField(_("language for messages"), max_length=8, choices=settings.LANGUAGES, default="id")
    is_local_hero = models.BooleanField(_("local hero"), default=False)
    is_key_contact = models.BooleanField(_("key contact"), default=False)
    # Empty: "not yet mapped" (a walk-in met once at an FGD): no quadrant, shown apart from the grid.
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    attitude = models.CharField(_("attitude"), max_length=20, choices=Attitude.choices, default=Attitude.NEUTRAL)
    quadrant = models.GeneratedField(
        expression=Case(
            When(Q(influence__isnull=True) | Q(interest__isnull=True), then=Value(None)),
            When(
                Q(influence__gte=HIGH_SCORE, interest__gte=HIGH_SCORE),
                then=Value(Quadrant.MANAGE_CLOSELY.value),
            ),
            When(Q(influence__gte=HIGH_SCORE), then=Value(Quadrant.KEEP_SATISFIED.value)),
            When(Q(interest__gte=HIGH_SCORE), then=Value(Quadrant.KEEP_INFORMED.value)),
            default=Value(Quadrant.MONITOR.value),
        ),
        output_field=models.CharField(max_length=20, choices=Quadrant.choices, null=True),
        db_persist=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Consent under UU PDP 27/2022, recorded whenever contact data is stored.
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_channel = models.CharField(_("consent channel"), max_length=50, blank=True)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["quadrant"])

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5),
                name="stakeholder_influence_1_5",
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["phone"]),
            models.Index(fields=["email"]),
            # The register's default order: the first page is read off the index, not sorted.
            models.Index(fields=["name", "id"], name="stakeholder_name_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:detail", args=[self.pk])

    @property
    def has_contact_data(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def is_mapped(self) -> bool:
        return self.influence is not None and self.interest is not None

    def get_quadrant_display(self) -> str:
        # A GeneratedField gets no get_FOO_display() of its own (its choices sit on the output field).
        return str(self.Quadrant(self.quadrant).label) if self.quadrant else str(NOT_MAPPED)

    @property
    def phone_display(self) -> str:
        """+6281250010001 → 0812-5001-0001, the way Indonesians write it."""
        return display_phone(self.phone)


class Engagement(models.Model):
    """A dated interaction with a stakeholder; FGD attendance is written here by the fgd app."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        LETTER = "letter", _("Letter")
        MESSAGE = "message", _("Message")
        FGD = "fgd", _("FGD")

    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="engagements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class ImportJob(BackgroundJob):
    """One uploaded spreadsheet: checked on upload, written only after a clean check and a confirmation.

    The checked rows are kept here (as plain values) so that what the user confirmed is exactly what
    is written, and so a big file can be written by the worker while the browser polls the progress.
    """

    class Status(models.TextChoices):
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    task_path = "stakeholders.tasks.import_apply_task"

    STATUS_BADGES = badges(
        Status,
        {
            Status.INVALID: Badge("text-bg-danger"),
            Status.READY: Badge("text-bg-info"),
            Status.QUEUED: Badge("text-bg-secondary"),
            Status.RUNNING: Badge("text-bg-primary"),
            Status.DONE: Badge("text-bg-success"),
            Status.FAILED: Badge("text-bg-danger"),
        },
    )

    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The columns the file has: an update writes only these (a file without phones keeps the phones).
    columns = models.JSONField(default=list, editable=False)
    rows = models.JSONField(default=list, editable=False)
    errors = models.JSONField(default=list, editable=False)
    total = models.PositiveIntegerField(_("rows"), default=0)
    to_create = models.PositiveIntegerField(_("new"), default=0)
    to_update = models.PositiveIntegerField(_("updated"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder import")
        verbose_name_plural = _("stakeholder imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:import_preview", args=[self.pk])

    @property
    def rows_done(self) -> int:
        """Rows written so far (the heartbeat's progress; they are committed together at the end)."""
        return self.processed if self.status == self.Status.DONE else self.progress * len(self.rows) // 100
