"""Realisation of an approved plan: what was done and spent per activity and month, the evidence, and
the periods (quarters, the year) a manager closes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import MONTH_VALIDATORS, Activity, AnnualPlan, GoalIndicator, Indicator


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


class Realisation(models.Model):
    """What happened to one activity in one month. `version` grows with every save: a save that
    was started from an older version is refused (two officers on the same activity-month)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        LATE = "late", _("Late")
        DONE = "done", _("Done")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="realisations")
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    actual_spend = models.BigIntegerField(_("actual spend (Rp)"), default=0)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    beneficiaries_reached = models.PositiveIntegerField(_("beneficiaries reached"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["activity_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "month"], name="realisation_one_per_activity_month"),
            models.CheckConstraint(condition=Q(actual_spend__gte=0), name="realisation_spend_not_negative"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="realisation_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.month}"

    @property
    def quarter(self) -> int:
        return quarter_of(self.month)


class Evidence(models.Model):
    """A photo, signed handover (BAST) or receipt of a realisation: JPEG, PNG or PDF, staff-only."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="monitoring/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Period(models.Model):
    """A quarter (1–4) or the whole year (quarter 0) of a plan, once a manager has closed it at least once."""

    YEAR = 0

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="periods")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MaxValueValidator(4)])
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["plan_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "quarter"], name="period_one_per_plan_quarter"),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="period_quarter_0_to_4"),
        ]

    def __str__(self) -> str:
        return str(period_label(self.quarter, self.plan.year))


def period_label(quarter: int, year: int) -> str:
    if quarter == Period.YEAR:
        return _("Year %(year)s") % {"year": year}
    numeral = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
    return _("Quarter %(quarter)s %(year)s") % {"quarter": numeral, "year": year}


class PeriodEvent(models.Model):
    """The history of a period: who closed or reopened it, when and (reopening) why."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("period event")
        verbose_name_plural = _("period events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.period} {self.action}"


class IndicatorActual(models.Model):
    """A program indicator's value reached so far in the year, at the end of a quarter (1–4).
    The year's actual is the latest quarter's value (values are cumulative, not added up)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        ordering = ["indicator_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="indicatoractual_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="indicatoractual_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · Q{self.quarter}"


class GoalIndicatorActual(models.Model):
    """A Renstra indicator's actual of one year, entered by hand: used only when no program indicator
    of that year's approved plan is linked to it (otherwise the actual is rolled up from them)."""

    goal_indicator = models.ForeignKey(GoalIndicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Renstra indicator actual")
        verbose_name_plural = _("Renstra indicator actuals")
        ordering = ["goal_indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["goal_indicator", "year"], name="goalindicatoractual_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_indicator} · {self.year}"
