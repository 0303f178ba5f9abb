from demo.fgd_public import SUBMISSIONS, seed_public_aspirations
from demo.stakeholders import seed_demo_data as seed_stakeholders
from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_create


def test_public_demo_data_is_idempotent_and_covers_the_scenario(db):
    seed_stakeholders()
    main = aspiration_create(title="Pemasaran produk sabut kelapa Koperasi KIM", description="FGD", source="fgd")
    seed_public_aspirations()
    seed_public_aspirations()
    public = Aspiration.objects.filter(source="public_form")
    assert public.count() == len(SUBMISSIONS) >= 30
    assert public.filter(status="declined", status_changes__public_note__icontains="iklan").count() == 4
    assert public.filter(merged_into=main).exists()
    assert public.filter(status="accepted").exists() and public.filter(status="received").exists()
    with_contact = public.exclude(submitter_phone="", submitter_email="")
    assert with_contact.exists() and not with_contact.filter(consent_given_at__isnull=True).exists()


def test_public_duplicates_are_merged_into_the_scenario_fgd(db):
    from demo.fgd import seed_demo_data

    seed_stakeholders()
    seed_demo_data()
    duplicates = Aspiration.objects.filter(source="public_form", status="merged")
    assert duplicates.count() >= 6
    assert not duplicates.exclude(merged_into__source="fgd").exists()
