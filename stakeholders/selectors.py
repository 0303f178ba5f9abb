"""Reads of the stakeholder register: lists, filters, the map, a person's full record."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .mapping import MAX_DOTS_PER_CELL, UNMAPPED, MapCell, unmapped_cell
from .models import Organization, Region, Stakeholder

_LEVEL_RANK = {level: rank for rank, level in enumerate(Region.Level.values)}


class RegionIndex:
    """Finds a region by code or by name (case-insensitive) without a query per lookup.

    A name used at two levels ("Penajam" is a district and a sub-district) means the wider one;
    a name used twice at the same level is ambiguous and resolves to nothing (`ambiguous()` says so).
    """

    def __init__(self, regions):
        self._by_code = {}
        self._by_name: dict[str, list[Region]] = {}
        for region in regions:
            self._by_code[region.code.lower()] = region
            self._by_name.setdefault(region.name.strip().lower(), []).append(region)

    def _candidates(self, text: str) -> list[Region]:
        key = (text or "").strip().lower()
        if key in self._by_code:
            return [self._by_code[key]]
        found = sorted(self._by_name.get(key, []), key=lambda r: _LEVEL_RANK[r.level])
        return [r for r in found if r.level == found[0].level] if found else []

    def get(self, text: str) -> Region | None:
        found = self._candidates(text)
        return found[0] if len(found) == 1 else None

    def ambiguous(self, text: str) -> bool:
        return len(self._candidates(text)) > 1


def region_index() -> RegionIndex:
    return RegionIndex(Region.objects.all())


SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "organization": ("organization__name", "name", "pk"),
    "-organization": ("-organization__name", "-name", "-pk"),
    "region": ("region__name", "name", "pk"),
    "-region": ("-region__name", "-name", "-pk"),
    "influence": ("influence", "name", "pk"),
    "-influence": ("-influence", "name", "pk"),
    "interest": ("interest", "name", "pk"),
    "-interest": ("-interest", "name", "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}


def within_region(region, *, field: str = "region") -> Q:
    """Rows whose `field` is `region` (a Region or its id) or lies anywhere inside it.

    Regions nest province → regency → district → sub-district, so three parent hops reach the top.
    """
    region_id = getattr(region, "pk", region)
    hops = ["", "__parent", "__parent__parent", "__parent__parent__parent"]
    return reduce(or_, (Q(**{f"{field}{hop}_id": region_id}) for hop in hops))


def within_ring(ring: int, *, field: str = "region") -> Q:
    """Rows whose `field` lies in `ring`: the region's own ring, else its parent's.

    The queryset twin of `Region.effective_ring`; every ring filter and count uses one of the two.
    """
    return Q(**{f"{field}__ring": ring}) | Q(**{f"{field}__ring__isnull": True, f"{field}__parent__ring": ring})


def stakeholder_list(
    *,
    q: str = "",
    org_type: str = "",
    region: Region | None = None,
    ring: int | None = None,
    quadrant: str = "",
    influence: int | None = None,
    interest: int | None = None,
    attitude: str = "",
    local_hero: bool | None = None,
    status: str = "active",
    sort: str = "name",
    search_contact: bool = True,
) -> QuerySet[Stakeholder]:
    """The register, filtered and sorted; one query however many rows (related rows are joined).

    `search_contact=False` keeps people who may not see phone numbers from finding someone by one.
    """
    rows = Stakeholder.objects.select_related("organization", "region", "region__parent")
    if q:
        condition = Q(name__icontains=q) | Q(organization__name__icontains=q) | Q(position__icontains=q)
        digits = _phone_digits(q)
        if search_contact and digits:
            condition |= Q(phone__contains=digits)
        rows = rows.filter(condition)
    if org_type:
        rows = rows.filter(organization__type=org_type)
    if region is not None:
        rows = rows.filter(within_region(region))
    if ring:
        rows = rows.filter(within_ring(ring))
    if quadrant == UNMAPPED:
        rows = rows.filter(quadrant__isnull=True)
    elif quadrant:
        rows = rows.filter(quadrant=quadrant)
    if influence:
        rows = rows.filter(influence=influence)
    if interest:
        rows = rows.filter(interest=interest)
    if attitude:
        rows = rows.filter(attitude=attitude)
    if local_hero is not None:
        rows = rows.filter(is_local_hero=local_hero)
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "archived":
        rows = rows.filter(is_active=False)
    return rows.order_by(*SORTS.get(sort, SORTS["name"]))


REGISTER_ROW_COLUMNS = (
    "pk",
    "name",
    "position",
    "is_active",
    "is_local_hero",
    "organization_name",
    "organization_type",
    "region_name",
    "region_parent_name",
    "phone",
    "influence",
    "interest",
    "quadrant",
    "attitude",
)


def stakeholder_rows(**filters) -> QuerySet:
    """`stakeholder_list(**filters)` as named tuples of what the register's table shows
    (REGISTER_ROW_COLUMNS; `{% stakeholder_rows %}`): a page of 25 people read three model
    instances each (the person, the organisation, the region and its parent) for twelve values (issue 15)."""
    return (
        stakeholder_list(**filters)
        .select_related(None)
        .annotate(
            organization_name=F("organization__name"),
            organization_type=F("organization__type"),
            region_name=F("region__name"),
            region_parent_name=F("region__parent__name"),
        )
        .values_list(*REGISTER_ROW_COLUMNS, named=True)
    )


def is_phone_search(text: str) -> bool:
    """A search that looks for a phone number (kept out of URLs: see stakeholders.views)."""
    return bool(_phone_digits(text))


def _phone_digits(text: str) -> str:
    """'0812-5001' → '8125001' (the part after the 0 or +62 that every stored number contains)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 4 or len(digits) < len(text.replace(" ", "").replace("-", "").replace("+", "")):
        return ""
    for prefix in ("62", "0"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def regions_at(*levels: str) -> QuerySet[Region]:
    """The regions of these levels (all without any), in hierarchy order, ready for `Region.label`."""
    regions = Region.objects.filter(level__in=levels) if levels else Region.objects.all()
    return regions.select_related("parent").order_by("code")


def region_choices() -> list[tuple[int, str]]:
    """Cities/regencies and their districts, for filters (one query)."""
    return [(r.pk, r.label) for r in regions_at(Region.Level.REGENCY, Region.Level.DISTRICT)]


def quadrant_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(Stakeholder.Quadrant.values, 0)
    for row in rows.order_by().values("quadrant").annotate(n=Count("pk")):
        counts[row["quadrant"]] = row["n"]
    return counts


def stakeholder_map_cells(*, region: Region | None = None, org_type: str = "") -> list[MapCell]:
    """The active people on the influence/interest grid, cell by cell (two queries).

    The database counts every cell; only people in cells small enough to draw as dots are loaded.
    """
    people = stakeholder_list(region=region, org_type=org_type)
    groups = (
        people.order_by()
        .values_list("interest", "influence", "quadrant", "attitude")
        .annotate(n=Count("pk"), heroes=Count("pk", filter=Q(is_local_hero=True)))
    )
    cells: dict[tuple[int, int], MapCell] = {}
    for interest, influence, quadrant, attitude, n, heroes in groups:
        if interest is None or influence is None:  # not yet mapped: counted apart, never drawn
            cell = cells.setdefault((0, 0), unmapped_cell())
            cell.by_attitude[attitude] += n
            continue
        cell = cells.setdefault((interest, influence), MapCell(interest, influence, quadrant))
        cell.by_attitude[attitude] += n
        cell.local_heroes += heroes
    drawn = [key for key, cell in cells.items() if cell.total <= MAX_DOTS_PER_CELL and not cell.unmapped]
    if drawn:
        in_drawn_cells = reduce(or_, (Q(interest=interest, influence=influence) for interest, influence in drawn))
        fields = ("name", "influence", "interest", "attitude", "is_local_hero", "organization__name")
        dots = people.filter(in_drawn_cells).select_related(None).select_related("organization").only(*fields)
        for person in dots:
            cells[(person.interest or 0, person.influence or 0)].people.append(person)
    return sorted(cells.values(), key=lambda cell: (cell.interest, cell.influence))


@dataclass(frozen=True)
class HistoryEntry:
    date: object
    user: object
    kind: str
    reason: str
    changes: list[tuple[str, object, object]]


CONTACT_FIELDS = {"phone", "email"}
HIDDEN_FIELDS = {"updated_at", "created_at"}
REASONS = {
    "archived": gettext_lazy("archived"),
    "restored": gettext_lazy("restored"),
    "erased": gettext_lazy("personal data erased"),
    "import": gettext_lazy("imported"),
}


def stakeholder_history(*, stakeholder: Stakeholder, with_contact: bool) -> list[HistoryEntry]:
    """Who changed what and when, newest first; without phone/e-mail for those who may not see them."""
    records = list(stakeholder.history.select_related("history_user").order_by("-history_date", "-history_id"))
    hidden = HIDDEN_FIELDS if with_contact else HIDDEN_FIELDS | CONTACT_FIELDS
    raw = []
    for index, newer in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = [] if older is None else [c for c in newer.diff_against(older).changes if c.field not in hidden]
        raw.append((newer, changes))
    names = _related_names(c for _record, changes in raw for c in changes)
    entries = []
    for record, changes in raw:
        shown = []
        for change in changes:
            field = Stakeholder._meta.get_field(change.field)
            old, new = change.old, change.new
            if field.is_relation:
                old, new = names.get((change.field, old), old), names.get((change.field, new), new)
            elif field.choices:  # type: ignore[union-attr]
                labels = dict(field.flatchoices)  # type: ignore[union-attr]
                old, new = labels.get(old, old), labels.get(new, new)
            shown.append((field.verbose_name, old, new))  # type: ignore[union-attr]
        reason = record.history_change_reason or ""
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                record.get_history_type_display(),
                str(REASONS.get(reason, reason)),
                shown,  # type: ignore[arg-type]
            )
        )
    return entries


