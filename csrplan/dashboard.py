"""The staff dashboard at `/`: figures gathered from each app's models and selectors.

The project package may read every app (it sits outside the apps' flow of data). The page runs a
constant number of queries: each figure is one aggregate query, lists are sliced.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fgd.models import Aspiration, AspirationStatusChange, FgdSession
from programs.models import PlanStatusChange
from programs.selectors import PlanTotals, plan_current_for_year, plan_totals
from stakeholders.models import Region


@dataclass(frozen=True)
class CountRow:
    """`key`, `label`, `count` for a chart of counts."""

    key: object
    label: str
    count: int


@dataclass(frozen=True)
class Event:
    """One line of recent activity: `when`, `who` (str), `text`, `url` ("" when none)."""

    when: datetime
    who: str
    text: str
    url: str


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else _("the public")


def aspirations_by_status() -> list[CountRow]:
    counts = dict(Aspiration.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [CountRow(s.value, str(s.label), counts.get(s.value, 0)) for s in Aspiration.Status if counts.get(s.value)]


def aspirations_by_category() -> list[CountRow]:
    name = "category__name_en" if (get_language() or "id").startswith("en") else "category__name_id"
    rows = (
        Aspiration.objects.exclude(status=Aspiration.Status.MERGED)
        .values("category", name)
        .annotate(n=Count("id"))
        .order_by("-n", name)
    )
    return [CountRow(r["category"], r[name] or _("No category"), r["n"]) for r in rows]


def aspirations_by_district() -> list[CountRow]:
    """Counted by district (kecamatan): a sub-district's aspirations count under its district."""
    rows = (
        Aspiration.objects.exclude(status=Aspiration.Status.MERGED)
        .values("region__level", "region__name", "region__parent__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter = Counter()
    for r in rows:
        if r["region__level"] == Region.Level.SUBDISTRICT:
            counts[r["region__parent__name"]] += r["n"]
        else:
            counts[r["region__name"] or _("No location")] += r["n"]
    return [CountRow(label, label, n) for label, n in counts.most_common()]


def upcoming_sessions(*, now: datetime, limit: int = 5) -> list[FgdSession]:
    return list(
        FgdSession.objects.filter(starts_at__gte=now)
        .exclude(status=FgdSession.Status.MINUTES_FINAL)
        .select_related("region")
        .annotate(invited=Count("invitations"))
        .order_by("starts_at")[:limit]
    )


def recent_activity(*, limit: int = 10) -> list[Event]:
    """The latest aspiration and plan status changes, newest first."""
    aspiration_changes = AspirationStatusChange.objects.select_related("aspiration", "changed_by").order_by(
        "-changed_at", "-id"
    )[:limit]
    plan_changes = PlanStatusChange.objects.select_related("plan", "changed_by").order_by("-changed_at", "-id")[:limit]
    events = [
        Event(
            c.changed_at,
            _name(c.changed_by),
            _("Aspiration %(code)s “%(title)s”: %(status)s")
            % {"code": c.aspiration.tracking_code, "title": c.aspiration.title, "status": c.get_to_status_display()},
            "",
        )
        for c in aspiration_changes
    ]
    events += [
        Event(
            c.changed_at,
            _name(c.changed_by),
            f"{c.plan}: {c.get_to_status_display()}",
            c.plan.get_absolute_url(),
        )
        for c in plan_changes
    ]
    return sorted(events, key=lambda e: e.when, reverse=True)[:limit]


def dashboard_context(*, user) -> dict:
    now = timezone.now()
    year = timezone.localtime(now).year
    plan = plan_current_for_year(year=year)
    totals: PlanTotals | None = plan_totals(plan=plan) if plan else None
    by_status = aspirations_by_status()
    return {
        "year": year,
        "plan": plan,
        "totals": totals,
        "aspiration_total": sum(r.count for r in by_status),
        "aspirations_by_status": by_status,
        "aspirations_by_category": aspirations_by_category(),
        "aspirations_by_district": aspirations_by_district(),
        "waiting_for_triage": sum(
            r.count for r in by_status if r.key in (Aspiration.Status.RECEIVED, Aspiration.Status.UNDER_REVIEW)
        ),
        "accepted_unplanned": sum(r.count for r in by_status if r.key == Aspiration.Status.ACCEPTED),
        "upcoming_sessions": upcoming_sessions(now=now),
        "recent_activity": recent_activity(),
    }
