from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import Badge, Pillar, badges
from core.i18n import is_english
from fgd.models import Aspiration, AspirationCategory
from stakeholders.models import Organization, Region, Stakeholder

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class Sdg(models.Model):
    """The 17 Sustainable Development Goals (TPB), seeded by a migration."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        ordering = ["number"]

    def __str__(self) -> str:
        name = self.name_en if is_english() else self.name_id
        return f"{self.number}. {name}"


# The years a plan may be made for (the annual plan's forms use the same range).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A Renstra is typically five years; longer than ten is a typing mistake.
RENSTRA_MAX_YEARS = 10


class StrategicPlan(models.Model):
    """Renstra: the multi-year strategic plan."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="strategicplan_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:renstra_detail", args=[self.pk])


class StrategicGoal(models.Model):
    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Where the goal stands on the Renstra page and in pickers ("SG10" sorts before "SG2" by code).
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("place in a list", "position"),
        default=0,
        help_text=_("Goals are listed from the lowest number; a new goal goes last."),
    )

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["strategic_plan", "code"], name="strategicgoal_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class GoalIndicator(models.Model):
    """An indicator of a strategic goal, with a target for each year of the Renstra."""

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    # {"2025": "10", "2026": "20", ...}: years as keys, targets as decimal strings.
    yearly_targets = models.JSONField(_("targets per year"), default=dict, blank=True)

    class Meta:
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AnnualPlan(models.Model):
    """One version of the annual TJSL work plan (Rencana Kerja) of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    # Icon and text, never colour alone.
    STATUS_BADGES = badges(
        Status,
        {
            Status.DRAFT: Badge("text-bg-secondary", "pencil"),
            Status.SUBMITTED: Badge("text-bg-warning", "hourglass-split"),
            Status.APPROVED: Badge("text-bg-success", "lock-fill"),
        },
    )

    strategic_plan = models.ForeignKey(
        StrategicPlan,
        verbose_name=_("strategic plan"),
        on_delete=models.PROTECT,
        related_name="annual_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True)
    budget_ceiling = models.BigIntegerField(_("budget ceiling (Rp)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    revised_from = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
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
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="annualplan_unique_year_version"),
            models.CheckConstraint(
                condition=Q(budget_ceiling__gte=0),
                name="annualplan_ceiling_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} {self.year} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])

    @property
    def document_number(self) -> str:
        """The one numbering rule for a plan's documents: "TJSL/RK/2025/v2" (RK: Rencana Kerja)."""
        return f"TJSL/RK/{self.year}/v{self.version}"

    @property
    def display_title(self) -> str:
        """The plan's title, or the one default every page and PDF uses ("Rencana Kerja TJSL")."""
        return self.title or str(_("TJSL work plan"))

    @property
    def is_locked(self) -> bool:
        """Submitted and approved plans cannot be edited; revise an approved plan instead."""
        return self.status != self.Status.DRAFT


class PlanStatusChange(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=AnnualPlan.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=AnnualPlan.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Program(models.Model):
    plan = models.ForeignKey(
        AnnualPlan,
        verbose_name=_("annual plan"),
        on_delete=models.CASCADE,
        related_name="programs",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    pillar = models.CharField(_("TJSL pillar"), max_length=20, choices=Pillar.choices, blank=True)
    category = models.ForeignKey(
        AspirationCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sdgs = models.ManyToManyField(Sdg, verbose_name=_("SDGs"), blank=True, related_name="programs")
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=_("strategic goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    objective = models.TextField(_("objective"), blank=True)
    description = models.TextField(_("description"), blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("locations"), blank=True, related_name="programs")
    beneficiaries_count = models.PositiveIntegerField(_("target beneficiaries"), null=True, blank=True)
    beneficiaries_kind = models.CharField(_("kind of beneficiaries"), max_length=100, blank=True)
    person_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs_in_charge",
    )
    start_month = models.PositiveSmallIntegerField(_("start month"), default=1, validators=MONTH_VALIDATORS)
    end_month = models.PositiveSmallIntegerField(_("end month"), default=12, validators=MONTH_VALIDATORS)
    aspirations = models.ManyToManyField(
        Aspiration,
        verbose_name=_("aspirations answered"),
        blank=True,
        related_name="programs",
    )
    alignment_tags = models.CharField(
        _("local-government alignment"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated tags"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="program_unique_code_in_plan"),
            models.CheckConstraint(condition=Q(end_month__gte=F("start_month")), name="program_month_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.pk])

    @property
    def period_display(self) -> str:
        return f"{MONTHS[self.start_month]} – {MONTHS[self.end_month]}"

    @property
    def alignment_tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.alignment_tags.split(",") if tag.strip()]


class ProgramPartner(models.Model):
    class Role(models.TextChoices):
        IMPLEMENTER = "implementer", _("Implementer")
        BENEFICIARY_GROUP = "beneficiary_group", _("Beneficiary group")
        GOVERNMENT_COUNTERPART = "government_counterpart", _("Government counterpart")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_partnerships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(stakeholder__isnull=False),
                name="programpartner_has_party",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.stakeholder)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OUTPUT)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    # The Renstra indicator this one contributes to: its yearly actual is rolled up from the linked ones.
    goal_indicator = models.ForeignKey(
        GoalIndicator,
        verbose_name=_("contributes to (Renstra indicator)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_indicators",
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class CostCategory(models.TextChoices):
        MATERIALS = "materials", _("Materials")
        TRAINING = "training", _("Training")
        HONORARIA = "honoraria", _("Honoraria")
        EQUIPMENT = "equipment", _("Equipment")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Other")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    # Months of the year when the activity runs, e.g. [3, 4, 5].
    months = models.JSONField(_("months"), default=list)
    budget = models.BigIntegerField(_("budget (Rp)"), default=0)
    # Optional: the budget per month, in the order of `months`, as the officer entered it (sums to `budget`).
    month_split = models.JSONField(_("split per month"), default=list, blank=True)
    cost_category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    responsible_party = models.CharField(_("responsible party"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(budget__gte=0), name="activity_budget_not_negative")]

    def __str__(self) -> str:
        return self.name

    def amounts_by_month(self, months: list[int] | None = None) -> dict[int, int]:
        """The budget per month (the one rule, for the schedule and the plan PDF).

        The split the officer entered, else whole thousands per month with the remainder in the last
        month: Rp 2.030.000.000 over 3 months is 676.666.000, 676.666.000, 676.668.000; never
        676.666.668. `months` defaults to the activity's own.
        """
        months = sorted(months if months is not None else self.months)
        if not months:
            return {}
        if self.month_split and len(self.month_split) == len(months) and sum(self.month_split) == self.budget:
            return dict(zip(months, self.month_split, strict=True))
        share = self.budget // len(months) // 1000 * 1000
        amounts = dict.fromkeys(months[:-1], share)
        amounts[months[-1]] = self.budget - share * (len(months) - 1)
        return amounts
