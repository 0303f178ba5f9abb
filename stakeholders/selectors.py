"""Reads of the stakeholder register: lists, filters, the map, a person's full record."""

from .models import Region

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
