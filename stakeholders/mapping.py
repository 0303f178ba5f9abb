"""The stakeholder map (influence × interest grid) as a self-contained SVG string.

A plain function, so the web page and the plan PDF (reports app, WeasyPrint) draw the same picture.
It makes no queries: pass the cells from `selectors.stakeholder_map_cells` (or `cells_of(people)`).
A crowded cell is drawn as one summary mark (how many, and their attitudes) instead of a dot each:
ten thousand dots were unreadable and made the page slow to build and to draw.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from .models import NOT_MAPPED, Stakeholder

# The "quadrant" of people whose influence and interest are not scored yet: counted, never drawn.
UNMAPPED = "unmapped"

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


# More people than this in one cell (a 7 × 7 block of dots) and the cell shows a summary instead.
MAX_DOTS_PER_CELL = 49


@dataclass
class MapCell:
    """One square of the grid: who is in it (`people`, empty when summarised) and how many by attitude."""

    interest: int
    influence: int
    quadrant: str
    by_attitude: Counter = field(default_factory=Counter)
    local_heroes: int = 0
    people: list[Stakeholder] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_attitude.values())

    @property
    def summarised(self) -> bool:
        return self.total > len(self.people)

    @property
    def unmapped(self) -> bool:
        return self.quadrant == UNMAPPED


def unmapped_cell() -> MapCell:
    """Where the people not yet mapped are counted (off the grid)."""
    return MapCell(0, 0, UNMAPPED)


def cells_of(people: Iterable[Stakeholder]) -> list[MapCell]:
    """Cells from people already loaded, every one drawn as a dot (small sets, tests)."""
    cells: dict[tuple[int, int], MapCell] = {}
    for person in people:
        if not person.is_mapped:
            cell = cells.setdefault((0, 0), unmapped_cell())
            cell.by_attitude[person.attitude] += 1
            continue
        key = (person.interest, person.influence)
        cell = cells.setdefault(key, MapCell(person.interest, person.influence, person.quadrant))
        cell.by_attitude[person.attitude] += 1
        cell.local_heroes += person.is_local_hero
        cell.people.append(person)
    return list(cells.values())


def quadrant_counts_of(cells: Iterable[MapCell]) -> dict[str, int]:
    """People per quadrant, and under UNMAPPED those not yet mapped."""
    counts = dict.fromkeys([*Stakeholder.Quadrant.values, UNMAPPED], 0)
    for cell in cells:
        counts[cell.quadrant] += cell.total
    return counts


def stakeholder_map_svg(
    cells: Iterable[MapCell],
    *,
    href: Callable[[Stakeholder], str] | None = None,
    cell_href: Callable[[MapCell], str] | None = None,
    title: str = "",
) -> str:
    """The grid with a dot per person (colour = attitude, gold ring = local hero), or a summary per
    crowded cell; `href` links dots to a person, `cell_href` links a summary to the people in it."""
    cells = list(cells)
    counts = quadrant_counts_of(cells)
    width, height = LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM
    label = title or _("Stakeholder map: influence against interest")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(label)}" class="stakeholder-map" font-family="sans-serif" font-size="13">',
        f"<title>{escape(label)}</title>",
    ]
    parts += _quadrants(counts)
    parts += _grid_and_axes()
    for cell in cells:
        if not cell.unmapped:
            parts += _summary(cell, cell_href) if cell.summarised else _dots(cell, href)
    if counts[UNMAPPED]:
        note = _("%(n)s not yet mapped (not on the grid)") % {"n": number_format(counts[UNMAPPED], force_grouping=True)}
        parts.append(
            f'<text x="{LEFT + SIZE}" y="{height - 6}" text-anchor="end" font-size="12" fill="#495057" '
            f'data-quadrant="{UNMAPPED}">{escape(note)}</text>'
        )
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


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _cell_origin(cell: MapCell) -> tuple[float, float, float]:
    """Top-left corner of the cell and the room kept for the quadrant label in the top rows."""
    top_pad = 14 if cell.influence in (5, 2) else 0
    return LEFT + (cell.interest - 1) * CELL, TOP + (5 - cell.influence) * CELL + top_pad, top_pad


def _dots(cell: MapCell, href: Callable[[Stakeholder], str] | None) -> list[str]:
    group = sorted(cell.people, key=lambda p: (p.name, p.pk))
    per_row = math.ceil(math.sqrt(len(group)))
    step = CELL / (per_row + 1)
    radius = max(2.5, min(9.0, step * 0.38))
    x0, y0, top_pad = _cell_origin(cell)
    vstep = (CELL - top_pad) / (per_row + 1)
    return [
        _dot(person, x0 + step * (index % per_row + 1), y0 + vstep * (index // per_row + 1), radius, href)
        for index, person in enumerate(group)
    ]


def _summary(cell: MapCell, cell_href: Callable[[MapCell], str] | None) -> list[str]:
    """The count in large type over a bar split by attitude; a gold star counts the local heroes."""
    x0, y0, top_pad = _cell_origin(cell)
    centre = x0 + CELL / 2
    middle = y0 + (CELL - top_pad) / 2
    attitudes = dict(Stakeholder.Attitude.choices)
    tooltip = _("%(count)s people: %(attitudes)s") % {
        "count": _number(cell.total),
        "attitudes": ", ".join(
            f"{attitudes[a]} {_number(cell.by_attitude[a])}" for a in ATTITUDE_COLOURS if cell.by_attitude[a]
        ),
    }
    if cell.local_heroes:
        tooltip += " · " + _("local heroes: %(count)s") % {"count": _number(cell.local_heroes)}
    parts = [
        f'<g data-cell="{cell.interest}-{cell.influence}" data-count="{cell.total}"><title>{escape(tooltip)}</title>',
        f'<text x="{centre}" y="{middle}" text-anchor="middle" font-size="20" font-weight="bold" '
        f'fill="#212529">{_number(cell.total)}</text>',
    ]
    bar_width, x = CELL - 24, x0 + 12
    for attitude, colour in ATTITUDE_COLOURS.items():
        width = bar_width * cell.by_attitude[attitude] / cell.total
        if width:
            parts.append(f'<rect x="{x:.1f}" y="{middle + 8}" width="{width:.1f}" height="8" fill="{colour}"/>')
            x += width
    if cell.local_heroes:
        parts.append(
            f'<text x="{centre}" y="{middle + 32}" text-anchor="middle" font-size="11" fill="#6d4c00">'
            f"★ {_number(cell.local_heroes)}</text>"
        )
    parts.append("</g>")
    if cell_href is None:
        return parts
    return [f'<a href="{escape(cell_href(cell))}" class="map-cell">', *parts, "</a>"]


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


def quadrant_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(value, label, count) per quadrant, then the people not yet mapped: the map page and the PDF."""
    rows = [(value, str(label), counts.get(value, 0)) for value, label in Stakeholder.Quadrant.choices]
    return [*rows, (UNMAPPED, str(NOT_MAPPED), counts.get(UNMAPPED, 0))]
