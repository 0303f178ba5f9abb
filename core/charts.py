"""Small server-rendered SVG charts for web pages and PDFs (WeasyPrint renders inline SVG).

Web charts (`bar_chart`, `budget_bar`, `columns`) scale to their container and stay readable without
colour: every bar carries its label and its value as text, the budget bar marks the ceiling with a
labelled line and draws any excess with a hatch pattern. No JavaScript, no fonts to load.

PDF charts (`pdf_bar_chart`, `pdf_column_chart`, `pdf_gauge`) have a fixed size in points and use the
font the PDF embeds. Labels come from the database, so every text is escaped before it is marked safe.
"""

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 420  # viewBox units; small enough that text stays legible when scaled down to a phone
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"'
PDF_FONT = 'font-family="DejaVu Sans, sans-serif"'  # the font WeasyPrint has for the PDF
CHAR_WIDTH = 6.4  # average width of a 12-unit glyph, to keep labels clear of values
PALETTE = ["#0b5d4b", "#2f8f6f", "#d08c00", "#3c6e9f", "#8a5a9e", "#b2473e", "#6b7b3a", "#4f4f4f"]
ACCENT = "#1f6fb2"  # web month columns
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    note: str = ""  # extra text after the value, e.g. "3 programs"


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def _svg(height: int, title: str, body: str) -> SafeString:
    chart_id = f"chart-{next(_ids)}"
    return mark_safe(  # noqa: S308 - every piece of text below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}" {FONT} font-size="12">'
        f'<title id="{chart_id}">{escape(title)}</title>{body}</svg>'
    )


def bar_chart(
    bars: Iterable[Bar],
    *,
    title: str,
    value_format: Callable[[int | float], str] = str,
    max_value: int | float | None = None,
    color: str = PALETTE[0],
    empty_text: str = "–",
) -> SafeString:
    """Horizontal bars: a line of text (label left, value right) above each bar."""
    bars = list(bars)
    if not bars:
        return _svg(24, title, f'<text x="0" y="16" fill="#555">{escape(empty_text)}</text>')
    top = max_value if max_value is not None else max((b.value for b in bars), default=0)
    row = 34
    parts = []
    for index, bar in enumerate(bars):
        y = index * row
        value_text = value_format(bar.value) + (f" · {bar.note}" if bar.note else "")
        room = int((WIDTH - len(value_text) * CHAR_WIDTH - 12) / CHAR_WIDTH)
        width = 0 if not top else max(WIDTH * bar.value / top, 2 if bar.value else 0)
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(value_text)}</title>"
            f'<text x="0" y="{y + 12}" fill="#212529">{escape(_truncate(bar.label, room))}</text>'
            f'<text x="{WIDTH}" y="{y + 12}" text-anchor="end" fill="#212529">{escape(value_text)}</text>'
            f'<rect x="0" y="{y + 17}" width="{WIDTH}" height="10" rx="2" fill="#e9ecef"/>'
            f'<rect x="0" y="{y + 17}" width="{min(width, WIDTH):.1f}" height="10" rx="2" fill="{color}"/></g>'
        )
    return _svg(len(bars) * row, title, "".join(parts))


def budget_bar(
    *, total: int, ceiling: int, title: str, value_format: Callable[[int], str], ceiling_label: str, over_label: str
) -> SafeString:
    """The budget against its ceiling: a bar, a labelled ceiling line, the excess hatched."""
    scale_max = max(total, ceiling, 1)
    pattern = f"hatch-{next(_ids)}"
    within = min(total, ceiling) * WIDTH / scale_max
    ceiling_x = ceiling * WIDTH / scale_max
    total_x = total * WIDTH / scale_max
    body = [
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f8d7da"/>'
        f'<rect width="3" height="6" fill="#b02a37"/></pattern></defs>',
        f'<text x="0" y="12" fill="#212529">{escape(value_format(total))}</text>',
        f'<rect x="0" y="18" width="{WIDTH}" height="16" rx="2" fill="#e9ecef"/>',
        f'<rect x="0" y="18" width="{within:.1f}" height="16" rx="2" fill="{PALETTE[0]}"/>',
    ]
    if total > ceiling:
        body.append(
            f'<rect x="{ceiling_x:.1f}" y="18" width="{total_x - ceiling_x:.1f}" height="16" fill="url(#{pattern})"/>'
        )
    anchor = "end" if ceiling_x > WIDTH / 2 else "start"
    body.append(f'<line x1="{ceiling_x:.1f}" y1="14" x2="{ceiling_x:.1f}" y2="38" stroke="#212529" stroke-width="2"/>')
    body.append(
        f'<text x="{ceiling_x:.1f}" y="52" text-anchor="{anchor}" fill="#212529">'
        f"{escape(ceiling_label)}: {escape(value_format(ceiling))}</text>"
    )
    if total > ceiling:
        body.append(f'<text x="0" y="70" fill="#b02a37" font-weight="bold">{escape(over_label)}</text>')
    return _svg(76 if total > ceiling else 58, title, "".join(body))