def _related_names(changes) -> dict:
    """Names of the regions/organisations a history mentions (one query per model, not per change)."""
    wanted = {"region": set(), "organization": set()}  # type: ignore[var-annotated]
    for change in changes:
        if change.field in wanted:
            wanted[change.field].update(pk for pk in (change.old, change.new) if pk)
    names = {}
    for field, model in (("region", Region), ("organization", Organization)):
        if wanted[field]:
            names.update(
                {(field, pk): name for pk, name in model.objects.filter(pk__in=wanted[field]).values_list("pk", "name")}
            )
    return names


def stakeholder_detail(*, pk: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.select_related(
            "organization", "organization__region", "region", "region__parent", "erased_by"
        ),
        pk=pk,
    )


def stakeholder_engagements(*, stakeholder: Stakeholder):
    return stakeholder.engagements.select_related("staff")


def stakeholder_fgd_invitations(*, stakeholder: Stakeholder):
    return stakeholder.fgd_invitations.select_related("session").order_by("-session__starts_at")


def stakeholder_aspirations(*, stakeholder: Stakeholder):
    """Aspirations raised, with the programs that took them up."""
    return stakeholder.aspirations.prefetch_related("programs").order_by("-pk")


def stakeholder_program_partnerships(*, stakeholder: Stakeholder):
    """The programs the person partners in, newest plan first, with program and plan (one query).

    Reached through the programs app's reverse relation: this app imports nothing to its right.
    """
    return stakeholder.program_partnerships.select_related("program__plan").order_by(
        "-program__plan__year", "-program__plan__version", "program__code", "pk"
    )


