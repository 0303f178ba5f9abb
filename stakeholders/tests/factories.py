"""factory_boy factories for the stakeholder register; other apps' tests use them too."""

import datetime

import factory
from factory.django import DjangoModelFactory

from stakeholders.models import Engagement, Organization, Region, Stakeholder
from stakeholders.services import PRIVACY_NOTICE_VERSION


class RegionFactory(DjangoModelFactory):
    """A sub-district under its own district (the migration's real regions are there as well)."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Kelurahan Uji {n}")
    level = Region.Level.SUBDISTRICT
    code = factory.Sequence(lambda n: f"99.{n:05d}")
    parent = None
    ring = 1


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Kelompok Masyarakat {n}")
    type = Organization.Type.COMMUNITY_GROUP
    region = factory.SubFactory(RegionFactory)


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Warga Uji {n}")
    position = "Ketua"
    organization = factory.SubFactory(OrganizationFactory)
    region = factory.SelfAttribute("organization.region")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    email = factory.Sequence(lambda n: f"warga{n}@example.com")
    influence = 3
    interest = 3
    attitude = Stakeholder.Attitude.NEUTRAL
    consent_date = datetime.date(2025, 1, 6)
    consent_channel = "Formulir"
    consent_notice_version = PRIVACY_NOTICE_VERSION


class EngagementFactory(DjangoModelFactory):
    class Meta:
        model = Engagement

    stakeholder = factory.SubFactory(StakeholderFactory)
    kind = Engagement.Kind.MEETING
    date = datetime.date(2025, 2, 3)
    notes = "Rapat koordinasi"
