"""Factories for FGD sessions and invitations; the people invited come from the register's factories."""

import datetime as dt

import factory
from django.utils import timezone

from fgd.models import Aspiration, FgdSession, Invitation
from stakeholders.tests.factories import StakeholderFactory


class FgdSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FgdSession

    title = factory.Sequence(lambda n: f"FGD Rencana Kerja TJSL {n}")
    theme = "Rencana Kerja TJSL 2025"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    venue = "Banua Patra, Balikpapan"
    public_code = factory.Sequence(lambda n: f"T{n:05d}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(FgdSessionFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)


class SessionAspirationFactory(factory.django.DjangoModelFactory):
    """An FGD aspiration; the workflow's own factory lives in factories.py (aspirations helper)."""

    class Meta:
        model = Aspiration

    tracking_code = factory.Sequence(lambda n: f"ASP-T{n:03d}-TEST")
    title = factory.Sequence(lambda n: f"Aspirasi {n}")
    description = "Pelatihan dan pendampingan"
    source = Aspiration.Source.FGD
    session = factory.SubFactory(FgdSessionFactory)