def stakeholder_export_rows(rows, *, with_contact: bool):
    for s in rows.iterator(chunk_size=2000):
        ring = s.region.effective_ring if s.region else None
        row = [
            s.pk,
            s.name,
            s.position,
            s.organization.name if s.organization else "",
            s.organization.get_type_display() if s.organization else "",
            s.region.name if s.region else "",
            ring or "",
        ]
        if with_contact:
            row += [s.phone, s.email]
        row += [
            s.influence,
            s.interest,
            s.get_attitude_display(),
            s.get_quadrant_display(),
            _yes(s.is_local_hero),
            _yes(s.is_key_contact),
            _yes(s.is_active),
        ]
        yield row


def _yes(value: bool) -> str:
    return str(_("yes") if value else _("no"))


def organization_list(*, q: str = "", org_type: str = "") -> QuerySet[Organization]:
    """Organisations with their number of active people (one query).

    The count is a correlated subquery, so PostgreSQL computes it for the page's rows only; a joined
    count grouped every stakeholder first.
    """
    active_people = (
        Stakeholder.objects.filter(organization=OuterRef("pk"), is_active=True)
        .order_by()
        .values("organization")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = Organization.objects.select_related("region").annotate(people=Coalesce(Subquery(active_people), 0))
    if q:
        rows = rows.filter(name__icontains=q)
    if org_type:
        rows = rows.filter(type=org_type)
    return rows.order_by("name", "pk")


def organization_rows(*, q: str = "", org_type: str = "") -> QuerySet:
    """`organization_list` as named tuples of what the list's table shows (`pk`, `name`, `type`,
    `region_name`, `partner_status`, `partner_status_year`, `people`; `{% organization_rows %}`):
    no model instances for a page of rows that show seven values (issue 15)."""
    return (
        organization_list(q=q, org_type=org_type)
        .select_related(None)
        .annotate(region_name=F("region__name"))
        .values_list("pk", "name", "type", "region_name", "partner_status", "partner_status_year", "people", named=True)
    )


def organization_history(*, organization: Organization) -> list[HistoryEntry]:
    records = list(organization.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for index, newer in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                field = Organization._meta.get_field(change.field)
                old, new = change.old, change.new
                if field.choices:  # type: ignore[union-attr]
                    labels = dict(field.flatchoices)  # type: ignore[union-attr]
                    old, new = labels.get(old, old), labels.get(new, new)
                elif field.is_relation:
                    old, new = _region_name(old), _region_name(new)
                changes.append((field.verbose_name, old, new))  # type: ignore[union-attr]
        entries.append(
            HistoryEntry(newer.history_date, newer.history_user, newer.get_history_type_display(), "", changes)  # type: ignore[arg-type]
        )
    return entries


def _region_name(pk) -> str:
    return Region.objects.filter(pk=pk).values_list("name", flat=True).first() or "" if pk else ""


def key_stakeholders(*, limit: int = 12) -> list[Stakeholder]:
    """The people to manage closely (high influence and interest), key contacts first, then by scores."""
    return list(
        Stakeholder.objects.filter(is_active=True, quadrant=Stakeholder.Quadrant.MANAGE_CLOSELY)
        .select_related("organization")
        .order_by("-is_key_contact", "-influence", "-interest", "name")[:limit]
    )
