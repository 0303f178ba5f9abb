"""Choices shared by several apps (core is the floor every app may import)."""

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
