from django.apps import apps
from django.utils import translation

from fgd.models import AspirationCategory
from fgd.reference import ASPIRATION_CATEGORIES, ensure
from fgd.tests.factories import AspirationFactory


def test_the_migration_created_the_categories_in_both_languages(db):
    codes = list(AspirationCategory.objects.values_list("code", flat=True))
    assert codes == [code for code, _id, _en in ASPIRATION_CATEGORIES]
    health = AspirationCategory.objects.get(code="health")
    with translation.override("id"):
        assert str(health) == "Kesehatan"
    with translation.override("en"):
        assert str(health) == "Health"


def test_ensure_is_idempotent(db):
    ensure(apps)
    ensure(apps)
    assert AspirationCategory.objects.count() == len(ASPIRATION_CATEGORIES)


def test_the_factory_makes_a_public_aspiration_with_contact_and_consent(db):
    aspiration = AspirationFactory(public=True)
    assert aspiration.source == "public_form"
    assert aspiration.submitter_phone and aspiration.consent_given_at
    assert aspiration.category.code == "education"
