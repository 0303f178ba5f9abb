"""Factories of aspirations (session factories live in session_factories.py)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from fgd.models import Aspiration, AspirationCategory
from fgd.services.aspirations import new_tracking_code
from stakeholders.services import PRIVACY_NOTICE_VERSION


class AspirationCategoryFactory(DjangoModelFactory):
    class Meta:
        model = AspirationCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    order = factory.Sequence(lambda n: n)


class AspirationFactory(DjangoModelFactory):
    """A received aspiration with a valid tracking code. For the history row use services.aspiration_create."""

    class Meta:
        model = Aspiration

    tracking_code = factory.LazyFunction(new_tracking_code)
    title = factory.Sequence(lambda n: f"Aspirasi warga nomor {n}")
    description = factory.Faker("paragraph", locale="id_ID")
    category = factory.LazyFunction(lambda: AspirationCategory.objects.order_by("order").first())
    pillar = "social"
    source = Aspiration.Source.FGD
    status = Aspiration.Status.RECEIVED

    class Params:
        public = factory.Trait(
            source=Aspiration.Source.PUBLIC_FORM,
            submitter_name=factory.Faker("name", locale="id_ID"),
            submitter_phone="081234567890",
            submitter_email=factory.Faker("email"),
            consent_given_at=factory.Faker("date_time_this_year", tzinfo=datetime.UTC),
            consent_notice_version=PRIVACY_NOTICE_VERSION,
        )