def columns(
    values: Sequence[int], labels: Sequence[str], *, title: str, value_format: Callable[[int], str] = str
) -> SafeString:
    """Vertical columns with the value above and the label below each (e.g. activities per month)."""
    count = max(len(values), 1)
    slot = WIDTH / count
    top = max(values, default=0) or 1
    height = 90
    parts = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = index * slot
        bar_h = 60 * value / top
        parts.append(
            f"<g><title>{escape(label)}: {escape(value_format(value))}</title>"
            f'<rect x="{x + slot * 0.15:.1f}" y="{70 - bar_h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar_h:.1f}" fill="{ACCENT}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{66 - bar_h:.1f}" text-anchor="middle" font-size="10">'
            f"{escape(value_format(value))}</text>"
            f'<text x="{x + slot / 2:.1f}" y="84" text-anchor="middle" font-size="10">{escape(label)}</text></g>'
        )
    return _svg(height, title, "".join(parts))


def s_curve(
    planned: Sequence[int],
    actual: Sequence[int | None],
    labels: Sequence[str],
    *,
    title: str,
    planned_label: str,
    actual_label: str,
    value_format: Callable[[int], str] = str,
) -> SafeString:
    """Cumulative planned (dashed) against cumulative actual (solid) per month: the S-curve.

    `actual` may stop early (None for months not reached yet). Readable without colour: the
    lines differ in dash, and the legend names the last value of each."""
    top = max([*planned, *(a for a in actual if a is not None)], default=0) or 1
    count = max(len(labels), 1)
    left, right, plot_top, plot_bottom = 14, WIDTH - 14, 34, 150
    step = (right - left) / max(count - 1, 1)

    def point(i: int, value: int) -> str:
        return f"{left + i * step:.1f},{plot_bottom - (plot_bottom - plot_top) * value / top:.1f}"

    last_actual = next((a for a in reversed(actual) if a is not None), 0)
    last_planned = planned[-1] if planned else 0
    parts = [
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" stroke="#adb5bd"/>',
        f'<line x1="0" y1="8" x2="18" y2="8" stroke="#6c757d" stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="22" y="12" fill="#212529">{escape(planned_label)}: {escape(value_format(last_planned))}</text>',
        f'<line x1="0" y1="24" x2="18" y2="24" stroke="{PALETTE[0]}" stroke-width="3"/>'
        f'<text x="22" y="28" fill="#212529">{escape(actual_label)}: {escape(value_format(last_actual))}</text>',
        f'<polyline fill="none" stroke="#6c757d" stroke-width="2" stroke-dasharray="5 3" '
        f'points="{" ".join(point(i, v) for i, v in enumerate(planned))}"/>',
    ]
    reached = [(i, a) for i, a in enumerate(actual) if a is not None]
    if reached:
        parts.append(
            f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="3" '
            f'points="{" ".join(point(i, v) for i, v in reached)}"/>'
        )
        for i, value in reached:
            parts.append(
                f'<circle cx="{point(i, value).split(",")[0]}" cy="{point(i, value).split(",")[1]}" r="3" '
                f'fill="{PALETTE[0]}"><title>{escape(labels[i])}: {escape(value_format(value))}</title></circle>'
            )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{plot_bottom + 14}" text-anchor="middle" font-size="9">'
            f"{escape(label)}</text>"
        )
    return _svg(plot_bottom + 20, title, "".join(parts))


def _pdf_svg(width: int, height: int, font_size: int, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - callers escape every piece of text in body
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {PDF_FONT} font-size="{font_size}">{body}</svg>'
    )


def pdf_bar_chart(rows: list[tuple[str, int, str]], *, width: int = 480, bar_height: int = 16) -> SafeString:
    """Horizontal bars for the PDF: rows of (label, value, value shown as text), a colour each."""
    if not rows:
        return mark_safe("")
    # Widths from the text they hold (9 px Liberation Sans: about 5 px a character, digits 5.1), so
    # a long category name or a large rupiah amount stays inside the figure instead of being cut.
    label_width, gap, char = 170, 6, 5.2
    top = max(value for _label, value, _text in rows) or 1
    plot = width - label_width - round(max(len(text) for _label, _value, text in rows) * char + 8)
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = i * (bar_height + gap)
        length = max(1, round(plot * value / top)) if value else 0
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" text-anchor="end">'
            f"{escape(_truncate(label, 30))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 4}">{escape(text)}</text>'
        )
    return _pdf_svg(width, len(rows) * (bar_height + gap), 9, "".join(parts))


def pdf_column_chart(values: list[int], labels: list[str], *, width: int = 480, height: int = 150) -> SafeString:
    """Vertical columns for the PDF, e.g. budget per month; values are drawn relative to the largest."""
    top = max(values, default=0) or 1
    bottom, slot = 18, width / max(len(values), 1)
    plot = height - bottom - 4
    parts = [
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999" stroke-width="0.5"/>'
    ]
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        column = round(plot * value / top)
        x = i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{height - bottom - column}" width="{slot * 0.7:.1f}" height="{column}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{i * slot + slot / 2:.1f}" y="{height - 5}" text-anchor="middle">{escape(label)}</text>'
        )
    return _pdf_svg(width, height, 8, "".join(parts))


def pdf_gauge(part: int, whole: int, *, width: int = 480, label: str = "") -> SafeString:
    """One bar filled to part/whole (budget against its ceiling) for the PDF; red when over."""
    ratio = part / whole if whole else 0
    filled = round(width * min(ratio, 1))
    colour = "#b2473e" if ratio > 1 else PALETTE[0]
    return _pdf_svg(
        width,
        30,
        9,
        f'<rect x="0" y="0" width="{width}" height="16" fill="#e6ece9"/>'
        f'<rect x="0" y="0" width="{filled}" height="16" fill="{colour}"/>'
        f'<text x="0" y="28">{escape(label)}</text>',
    )
