"""The documents: data → HTML (Django templates, so all user text is escaped) in the job's language.

Each builder returns a `Document` (HTML plus what the job records about its source); the
service turns it into a PDF with `reports.rendering`. Layout choices that keep WeasyPrint fast
are in the templates' comments: long lists are flowing text, tables are short and fixed-width.
"""

import base64
import io
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import charts
from core.access import user_display_name
from core.formatting import format_number, format_rupiah
from fgd.models import FgdSession
from monitoring import selectors as monitoring
from monitoring.models import Period, period_label
from programs.models import AnnualPlan

from .selectors import fgd_minutes_data, plan_document_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    html: str
    source_status: str  # the plan's or session's status at rendering time


def css_string(text: str) -> str:
    """A CSS string literal (for `content:`), safe for any text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """`"Halaman " counter(page) " dari " counter(pages)` in the active language."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker_page, "pages": marker_pages}
    before, _sep, rest = text.partition(marker_page)
    middle, _sep, after = rest.partition(marker_pages)
    return f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(after)}"


def long_date(value) -> str:
    """A date (or the local date of a moment) in the language's one DATE_FORMAT (core/formats)."""
    if value is None:
        return "–"
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "DATE_FORMAT")


def month_span(months: list[int]) -> str:
    """[3, 4, 5, 9] → "Mar–Mei, Sep"."""
    runs: list[list[int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    short = {m: str(MONTHS_3[m]).capitalize() for m in MONTHS_3}
    return ", ".join(short[r[0]] if len(r) == 1 else f"{short[r[0]]}–{short[r[-1]]}" for r in runs)


def _common(language: str, title: str) -> dict:
    now = timezone.localtime()
    return {
        "language": language,
        "company": settings.COMPANY_NAME,
        "company_logo": settings.COMPANY_LOGO,
        "doc_title": title,
        "page_counter": page_counter_css(),
        "header_title": css_string(title),
        "generated_on": _("Printed %(date)s, %(time)s WITA")
        % {"date": long_date(now), "time": date_format(now, "TIME_FORMAT")},
        "footer_left": css_string(settings.COMPANY_NAME),
        "months": [(m, str(MONTHS_3[m]).capitalize()) for m in range(1, 13)],
    }


def plan_pdf(*, plan: AnnualPlan, language: str) -> Document:
    with translation.override(language):
        data = plan_document_data(plan=plan)
        rupiah = lambda amount: format_rupiah(amount, language)  # noqa: E731
        approved = plan.status == AnnualPlan.Status.APPROVED
        title = _("TJSL Work Plan %(year)s") % {"year": plan.year}
        context = _common(language, title) | {
            "header_title": css_string(f"{title} · {plan.document_number}"),
            "plan": plan,
            "data": data,
            "approved": approved,
            "draft_mark": "" if approved else css_string(_("DRAFT")),
            "status_label": plan.get_status_display(),
            "approved_on": long_date(plan.approved_at) if plan.approved_at else "",
            "approver": user_display_name(plan.approved_by),
            "submitter": user_display_name(plan.submitted_by) or user_display_name(plan.created_by),
            "totals": data.totals,
            "total": rupiah(data.totals.total),
            "ceiling": rupiah(plan.budget_ceiling),
            "remaining": rupiah(abs(data.totals.remaining)),
            "over_ceiling": data.totals.over_ceiling,
            "charts": _plan_charts(data, rupiah),
            "programs": [_program_context(row, language, rupiah) for row in data.programs],
            "schedule": _schedule(data),
            "status_changes": [(change, user_display_name(change.changed_by)) for change in data.status_changes],
            "monthly_budget": [rupiah(v) for v in data.monthly_budget],
            "beneficiaries": [(format_number(b.count, language), b.unit) for b in data.beneficiaries],
            "shares": {
                key: [(s, rupiah(s.budget), format_number(s.percent, language)) for s in getattr(data.totals, key)]
                for key in ("by_pillar", "by_category", "by_sdg", "by_region", "by_cost_category")
            },
            "goals": [
                g
                | {
                    "budget_text": rupiah(g["budget"]),
                    "indicator_rows": [
                        (
                            i["indicator"],
                            format_number(i["indicator"].baseline, language),
                            format_number(_dec(i["target"]), language),
                        )
                        for i in g["indicators"]
                    ],
                }
                for g in data.goals
            ],
        }
        html = render_to_string("reports/pdf/plan.html", context)
    return Document(html=html, source_status=plan.status)


def _dec(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None


def _plan_charts(data, rupiah) -> dict:
    return {
        "pillar": charts.pdf_bar_chart([(s.label, s.budget, rupiah(s.budget)) for s in data.totals.by_pillar]),
        "category": charts.pdf_bar_chart(
            [(s.label, s.budget, rupiah(s.budget)) for s in sorted(data.totals.by_category, key=lambda s: -s.budget)][
                :10
            ]
        ),
        "months": charts.pdf_column_chart(data.monthly_budget, [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]),
        "ceiling": charts.pdf_gauge(
            data.totals.total,
            data.plan.budget_ceiling,
            label=_("%(total)s of %(ceiling)s (%(percent)s%%)")
            % {
                "total": rupiah(data.totals.total),
                "ceiling": rupiah(data.plan.budget_ceiling),
                "percent": format_number(data.totals.ceiling_percent, translation.get_language()),
            },
        ),
    }


def _program_context(row, language: str, rupiah) -> dict:
    program = row.program
    return {
        "row": row,
        "program": program,
        "budget": rupiah(row.budget),
        "beneficiaries": format_number(program.beneficiaries_count, language),
        "period": month_span(row.months),
        "person": user_display_name(program.person_in_charge),
        "rings": sorted({r.effective_ring_display for r in row.regions if r.effective_ring}),
        "activities": [(a, month_span(a.months) if a.months else "–", rupiah(a.budget)) for a in row.activities],
        "indicators": [
            (i, format_number(i.baseline, language), format_number(i.target, language)) for i in row.indicators
        ],
    }


def _schedule(data) -> list[dict]:
    return [
        {
            "program": row.program,
            "cells": [(m, m in row.months) for m in range(1, 13)],
            "activity_count": len(row.activities),
        }
        for row in data.programs
    ]


def fgd_minutes_pdf(*, session: FgdSession, language: str) -> Document:
    with translation.override(language):
        data = fgd_minutes_data(session=session)
        title = _("Minutes of the FGD: %(title)s") % {"title": session.title}
        starts = timezone.localtime(session.starts_at)
        context = _common(language, _("FGD minutes")) | {
            "session": session,
            "data": data,
            "title": title,
            "final": session.status == FgdSession.Status.MINUTES_FINAL,
            "draft_mark": "" if session.status == FgdSession.Status.MINUTES_FINAL else css_string(_("DRAFT")),
            # "Hari/tanggal" of minutes names the weekday, then the one date format.
            "day_and_date": f"{date_format(starts, 'l')}, {date_format(starts, 'DATE_FORMAT')}",
            "time": date_format(starts, "TIME_FORMAT"),
            "month_name": MONTHS[starts.month],
            "finalised_on": long_date(session.minutes_finalised_at),
            "place": session.region.name if session.region else "Balikpapan",
            "signed_on": long_date(session.minutes_finalised_at or session.starts_at),
            "finaliser": user_display_name(session.minutes_finalised_by),
            "blank_rows": range(max(0, 5 - len(data.attendees)) if data.attendance_recorded else 8),
        }
        html = render_to_string("reports/pdf/fgd_minutes.html", context)
    return Document(html=html, source_status=session.status)


def fgd_outcomes_pdf(*, outcomes: monitoring.SessionOutcomes, language: str) -> Document:
    """ "You said, we did" of one FGD, to hand out at the next: `outcomes` read in `language`."""
    session = outcomes.session
    with translation.override(language):
        context = _common(language, _("You said, we did")) | {
            "o": outcomes,
            "held_on": long_date(session.starts_at),
            "as_of": long_date(timezone.localdate()),
            "track_url": settings.SITE_URL + reverse("aspirations:track"),
            "page_url": settings.SITE_URL + reverse("public:fgd_outcomes", args=[session.public_code]),
        }
        html = render_to_string("reports/pdf/fgd_outcomes.html", context)
    return Document(html=html, source_status=session.status)


# --- The realisation report (Laporan Realisasi TJSL Triwulan I–IV / Tahunan) -------------------------

# The page of evidence photos: at most this many, each shrunk to a thumbnail of this size (pixels,
# JPEG), and files above the byte cap are not even opened: the PDF stays small and quick.
PHOTO_LIMIT = 12
PHOTO_PIXELS = 360
PHOTO_MAX_BYTES = 8 * 1024 * 1024


def realisation_pdf(*, plan: AnnualPlan, quarter: int, language: str, requested_by=None) -> Document:
    """Plan against realisation up to the end of a quarter (or the year), from the same selectors as
    the monitoring page, so the document's totals are the page's."""
    with translation.override(language):
        snapshot = monitoring.plan_snapshot(plan=plan, quarter=quarter)
        rupiah = lambda amount: format_rupiah(amount, language)  # noqa: E731
        percent = lambda value: format_number(round(Decimal(value), 1), language)  # noqa: E731
        period = snapshot.periods.get(quarter)
        closed = bool(period and period.is_closed)
        if quarter == Period.YEAR:
            title = _("TJSL Annual Realisation Report %(year)s") % {"year": plan.year}
        else:
            title = _("TJSL Realisation Report, Quarter %(quarter)s %(year)s") % {
                "quarter": {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter],
                "year": plan.year,
            }
        total = monitoring.absorption_total(snapshot)
        curve = monitoring.s_curve(snapshot)
        first = 1 if quarter == Period.YEAR else 3 * quarter - 2
        in_period = sum(p.actual for p in curve if first <= p.month <= snapshot.through_month)
        planned_to_date = curve[snapshot.through_month - 1].planned_cum
        flags = _realisation_flags(snapshot)
        context = _common(language, title) | {
            "plan": plan,
            "period_label": period_label(quarter, plan.year),
            "quarter": quarter,
            "closed": closed,
            "draft_mark": "" if closed else css_string(_("PERIOD OPEN")),
            "closed_by": user_display_name(period.closed_by) if closed else "",
            "closed_on": long_date(period.closed_at) if closed else "",
            "preparer": user_display_name(requested_by),
            "weighting": monitoring.WEIGHTING,
            "progress": percent(monitoring.plan_progress(snapshot)),
            "planned_total": rupiah(total.planned),
            "planned_to_date": rupiah(planned_to_date),
            "actual_total": rupiah(total.actual),
            "actual_in_period": rupiah(in_period),
            "absorption": percent(total.percent),
            "curve_chart": charts.s_curve(
                [p.planned_cum for p in curve],
                [p.actual_cum for p in curve],
                [str(MONTHS_3[p.month]).capitalize() for p in curve],
                title=_("Cumulative planned and actual spend per month"),
                planned_label=pgettext("amount", "Planned"),
                actual_label=_("Actual"),
                value_format=rupiah,
            ),
            "curve": [
                (p, rupiah(p.planned), rupiah(p.actual), rupiah(p.planned_cum), rupiah(p.actual_cum or 0))
                for p in curve
            ],
            "pillar_chart": _absorption_chart(monitoring.absorption_by_pillar(snapshot), rupiah, percent),
            "category_chart": _absorption_chart(monitoring.absorption_by_category(snapshot), rupiah, percent),
            "month_chart": charts.pdf_column_chart(
                [p.actual for p in curve], [str(MONTHS_3[p.month]).capitalize() for p in curve]
            ),
            "programs": _realisation_programs(snapshot, rupiah, percent),
            "flags": flags,
            "indicator_rule": monitoring.INDICATOR_RULE,
            "indicators": [
                {
                    "row": row,
                    "target": format_number(row.indicator.target, language),
                    "actual": format_number(row.latest, language),
                    "achievement": percent(row.achievement) + "%" if row.achievement is not None else "–",
                }
                for row in monitoring.indicator_rows(
                    program_ids=[p.pk for p in snapshot.programs], through_quarter=quarter or 4
                )
            ],
            "renstra": [
                {
                    "row": row,
                    "target": format_number(row.target, language),
                    "actual": format_number(row.actual, language),
                    "achievement": percent(row.achievement) + "%" if row.achievement is not None else "–",
                }
                for row in monitoring.renstra_indicator_rows(strategic_plan_id=plan.strategic_plan_id, year=plan.year)
            ],
            "photos": _photos(snapshot),
        }
        html = render_to_string("reports/pdf/realisation.html", context)
    return Document(html=html, source_status="closed" if closed else "open")


def _absorption_chart(rows, rupiah, percent):
    return charts.pdf_bar_chart(
        [(r.label, r.actual, f"{rupiah(r.actual)} ({percent(r.percent)}%)") for r in rows if r.planned or r.actual]
    )


def _realisation_programs(snapshot, rupiah, percent) -> list[dict]:
    progress = monitoring.program_progress(snapshot)
    absorption = {row.label: row for row in monitoring.absorption_by_program(snapshot)}
    programs = []
    for program in snapshot.programs:
        states = snapshot.states_of(program.pk)
        row = absorption.get(f"{program.code} {program.name}")
        programs.append(
            {
                "program": program,
                "planned": rupiah(row.planned if row else 0),
                "actual": rupiah(row.actual if row else 0),
                "absorption": percent(row.percent if row else 0),
                "progress": percent(progress[program.pk]),
                "beneficiaries": format_number(sum(s.beneficiaries for s in states)),
                "activities": [
                    {
                        "state": s,
                        "months": month_span(s.activity.months) if s.activity.months else "–",
                        "planned": rupiah(s.activity.budget),
                        "actual": rupiah(s.actual),
                        "note": s.latest.note if s.latest else "",
                    }
                    for s in states
                ],
            }
        )
    return programs


def _realisation_flags(snapshot) -> list[dict]:
    """The page's flags, each with the explanation the officer wrote (the latest month's note)."""
    notes = {s.activity.pk: s.latest.note for s in snapshot.states if s.latest and s.latest.note}
    groups = [
        (_("Late"), monitoring.late_activities(snapshot)),
        (_("Overspend"), monitoring.overspent_activities(snapshot)),
        (_("Underspend"), monitoring.underspent_programs(snapshot)),
        (_("Missing evidence"), monitoring.missing_evidence(snapshot)),
    ]
    return [
        {
            "label": label,
            "items": [(f, notes.get(f.activity.pk, "") if f.activity else "") for f in flags],
        }
        for label, flags in groups
        if flags
    ]


def _photos(snapshot) -> list[dict]:
    photos = []
    for evidence in monitoring.evidence_photos(snapshot, limit=PHOTO_LIMIT):
        thumbnail = _thumbnail(evidence)
        if thumbnail:
            realisation = evidence.realisation
            photos.append(
                {
                    "src": thumbnail,
                    "program": realisation.activity.program,
                    "activity": realisation.activity,
                    "month": MONTHS[realisation.month],
                    "description": evidence.description,
                }
            )
    return photos


def _thumbnail(evidence) -> str:
    """A small JPEG as a data URL, or "" when the file is missing, too large or not an image."""
    from PIL import Image, UnidentifiedImageError

    if evidence.size > PHOTO_MAX_BYTES:
        return ""
    try:
        with evidence.file.open("rb") as handle, Image.open(handle) as image:
            image.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=70)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Evidence %s left out of the report: unreadable", evidence.pk)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
