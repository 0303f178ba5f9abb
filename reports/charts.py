"""Small SVG charts for the PDF, drawn as plain shapes (WeasyPrint renders inline SVG natively).

Labels come from the database, so every text is escaped. Returned strings are marked safe only
after escaping.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b5d4b", "#2f8f6f", "#d08c00", "#3c6e9f", "#8a5a9e", "#b2473e", "#6b7b3a", "#4f4f4f"]


def bar_chart(rows: list[tuple[str, int, str]], *, width: int = 480, bar_height: int = 16) -> SafeString:
    """Horizontal bars: rows of (label, value, value shown as text)."""
    if not rows:
        return mark_safe("")
    label_width, gap = 150, 6
    top = max(value for _label, value, _text in rows) or 1
    plot = width - label_width - 110
    height = len(rows) * (bar_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" font-size="9">'
    ]
    for i, (label, value, text) in enumerate(rows):
        y = i * (bar_height + gap)
        length = max(1, round(plot * value / top)) if value else 0
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 4}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(values: list[int], labels: list[str], *, width: int = 480, height: int = 150) -> SafeString:
    """Vertical columns, e.g. budget per month; values are drawn relative to the largest."""
    top = max(values, default=0) or 1
    bottom, slot = 18, width / max(len(values), 1)
    plot = height - bottom - 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" font-size="8">',
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999" stroke-width="0.5"/>',
    ]
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        column = round(plot * value / top)
        x = i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{height - bottom - column}" width="{slot * 0.7:.1f}" height="{column}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{i * slot + slot / 2:.1f}" y="{height - 5}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def gauge(part: int, whole: int, *, width: int = 480, label: str = "") -> SafeString:
    """One bar filled to part/whole (budget against its ceiling); red when over."""
    ratio = part / whole if whole else 0
    filled = round(width * min(ratio, 1))
    colour = "#b2473e" if ratio > 1 else PALETTE[0]
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="30" viewBox="0 0 {width} 30" role="img" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">'
        f'<rect x="0" y="0" width="{width}" height="16" fill="#e6ece9"/>'
        f'<rect x="0" y="0" width="{filled}" height="16" fill="{colour}"/>'
        f'<text x="0" y="28">{escape(label)}</text></svg>'
    )


def _clip(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
