"""The staff dashboard at `/`: figures gathered from each app's models and selectors.

The dashboard app is the top floor: it may read every app, none reads it. The page runs a
constant number of queries: each figure is one aggregate query, lists are sliced.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.access import Role, has_role, user_display_name
from core.fragments import FRAGMENT_SECONDS, plan_data_version
from core.i18n import is_english
from core.queries import count_each
from fgd.models import Aspiration, AspirationCategory, AspirationStatusChange, FgdSession
from fgd.selectors.sessions import figures_of, sessions_without_final_minutes, with_figures
from monitoring import selectors as monitoring
from programs.models import PlanStatusChange
from programs.selectors import (
    TODO_APPROVAL,
    TODO_RETURNED,
    PlanTotals,
    plan_in_focus,
    plan_totals,
    plans_returned_to,
    plans_waiting_for_approval,
)
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


@dataclass(frozen=True)
class AspirationCounts:
    """The dashboard's three charts of aspirations: by status, by category, by district."""

    by_status: list[CountRow]
    by_category: list[CountRow]
    by_district: list[CountRow]


def aspiration_counts() -> AspirationCounts:
    """One grouped pass over the aspirations (three queries in all, the other two on small tables).

    Grouping by bare ids lets PostgreSQL answer from the (status, category, region) index alone;
    names are looked up afterwards. Merged duplicates count by status only.
    """
    # COUNT(*), not COUNT(id): the id is not in the index, and asking for it means reading every row.
    groups = list(Aspiration.objects.values_list("status", "category", "region").annotate(n=Count("*")).order_by())
    english = is_english()
    categories = {c.pk: c.name_en if english else c.name_id for c in AspirationCategory.objects.all()}
    region_ids = {region for _status, _category, region, _n in groups if region}
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids).select_related("parent")}

    by_status: Counter = Counter()
    by_category: Counter = Counter()
    by_district: Counter = Counter()
    for status, category, region, n in groups:
        by_status[status] += n
        if status == Aspiration.Status.MERGED:
            continue
        by_category[category] += n
        by_district[_district_name(regions.get(region))] += n

    category_rows = sorted(
        (CountRow(key, categories.get(key) or _("No category"), n) for key, n in by_category.items()),
        key=lambda row: (-row.count, row.label),
    )
    return AspirationCounts(
        by_status=[CountRow(s.value, str(s.label), by_status[s.value]) for s in Aspiration.Status if by_status[s]],
        by_category=category_rows,
        by_district=[CountRow(label, label, n) for label, n in by_district.most_common()],
    )


def _district_name(region: Region | None) -> str:
    """A sub-district's aspirations count under its district (kecamatan)."""
    if region is None:
        return _("No location")
    if region.level == Region.Level.SUBDISTRICT and region.parent:
        return region.parent.name
    return region.name


def upcoming_sessions(*, now: datetime, limit: int = 5) -> list[FgdSession]:
    sessions = list(
        with_figures(
            FgdSession.objects.filter(starts_at__gte=now)
            .exclude(status=FgdSession.Status.MINUTES_FINAL)
            .select_related("region")
        ).order_by("starts_at")[:limit]
    )
    for session in sessions:
        session.figures = figures_of(session)  # type: ignore[attr-defined]
    return sessions


def recent_activity(*, limit: int = 10) -> list[Event]:
    """The latest aspiration and plan status changes, newest first."""
    aspiration_changes = AspirationStatusChange.objects.select_related("aspiration", "changed_by").order_by(
        "-changed_at", "-id"
    )[:limit]
    plan_changes = PlanStatusChange.objects.select_related("plan", "changed_by").order_by("-changed_at", "-id")[:limit]
    events = [
        Event(
            c.changed_at,
            user_display_name(c.changed_by, default=_("the public")),
            _("Aspiration %(code)s “%(title)s”: %(status)s")
            % {"code": c.aspiration.tracking_code, "title": c.aspiration.title, "status": c.get_to_status_display()},
            "",
        )
        for c in aspiration_changes
    ]
    events += [
        Event(
            c.changed_at,
            user_display_name(c.changed_by, default=_("the public")),
            f"{c.plan}: {c.get_to_status_display()}",
            c.plan.get_absolute_url(),
        )
        for c in plan_changes
    ]
    return sorted(events, key=lambda e: e.when, reverse=True)[:limit]


# The lists of the monitoring panel are cut at this length (the full lists are on the monitoring page).
MONITORING_LIST_LIMIT = 6


