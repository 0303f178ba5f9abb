"""Template tags for the SVG charts of core.charts: `{% load charts %}`."""

from django import template
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import charts
from core.formatting import format_rupiah

register = template.Library()


def _get(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


@register.simple_tag
def bar_chart(rows, *, title: str, value: str = "budget", label: str = "label", money: bool = True, count: str = ""):
    """{% bar_chart totals.by_pillar title=_("Budget by pillar") %}: rows have `label` and `budget`
    (or the attribute names given); with count="programs" each bar also says how many programs."""
    bars = []
    for row in rows:
        note = ""
        if count:
            n = _get(row, count)
            note = ngettext("%(n)s program", "%(n)s programs", n) % {"n": n}
        bars.append(charts.Bar(str(_get(row, label)), _get(row, value), note))
    fmt = format_rupiah if money else (lambda v: f"{v:,}".replace(",", "."))
    return charts.bar_chart(bars, title=title, value_format=fmt, empty_text=_("No data yet."))


@register.simple_tag
def budget_chart(total: int, ceiling: int, *, title: str = ""):
    """{% budget_chart totals.total totals.ceiling %}: the budget against the ceiling."""
    over = _("Over the ceiling by %(amount)s") % {"amount": format_rupiah(total - ceiling)}
    return charts.budget_bar(
        total=total,
        ceiling=ceiling,
        title=title or _("Budget against the ceiling"),
        value_format=format_rupiah,
        ceiling_label=_("Ceiling"),
        over_label=over,
    )


@register.simple_tag
def month_chart(values, *, title: str):
    """{% month_chart schedule.active_per_month title=... %}: twelve columns, January to December."""
    labels = [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]
    return charts.columns(list(values), labels, title=title)


@register.simple_tag
def s_curve_chart(points, *, title: str):
    """{% s_curve_chart curve title=... %}: points have `month`, `planned_cum` and `actual_cum`
    (None after the last recorded month): cumulative planned against actual, in rupiah."""
    points = list(points)
    return charts.s_curve(
        [p.planned_cum for p in points],
        [p.actual_cum for p in points],
        [str(MONTHS_3[p.month]).capitalize() for p in points],
        title=title,
        planned_label=_("Planned (cumulative)"),
        actual_label=_("Actual (cumulative)"),
        value_format=format_rupiah,
    )
