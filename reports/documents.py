"""The documents: data → HTML (Django templates, so all user text is escaped) in the job's language.

Each builder returns a `Document` (HTML plus what the job records about its source); the
service turns it into a PDF with `reports.rendering`. Layout choices that keep WeasyPrint fast
are in the templates' comments: long lists are flowing text, tables are short and fixed-width.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import charts
from core.access import user_display_name
from core.formatting import format_number, format_rupiah
from fgd.models import FgdSession
from programs.models import AnnualPlan

from .selectors import fgd_minutes_data, plan_document_data


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