def monitoring_panel(*, user, year: int) -> dict | None:
    """Realisation at a glance: a manager sees this quarter's absorption, the late activities and the open
    period; an officer what is due to be recorded. Five queries (the plan, then its snapshot); one, the
    plan, while the cached figures stand."""
    if not has_role(user, Role.OFFICER):
        return None
    plan = monitoring.dashboard_plan(year=year)
    if plan is None:
        return None
    is_manager = has_role(user, Role.MANAGER)
    # Reading 600 activities and their realisations and folding them in Python was half the
    # dashboard's time: the figures are kept under the plan data's version token (replaced by every
    # write they depend on, core/fragments.py), the day (late and due move with the date) and the language.
    key = (
        f"dashboard:monitoring:{plan.pk}:{plan_data_version()}:{timezone.localdate().isoformat()}"
        f":{get_language()}:{int(is_manager)}"
    )
    figures = cache.get(key)
    if figures is None:
        figures = _monitoring_figures(plan=plan, is_manager=is_manager)
        cache.set(key, figures, FRAGMENT_SECONDS)
    return {"plan": plan, "is_manager": is_manager, **figures}


def _monitoring_figures(*, plan, is_manager: bool) -> dict:
    """The panel's figures, each from the monitoring page's own function on one snapshot."""
    snapshot = monitoring.plan_snapshot(plan=plan)
    panel: dict = {}
    if is_manager:
        quarter = monitoring.quarter_now(snapshot)
        late = monitoring.late_activities(snapshot)
        panel |= {
            "quarter": monitoring.quarter_absorption(snapshot, quarter),
            "year_to_date": monitoring.absorption_total(snapshot),
            "late": late[:MONITORING_LIST_LIMIT],
            "late_count": len(late),
            "open_period": monitoring.open_period(snapshot),
        }
    else:
        due = monitoring.due_entries(snapshot)
        panel |= {"due": due[:MONITORING_LIST_LIMIT], "due_count": len(due)}
    return panel


@dataclass(frozen=True)
class Todo:
    """One of a role's to-dos: how many, what, and the filtered list that shows them."""

    key: str
    count: int
    label: str
    url: str
    icon: str


def todos(*, user, waiting_for_triage: int) -> list[Todo]:
    """What each role has to do first, each linking to its filtered list. Each count is its owner
    selector's queryset; they are counted together in one query (`count_each`), not one each."""
    is_manager, is_officer = has_role(user, Role.MANAGER), has_role(user, Role.OFFICER)
    owners: dict = {}
    if is_manager:
        owners["approval"] = plans_waiting_for_approval()
    if is_officer:
        owners["returned"] = plans_returned_to(user=user)
        owners["minutes"] = sessions_without_final_minutes()
    counts = count_each(**owners)
    found = []
    if is_manager:
        found.append(
            Todo(
                "approval",
                counts["approval"],
                _("plans waiting for your approval"),
                reverse("programs:list") + f"?todo={TODO_APPROVAL}",
                "clipboard-check",
            )
        )
    if is_officer:
        found += [
            Todo(
                "returned",
                counts["returned"],
                _("plans returned to you"),
                reverse("programs:list") + f"?todo={TODO_RETURNED}",
                "arrow-return-left",
            ),
            Todo(
                "triage",
                waiting_for_triage,
                _("aspirations waiting for triage"),
                reverse("aspirations:list") + "?status=open",
                "inbox",
            ),
            Todo(
                "minutes",
                counts["minutes"],
                _("FGDs without final minutes"),
                reverse("fgd:list") + "?minutes=pending",
                "journal-text",
            ),
        ]
    return found


def shared_figures(*, year: int) -> dict:
    """What every staff member's dashboard shows alike: the plan in focus and its totals, the
    aspiration charts, the recent activity. Folding the aspirations' groups and the plan's totals
    was most of the page's time after the monitoring panel: they are kept under the plan data's
    version token (aspirations, their status changes, plans, regions, categories and users replace
    it, core/fragments.py), the year and the language. Each figure is still its own function's."""
    key = f"dashboard:figures:{plan_data_version()}:{year}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        plan = plan_in_focus(year=year)
        totals: PlanTotals | None = plan_totals(plan=plan) if plan else None
        figures = {"plan": plan, "totals": totals, "counts": aspiration_counts(), "recent_activity": recent_activity()}
        cache.set(key, figures, FRAGMENT_SECONDS)
    return figures


def dashboard_context(*, user) -> dict:
    now = timezone.now()
    year = timezone.localtime(now).year
    figures = shared_figures(year=year)
    plan, totals, counts = figures["plan"], figures["totals"], figures["counts"]
    by_status = counts.by_status
    waiting_for_triage = sum(
        r.count for r in by_status if r.key in (Aspiration.Status.RECEIVED, Aspiration.Status.UNDER_REVIEW)
    )
    return {
        "year": plan.year if plan else year,
        "plan": plan,
        "todos": todos(user=user, waiting_for_triage=waiting_for_triage),
        "totals": totals,
        "aspiration_total": sum(r.count for r in by_status),
        "aspirations_by_status": by_status,
        "aspirations_by_category": counts.by_category,
        "aspirations_by_district": counts.by_district,
        "waiting_for_triage": waiting_for_triage,
        "accepted_unplanned": sum(r.count for r in by_status if r.key == Aspiration.Status.ACCEPTED),
        "upcoming_sessions": upcoming_sessions(now=now),
        "recent_activity": figures["recent_activity"],
        "monitoring": monitoring_panel(user=user, year=year),
    }
