"""Demo data of the scenario in shared/DOMAIN.md. Idempotent: safe to run on every `make run`."""

import datetime

from django.apps import apps as global_apps
from django.db import transaction

from demo.scenario import ORGANIZATIONS, STAKEHOLDERS
from stakeholders.models import Engagement, Organization, Stakeholder
from stakeholders.reference import ensure as ensure_regions
from stakeholders.selectors import region_index
from stakeholders.services import PRIVACY_NOTICE_VERSION

CONSENT_DATE = datetime.date(2024, 11, 4)

# A few interactions before the FGD, so the engagement history is not empty on day one.
DEMO_ENGAGEMENTS = [
    ("Ir. Agus Santoso, M.T.", "meeting", datetime.date(2024, 10, 14), "Koordinasi awal Renstra TJSL 2025–2029."),
    ("Hj. Rusmiati Mandara", "visit", datetime.date(2024, 10, 21), "Kunjungan ke rumah produksi sabut kelapa KIM."),
    ("Sarwana", "visit", datetime.date(2024, 10, 22), "Meninjau instalasi panen air hujan Rawabening."),
    ("Daeng Mattola", "meeting", datetime.date(2024, 10, 28), "Keluhan nelayan soal alur pelayaran."),
    ("Rina Marlina Siregar", "letter", datetime.date(2024, 10, 30), "Surat masukan tentang rehabilitasi mangrove."),
    ("Bambang Suryadi", "call", datetime.date(2024, 11, 1), "Konfirmasi daftar undangan FGD dari Kelurahan Baru Ulu."),
]


@transaction.atomic
def seed_demo_data(*, stdout=None) -> None:
    ensure_regions(global_apps)
    regions = region_index()
    organizations = {}
    for row in ORGANIZATIONS:
        organizations[row.name], _ = Organization.objects.get_or_create(
            name=row.name,
            region=regions.get(row.region),
            defaults={
                "type": row.type,
                "address": row.address,
                "partner_status": row.partner_status,
                "partner_status_year": row.partner_status_year,
            },
        )
    people = {}
    for row in STAKEHOLDERS:
        people[row.name], _ = Stakeholder.objects.get_or_create(
            name=row.name,
            organization=organizations.get(row.organization),
            defaults=stakeholder_fields_from_scenario(row, regions),
        )
    for name, kind, date, notes in DEMO_ENGAGEMENTS:
        Engagement.objects.get_or_create(stakeholder=people[name], kind=kind, date=date, defaults={"notes": notes})
    if stdout:
        stdout.write(f"Stakeholders: {len(people)} people in {len(organizations)} organisations.")


def stakeholder_fields_from_scenario(row, regions) -> dict:
    return {
        "position": row.position,
        "region": regions.get(row.region),
        "phone": "+62" + row.phone[1:],
        "email": row.email,
        "influence": row.influence,
        "interest": row.interest,
        "attitude": row.attitude,
        "is_local_hero": row.local_hero,
        "is_key_contact": row.key_contact,
        "consent_date": CONSENT_DATE,
        "consent_channel": "Formulir undangan FGD",
        "consent_notice_version": PRIVACY_NOTICE_VERSION,
    }
