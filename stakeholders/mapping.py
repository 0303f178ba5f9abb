"""The stakeholder map (influence × interest grid) as a self-contained SVG string.

A plain function, so the web page and the plan PDF (reports app, WeasyPrint) draw the same picture.
It makes no queries: pass the people already loaded (with their organisation).
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils.html import escape
from django.utils.translation import gettext as _

from .models import Stakeholder

CELL = 100
LEFT, TOP, RIGHT, BOTTOM = 70, 20, 20, 60
SIZE = 5 * CELL
ATTITUDE_COLOURS = {
    Stakeholder.Attitude.SUPPORTIVE: "#198754",
    Stakeholder.Attitude.NEUTRAL: "#6c757d",
    Stakeholder.Attitude.RESISTANT: "#dc3545",
}
# Quadrant backgrounds: (first interest column, first influence row from the bottom), colour.
QUADRANTS = {
    Stakeholder.Quadrant.KEEP_SATISFIED: (0, 2, "#fff3cd"),
    Stakeholder.Quadrant.MANAGE_CLOSELY: (2, 2, "#f8d7da"),
    Stakeholder.Quadrant.MONITOR: (0, 0, "#e9ecef"),
    Stakeholder.Quadrant.KEEP_INFORMED: (2, 0, "#cfe2ff"),
}


def quadrant_counts_of(people: Iterable[Stakeholder]) -> dict[str, int]:
    counts = dict.fromkeys(Stakeholder.Quadrant.values, 0)
    for person in people:
        counts[person.quadrant] += 1
    return counts


def stakeholder_map_svg(
    people: Iterable[Stakeholder],
    *,
    href: Callable[[Stakeholder], str] | None = None,
    title: str = "",
) -> str:
    """The grid with one dot per person (colour = attitude, gold ring = local hero); `href` links dots."""
    people = list(people)
    counts = quadrant_counts_of(people)
    width, height = LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM
    label = title or _("Stakeholder map: influence against interest")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(label)}" class="stakeholder-map" font-family="sans-serif" font-size="13">',
        f"<title>{escape(label)}</title>",
    ]
    parts += _quadrants(counts)
    parts += _grid_and_axes()
    parts += _dots(people, href)
    parts.append("</svg>")
    return "".join(parts)


def _quadrants(counts: dict[str, int]) -> list[str]:
    parts = []
    labels = dict(Stakeholder.Quadrant.choices)
    for quadrant, (col, row, colour) in QUADRANTS.items():
        x = LEFT + col * CELL
        cols, rows = (2, 2) if col == 0 else (3, 3)
        rows = 3 if row == 2 else 2
        y = TOP + (5 - row - rows) * CELL
        parts.append(f'<rect x="{x}" y="{y}" width="{cols * CELL}" height="{rows * CELL}" fill="{colour}"/>')
        text = f"{labels[quadrant]} ({counts[quadrant]})"
        parts.append(
            f'<text x="{x + 8}" y="{y + 20}" font-weight="bold" fill="#343a40" '
            f'data-quadrant="{quadrant}">{escape(text)}</text>'
        )
    return parts


def _grid_and_axes() -> list[str]:
    parts = []
    for i in range(6):
        pos = i * CELL
        stroke = ' stroke="#495057" stroke-width="2"' if i == 2 else ' stroke="#ced4da"'
        parts.append(f'<line x1="{LEFT + pos}" y1="{TOP}" x2="{LEFT + pos}" y2="{TOP + SIZE}"{stroke}/>')
        parts.append(f'<line x1="{LEFT}" y1="{TOP + pos}" x2="{LEFT + SIZE}" y2="{TOP + pos}"{stroke}/>')
    for score in range(1, 6):
        centre = (score - 0.5) * CELL
        parts.append(f'<text x="{LEFT + centre}" y="{TOP + SIZE + 18}" text-anchor="middle">{score}</text>')
        parts.append(f'<text x="{LEFT - 12}" y="{TOP + SIZE - centre + 5}" text-anchor="end">{score}</text>')
    parts.append(
        f'<text x="{LEFT + SIZE / 2}" y="{TOP + SIZE + 45}" text-anchor="middle" font-weight="bold">'
        f"{escape(_('Interest'))} →</text>"
    )
    parts.append(
        f'<text x="20" y="{TOP + SIZE / 2}" text-anchor="middle" font-weight="bold" '
        f'transform="rotate(-90 20 {TOP + SIZE / 2})">{escape(_("Influence"))} →</text>'
    )
    return parts


def _dots(people: list[Stakeholder], href: Callable[[Stakeholder], str] | None) -> list[str]:
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    for person in sorted(people, key=lambda p: (p.name, p.pk)):
        cells[(person.interest, person.influence)].append(person)
    parts = []
    for (interest, influence), group in cells.items():
        per_row = math.ceil(math.sqrt(len(group)))
        step = CELL / (per_row + 1)
        radius = max(2.5, min(9.0, step * 0.38))
        # Leave room for the quadrant label in the top row of cells.
        top_pad = 14 if influence in (5, 2) else 0
        vstep = (CELL - top_pad) / (per_row + 1)
        x0 = LEFT + (interest - 1) * CELL
        y0 = TOP + (5 - influence) * CELL + top_pad
        for index, person in enumerate(group):
            cx = x0 + step * (index % per_row + 1)
            cy = y0 + vstep * (index // per_row + 1)
            parts.append(_dot(person, cx, cy, radius, href))
    return parts


def _dot(person: Stakeholder, cx: float, cy: float, radius: float, href) -> str:
    organization = person.organization.name if person.organization_id else ""
    tooltip = escape(f"{person.name} · {organization}" if organization else person.name)
    ring = ' stroke="#ffc107" stroke-width="3"' if person.is_local_hero else ' stroke="#fff" stroke-width="1.5"'
    circle = (
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{ATTITUDE_COLOURS[person.attitude]}"{ring}>'
        f"<title>{tooltip}</title></circle>"
    )
    if href is None:
        return circle
    return f'<a href="{escape(href(person))}" data-stakeholder="{person.pk}">{circle}</a>'
