import pytest

from stakeholders.models import Region
from stakeholders.reference import ensure

pytestmark = pytest.mark.django_db


def test_migration_seeds_both_regencies_with_their_districts():
    balikpapan = Region.objects.get(name="Kota Balikpapan")
    ppu = Region.objects.get(name="Kabupaten Penajam Paser Utara")
    assert balikpapan.parent.name == ppu.parent.name == "Kalimantan Timur"
    assert balikpapan.children.count() == 6
    assert ppu.children.count() == 4
    assert Region.objects.get(name="Balikpapan Barat").ring == 1
    assert Region.objects.filter(level=Region.Level.SUBDISTRICT, parent__name="Penajam").exists()


def test_ensure_is_idempotent_and_keeps_administrators_edits():
    Region.objects.filter(name="Sepaku", level=Region.Level.DISTRICT).update(ring=2)
    count = Region.objects.count()
    from django.apps import apps

    ensure(apps)
    assert Region.objects.count() == count
    assert Region.objects.get(name="Sepaku", level=Region.Level.DISTRICT).ring == 2
