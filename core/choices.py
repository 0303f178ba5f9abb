"""Choices shared by several apps (core is the floor every app may import)."""

from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    """The four TJSL pillars that state-owned companies report against."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    ENVIRONMENTAL = "environmental", _("Environmental")
    LAW_GOVERNANCE = "law_governance", _("Law & governance")


class Ring(models.IntegerChoices):
    """Distance from the company's operations; programmes prioritise ring 1."""

    RING_1 = 1, _("Ring 1")
    RING_2 = 2, _("Ring 2")
    RING_3 = 3, _("Ring 3")


class Badge(NamedTuple):
    """How one choice shows as a badge: Bootstrap colour class(es) and a bootstrap-icons name (or "")."""

    colour: str
    icon: str = ""


# Every declared badge map, keyed by the set of values of its choices: a model field only keeps its
# choices' values (not the TextChoices class), and that is how {% status_badge %} finds the map.
_BADGES: dict[frozenset[str], dict[str, Badge]] = {}


def badges(choices: type[models.Choices], mapping: dict) -> dict[str, Badge]:
    """Declare the badge of every choice, next to the TextChoices: `STATUS_BADGES = badges(Status, {...})`.

    Every choice must have one, so a new status cannot show up without a colour.
    """
    missing = set(choices) - set(mapping)
    if missing:
        raise ImproperlyConfigured(f"{choices.__qualname__}: no badge for {sorted(m.value for m in missing)}")
    declared = {str(member.value): badge for member, badge in mapping.items()}
    _BADGES[frozenset(declared)] = declared
    return declared


_VALUES: dict = {}  # choices (a model field or a TextChoices class) -> its values, built once


def badge_for(choices, value) -> Badge:
    """The badge of `value` among `choices` (a model field's choices, or a TextChoices class)."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    key = choices if hasattr(choices, "choices") else tuple(pairs)
    values = _VALUES.get(key)
    if values is None:
        values = _VALUES[key] = frozenset(str(v) for v, _label in pairs)
    try:
        return _BADGES[values][str(value)]
    except KeyError:
        raise ImproperlyConfigured(f"no badge declared for {value!r} among {sorted(values)}") from None
