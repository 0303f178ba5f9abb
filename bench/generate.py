"""Data at scale, generated fast with bulk inserts (never one request, or one save(), per row).

`generate(sizes)` tops the database up to the given sizes, so the benchmark can measure at a
small size, grow the same database to the large size and measure again. Everything is
deterministic (seeded) and uses the real models, so the pages see what users would create:
regions with rings, organisations, stakeholders with mapping scores, FGD sessions with
invitations and attendance written to the engagement log, aspirations with tracking codes and a
status history that follows the triage workflow, and three annual plans with programs,
activities, indicators, SDGs, partners and traced aspirations.

Run it only against a scratch database: `bench.run` makes one (never the developer's db.sqlite3).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.access import Role
from core.choices import Pillar
from fgd.models import (
    Aspiration,
    AspirationCategory,
    AspirationStatusChange,
    FgdSession,
    Invitation,
)
from fgd.services.aspirations import ALLOWED_TRANSITIONS, TRACKING_ALPHABET, TRACKING_PREFIX
from programs.models import (
    Activity,
    AnnualPlan,
    Indicator,
    PlanStatusChange,
    Program,
    ProgramPartner,
    Sdg,
    StrategicGoal,
    StrategicPlan,
)
from stakeholders.models import Engagement, Organization, Region, Stakeholder

BATCH = 2000
ASPIRATIONS_PER_FGD = 40
NON_FGD_SOURCES = ["public_form", "visit", "letter", "other"]
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (a scratch database on loopback only)
BENCH_USERS = {
    "bench-admin": Role.ADMINISTRATOR,
    "bench-manager": Role.MANAGER,
    "bench-officer": Role.OFFICER,
    "bench-viewer": Role.VIEWER,
}


@dataclass(frozen=True)
class Sizes:
    stakeholders: int
    aspirations: int
    fgds: int = 50
    invitations_per_fgd: int = 60
    plan_years: tuple[int, ...] = (2024, 2025, 2026)
    programs_per_plan: int = 60
    activities_per_program: int = 10
    aspirations_per_program: int = 3

    def as_dict(self) -> dict:
        return {
            "stakeholders": self.stakeholders,
            "aspirations": self.aspirations,
            "fgds": self.fgds,
            "invitations_per_fgd": self.invitations_per_fgd,
            "plans": len(self.plan_years),
            "programs_per_plan": self.programs_per_plan,
            "activities_per_plan": self.programs_per_plan * self.activities_per_program,
        }


def ensure_some(*, log=None) -> None:
    """A few rows of every kind, on top of the demo data, so every detail page has something to show."""
    from programs.models import AnnualPlan

    years = () if AnnualPlan.objects.exists() else (2031,)
    sizes = Sizes(
        stakeholders=max(Stakeholder.objects.count(), 8),
        aspirations=max(Aspiration.objects.count(), 15),
        fgds=max(FgdSession.objects.count(), 2),
        invitations_per_fgd=4,
        plan_years=years,
        programs_per_plan=3,
        activities_per_program=2,
        aspirations_per_program=1,
    )
    Generator(seed=1, log=log or (lambda *_: None), password=None).generate(sizes)


# The sizes: pages are measured at 1,000 and at 100,000 aspirations in the same run.
SMALL = Sizes(stakeholders=100, aspirations=1_000)
LARGE = Sizes(stakeholders=10_000, aspirations=100_000)
QUICK_LARGE = Sizes(stakeholders=1_000, aspirations=10_000)

# --- Words for realistic Indonesian data ---------------------------------------------------
FIRST_NAMES = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rahmat",
    "Sari",
    "Taufik",
    "Utami",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Andi",
    "Bayu",
    "Dimas",
    "Fitri",
    "Hasan",
    "Irma",
    "Lukman",
    "Maya",
    "Novi",
    "Rina",
    "Siti",
    "Yusuf",
]
LAST_NAMES = [
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Santoso",
    "Lestari",
    "Nugroho",
    "Rahayu",
    "Setiawan",
    "Wibowo",
    "Siregar",
    "Hutapea",
    "Daeng",
    "Rahman",
    "Syahputra",
    "Purnomo",
    "Hakim",
    "Maulana",
    "Anggraini",
    "Permata",
    "Yapsenang",
    "Kartikasari",
]
POSITIONS = ["Ketua", "Sekretaris", "Bendahara", "Kepala Seksi", "Lurah", "Camat", "Anggota", "Koordinator"]
ORG_KINDS = [
    ("Kelompok Tani", Organization.Type.COMMUNITY_GROUP),
    ("Koperasi", Organization.Type.COOPERATIVE),
    ("UMKM", Organization.Type.FOSTERED_PARTNER),
    ("Posyandu", Organization.Type.HEALTH_POST),
    ("SD Negeri", Organization.Type.EDUCATION),
    ("Karang Taruna", Organization.Type.YOUTH),
    ("Masjid", Organization.Type.RELIGIOUS),
    ("Kantor Kelurahan", Organization.Type.SUBDISTRICT_OFFICE),
    ("Dinas", Organization.Type.GOVERNMENT),
    ("Bank Sampah", Organization.Type.COMMUNITY_GROUP),
]
ORG_NAMES = [
    "Mandiri",
    "Sejahtera",
    "Harapan",
    "Bersatu",
    "Maju",
    "Lestari",
    "Makmur",
    "Berkah",
    "Mekar",
    "Bahari",
    "Mangrove",
    "Kriya",
]
NEEDS = [
    ("Pelatihan pemasaran produk sabut kelapa", "economic"),
    ("Bantuan alat panen air hujan", "environmental"),
    ("Pelatihan urban farming hidroponik", "environmental"),
    ("Penanaman mangrove", "environmental"),
    ("Pendirian bank sampah", "environmental"),
    ("Pencegahan stunting balita", "social"),
    ("Beasiswa siswa berprestasi", "social"),
    ("Sarana air bersih", "social"),
    ("Modal usaha mikro", "economic"),
    ("Perbaikan jalan lingkungan", "social"),
    ("Pelatihan digital marketing", "economic"),
    ("Renovasi posyandu", "social"),
    ("Pelatihan tanggap bencana kebakaran", "social"),
    ("Sosialisasi peraturan desa", "law_governance"),
    ("Pengadaan perahu nelayan", "economic"),
    ("Rumah produksi kerajinan anyaman", "economic"),
    ("Perlengkapan sekolah PAUD", "social"),
    ("Pengobatan gratis lansia", "social"),
    ("Instalasi panel surya", "environmental"),
    ("Drainase dan gorong-gorong", "social"),
    ("Sertifikasi halal UMKM", "economic"),
    ("Lapangan olahraga pemuda", "social"),
    ("Komposter rumah tangga", "environmental"),
    ("Pelatihan menjahit ibu PKK", "economic"),
    ("Perpustakaan keliling", "social"),
    ("Budidaya ikan lele bioflok", "economic"),
    ("Lampu penerangan jalan", "social"),
    ("Pelatihan barista kopi lokal", "economic"),
    ("Toilet umum pasar", "social"),
    ("Pembinaan kelompok sadar wisata", "economic"),
    ("Pelatihan paralegal desa", "law_governance"),
    ("Transparansi dana kelurahan", "law_governance"),
    ("Ambulans desa", "social"),
    ("Penghijauan taman kota", "environmental"),
    ("Alat pengolahan minyak jelantah", "environmental"),
    ("Pelatihan bengkel motor", "economic"),
]
OBJECTS = [
    "untuk kelompok tani", "bagi ibu rumah tangga", "bagi nelayan", "untuk karang taruna", "bagi lansia",
    "untuk siswa SD", "bagi penyandang disabilitas", "untuk pengrajin", "bagi pedagang pasar", "untuk posyandu",
    "bagi remaja masjid", "untuk koperasi", "bagi petani sayur", "untuk warga pesisir", "bagi UMKM kuliner",
    "tahap kedua", "lanjutan program tahun lalu", "secara berkelanjutan", "dengan pendampingan", "",
]  # fmt: skip
PLACES = ["RT 03", "RT 12", "RW 05", "dekat pasar", "di pesisir", "di sekolah", "di balai warga", "di masjid"]
STREETS = [
    "Jl. Mulawarman",
    "Jl. Soekarno-Hatta",
    "Jl. Pupuk Raya",
    "Jl. Marsma Iswahyudi",
    "Gang Sepakat",
    "Jl. Mayjen Sutoyo",
]


def _title(rng: random.Random, region_name: str) -> tuple[str, str]:
    need, pillar = rng.choice(NEEDS)
    where = rng.choice([f"RT {rng.randint(1, 60):02d}", rng.choice(STREETS), f"Kelurahan {region_name}"])
    title = f"{need} {rng.choice(OBJECTS)} {where}"
    return " ".join(title.split())[:200], pillar


@contextlib.contextmanager
def _keep_given_timestamps(*fields) -> Iterator[None]:
    """Bulk inserts with our own timestamps: auto_now(_add) would stamp every row with now()."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f, *_ in saved:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _field(model, name):
    return model._meta.get_field(name)


class Generator:
    def __init__(self, *, seed: int = 7, log=print, password: str | None = BENCH_PASSWORD) -> None:
        # password=None: users that cannot log in with a password (tests log in with force_login;
        # hashing a password costs about a second each on a busy machine).
        self.password = password
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()

    # --- Reference data: use what the migrations seeded, add what is missing ---------------
    def regions(self) -> list[Region]:
        leaves = list(Region.objects.filter(level__in=[Region.Level.DISTRICT, Region.Level.SUBDISTRICT]))
        if leaves:
            return leaves
        province, _ = Region.objects.get_or_create(
            code="BENCH-64", defaults={"name": "Kalimantan Timur (bench)", "level": Region.Level.PROVINCE}
        )
        city, _ = Region.objects.get_or_create(
            code="BENCH-64.71",
            defaults={"name": "Kota Balikpapan (bench)", "level": Region.Level.REGENCY, "parent": province},
        )
        names = ["Balikpapan Barat", "Balikpapan Kota", "Balikpapan Selatan", "Balikpapan Tengah"]
        for i, name in enumerate(names, start=1):
            Region.objects.get_or_create(
                code=f"BENCH-64.71.0{i}",
                defaults={"name": name, "level": Region.Level.DISTRICT, "parent": city, "ring": (i % 3) + 1},
            )
        return list(Region.objects.filter(level=Region.Level.DISTRICT))

    def categories(self) -> list[AspirationCategory]:
        found = list(AspirationCategory.objects.all())
        if found:
            return found
        for order, (code, name_id, name_en) in enumerate(
            [
                ("education", "Pendidikan", "Education"),
                ("health", "Kesehatan", "Health"),
                ("environment", "Lingkungan", "Environment"),
                ("economic", "Pemberdayaan ekonomi", "Economic empowerment"),
                ("infrastructure", "Infrastruktur", "Infrastructure"),
            ]
        ):
            AspirationCategory.objects.get_or_create(
                code=code, defaults={"name_id": name_id, "name_en": name_en, "order": order}
            )
        return list(AspirationCategory.objects.all())

    def sdgs(self) -> list[Sdg]:
        found = list(Sdg.objects.all())
        if found:
            return found
        for number in range(1, 18):
            Sdg.objects.get_or_create(
                number=number, defaults={"name_id": f"Tujuan {number}", "name_en": f"Goal {number}"}
            )
        return list(Sdg.objects.all())

    def users(self) -> dict[str, object]:
        User = get_user_model()
        users = {}
        for username, role in BENCH_USERS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": "Bench", "last_name": role.label}
            )
            if created:
                if self.password:
                    user.set_password(self.password)
                else:
                    user.set_unusable_password()
                user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
                user.save()
            user.groups.set([Group.objects.get(name=role.group_name)])
            users[username] = user
        return users

    # --- The register ----------------------------------------------------------------------
    def organizations(self, count: int, regions: list[Region]) -> list[int]:
        have = Organization.objects.count()
        rng = self.rng
        rows = []
        for i in range(have, count):
            prefix, kind = ORG_KINDS[i % len(ORG_KINDS)]
            region = regions[i % len(regions)]
            rows.append(
                Organization(
                    name=f"{prefix} {rng.choice(ORG_NAMES)} {i + 1}",
                    type=kind,
                    region=region,
                    address=f"Jl. {rng.choice(LAST_NAMES)} No. {rng.randint(1, 200)}",
                    partner_status=(
                        rng.choice(["assisted", "developing", "independent"])
                        if kind == Organization.Type.FOSTERED_PARTNER
                        else ""
                    ),
                )
            )
        # With their first history record, as the register's own import writes them.
        bulk_create_with_history(rows, Organization, batch_size=BATCH, default_change_reason="bench")
        return list(Organization.objects.values_list("id", flat=True))

    def stakeholders(self, count: int, regions: list[Region], org_ids: list[int]) -> None:
        have = Stakeholder.objects.count()
        rng = self.rng
        rows = []
        for i in range(have, count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            with_contact = rng.random() < 0.7
            rows.append(
                Stakeholder(
                    name=f"{first} {last} {i + 1}",
                    position=rng.choice(POSITIONS),
                    organization_id=org_ids[i % len(org_ids)],
                    region=regions[i % len(regions)],
                    phone=f"08{rng.randint(10**9, 10**10 - 1)}" if with_contact else "",
                    email=f"{first.lower()}.{last.lower()}{i}@contoh.id" if with_contact else "",
                    is_local_hero=rng.random() < 0.02,
                    is_key_contact=rng.random() < 0.1,
                    influence=rng.randint(1, 5),
                    interest=rng.randint(1, 5),
                    attitude=rng.choice(["supportive", "neutral", "resistant"]),
                    is_active=rng.random() > 0.05,
                    consent_date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600)) if with_contact else None,
                    consent_channel="FGD" if with_contact else "",
                    consent_notice_version="1.0" if with_contact else "",
                )
            )
        bulk_create_with_history(rows, Stakeholder, batch_size=BATCH, default_change_reason="bench")
        new_ids = list(Stakeholder.objects.filter(engagements__isnull=True).values_list("id", flat=True))
        Engagement.objects.bulk_create(
            [
                Engagement(
                    stakeholder_id=sid,
                    kind=rng.choice(["meeting", "visit", "call", "letter", "message"]),
                    date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
                    notes="Koordinasi rencana program TJSL.",
                )
                for sid in new_ids
            ],
            batch_size=BATCH,
        )

    # --- FGDs ------------------------------------------------------------------------------
    def fgds(self, sizes: Sizes, regions: list[Region], officer) -> None:
        have = FgdSession.objects.count()
        rng = self.rng
        sessions = []
        for i in range(have, sizes.fgds):
            starts = self.now - dt.timedelta(days=15 * (sizes.fgds - i))
            sessions.append(
                FgdSession(
                    title=f"FGD Perencanaan TJSL {i + 1}",
                    theme="Penyusunan Renstra dan Rencana Kerja TJSL",
                    starts_at=starts,
                    venue=rng.choice(["Banua Patra", "Balai Kota", "Kantor Kelurahan", "Aula Kecamatan"]),
                    region=regions[i % len(regions)],
                    facilitators="Tim CSR",
                    organiser="Fungsi CSR",
                    agenda="Pembukaan\nPemaparan\nDiskusi\nPenutup",
                    status=FgdSession.Status.MINUTES_FINAL if starts < self.now else FgdSession.Status.PLANNED,
                    public_code=f"B{i:05d}{rng.randint(0, 999):03d}",
                    summary="Ringkasan diskusi.",
                    created_by=officer,
                )
            )
        FgdSession.objects.bulk_create(sessions, batch_size=BATCH)
        stakeholder_ids = list(Stakeholder.objects.values_list("id", flat=True))
        for session in FgdSession.objects.filter(invitations__isnull=True):
            chosen = rng.sample(stakeholder_ids, min(sizes.invitations_per_fgd, len(stakeholder_ids)))
            invitations, engagements = [], []
            for sid in chosen:
                attendance = rng.choices(["present", "absent", "represented"], weights=[75, 15, 10])[0]
                invitation = Invitation(
                    session=session,
                    stakeholder_id=sid,
                    response="accepted" if attendance != "absent" else "declined",
                    attendance=attendance,
                    represented_by="Wakil" if attendance == "represented" else "",
                )
                if attendance != "absent":
                    invitation.engagement = Engagement(
                        stakeholder_id=sid, kind="fgd", date=session.starts_at.date(), notes=session.title
                    )
                    engagements.append(invitation.engagement)
                invitations.append(invitation)
            Engagement.objects.bulk_create(engagements)
            for invitation in invitations:
                if invitation.engagement is not None:
                    invitation.engagement_id = invitation.engagement.pk
            Invitation.objects.bulk_create(invitations)

    # --- Aspirations with their status history ---------------------------------------------
    def _path_to(self, status: str) -> list[str]:
        """A valid workflow path from "received" to the wanted status (checked against the service's table)."""
        paths = {
            "received": ["received"],
            "under_review": ["received", "under_review"],
            "accepted": ["received", "under_review", "accepted"],
            "deferred": ["received", "under_review", "deferred"],
            "declined": ["received", "under_review", "declined"],
            "merged": ["received", "merged"],
        }
        path = paths[status]
        for a, b in zip(path, path[1:], strict=False):
            assert b in ALLOWED_TRANSITIONS[a], (a, b)
        return path

    def aspirations(self, count: int, regions: list[Region], categories, officer) -> None:
        have = Aspiration.objects.count()
        if have >= count:
            return
        rng = self.rng
        codes = set(Aspiration.objects.values_list("tracking_code", flat=True))
        sessions = list(FgdSession.objects.values_list("id", flat=True))
        per_session = dict(
            Aspiration.objects.filter(session__isnull=False)
            .values_list("session")
            .annotate(n=models.Count("pk"))
            .values_list("session", "n")
        )
        stakeholders = list(Stakeholder.objects.values_list("id", "organization_id")[:20000])
        existing = list(Aspiration.objects.exclude(status="merged").values_list("id", flat=True)[:5000])
        span = dt.timedelta(days=3 * 365).total_seconds()
        statuses = ["received", "under_review", "accepted", "deferred", "declined", "merged"]
        weights = [30, 20, 25, 8, 12, 5]
        fields = [_field(Aspiration, "created_at"), _field(Aspiration, "updated_at")]
        change_field = _field(AspirationStatusChange, "changed_at")
        with _keep_given_timestamps(*fields, change_field):
            for start in range(have, count, BATCH):
                stop = min(start + BATCH, count)
                rows, paths = [], []
                for i in range(start, stop):
                    code = None
                    while code is None or code in codes:
                        chars = "".join(rng.choice(TRACKING_ALPHABET) for _ in range(8))
                        code = f"{TRACKING_PREFIX}-{chars[:4]}-{chars[4:]}"
                    codes.add(code)
                    region = regions[i % len(regions)]
                    title, pillar = _title(rng, region.name)
                    status = rng.choices(statuses, weights=weights)[0]
                    if status == "merged" and not existing:
                        status = "received"
                    created = self.now - dt.timedelta(seconds=span * (1 - i / max(count, 1)) + rng.random() * 3600)
                    # An FGD raises a few dozen aspirations; most of the volume comes from the public
                    # form, visits and letters over the years.
                    session_id = None
                    if sessions and rng.random() < 0.1:
                        candidate = rng.choice(sessions)
                        if per_session.get(candidate, 0) < ASPIRATIONS_PER_FGD:
                            session_id = candidate
                            per_session[candidate] = per_session.get(candidate, 0) + 1
                    source = "fgd" if session_id else rng.choices(NON_FGD_SOURCES, weights=[60, 20, 15, 5])[0]
                    public = source == "public_form"
                    sid, oid = rng.choice(stakeholders) if stakeholders and not public else (None, None)
                    rows.append(
                        Aspiration(
                            tracking_code=code,
                            title=title,
                            description=(
                                f"{title}. Warga {region.name} mengusulkan kegiatan ini karena kebutuhan "
                                f"yang mendesak; diperkirakan {rng.randint(10, 500)} penerima manfaat."
                            ),
                            category=rng.choice(categories),
                            pillar=pillar,
                            region=region,
                            location_detail=rng.choice(PLACES),
                            beneficiaries_count=rng.randint(10, 500),
                            beneficiaries_kind="warga",
                            estimated_cost=rng.randint(5, 500) * 1_000_000,
                            source=source,
                            session_id=session_id,
                            stakeholder_id=sid,
                            organization_id=oid,
                            submitter_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if public else "",
                            submitter_phone=f"08{rng.randint(10**9, 10**10 - 1)}" if public else "",
                            consent_given_at=created if public else None,
                            consent_notice_version="1.0" if public else "",
                            status=status,
                            merged_into_id=rng.choice(existing) if status == "merged" else None,
                            urgency=rng.randint(1, 5) if status != "received" else None,
                            reach=rng.randint(1, 5) if status != "received" else None,
                            ring_score=rng.randint(1, 5) if status != "received" else None,
                            alignment=rng.randint(1, 5) if status != "received" else None,
                            feasibility=rng.randint(1, 5) if status != "received" else None,
                            created_by=None if public else officer,
                            created_at=created,
                            updated_at=created,
                        )
                    )
                    paths.append(self._path_to(status))
                created_rows = Aspiration.objects.bulk_create(rows)
                changes = []
                for aspiration, path in zip(created_rows, paths, strict=True):
                    previous = ""
                    for step, status in enumerate(path):
                        changes.append(
                            AspirationStatusChange(
                                aspiration_id=aspiration.pk,
                                from_status=previous,
                                to_status=status,
                                changed_by=None if step == 0 else officer,
                                changed_at=aspiration.created_at + dt.timedelta(days=3 * step),
                                public_note="Terima kasih, usulan sudah kami terima." if status == "declined" else "",
                            )
                        )
                        previous = status
                AspirationStatusChange.objects.bulk_create(changes, batch_size=BATCH)
                if len(existing) < 5000:
                    existing.extend(a.pk for a in created_rows if a.status != "merged")

    # --- Plans -----------------------------------------------------------------------------
    def plans(self, sizes: Sizes, regions, categories, sdgs, users) -> None:
        if not sizes.plan_years or AnnualPlan.objects.filter(year__in=sizes.plan_years).exists():
            return
        rng = self.rng
        manager, officer = users["bench-manager"], users["bench-officer"]
        renstra, _ = StrategicPlan.objects.get_or_create(
            name="Renstra TJSL 2024–2028 (bench)",
            defaults={"start_year": 2024, "end_year": 2028, "vision": "Tumbuh bersama masyarakat", "mission": "-"},
        )
        goals = [
            StrategicGoal.objects.get_or_create(
                strategic_plan=renstra, code=f"SG{n}", defaults={"title": f"Sasaran strategis {n}"}
            )[0]
            for n in range(1, 6)
        ]
        org_ids = list(Organization.objects.values_list("id", flat=True)[:500])
        pool = list(
            Aspiration.objects.filter(status__in=["received", "under_review", "accepted"])
            .order_by("id")
            .values_list("id", "status")[
                : len(sizes.plan_years) * sizes.programs_per_plan * sizes.aspirations_per_program
            ]
        )
        pillars = [p.value for p in Pillar]
        for year in sizes.plan_years:
            status = AnnualPlan.Status.APPROVED if year < max(sizes.plan_years) else AnnualPlan.Status.DRAFT
            plan = AnnualPlan.objects.create(
                strategic_plan=renstra,
                year=year,
                title="Rencana Kerja TJSL",
                budget_ceiling=60 * 10 * 90_000_000,
                status=status,
                approved_at=self.now if status == AnnualPlan.Status.APPROVED else None,
                approved_by=manager if status == AnnualPlan.Status.APPROVED else None,
                created_by=officer,
            )
            PlanStatusChange.objects.create(plan=plan, from_status="", to_status="draft", changed_by=officer)
            if status == AnnualPlan.Status.APPROVED:
                PlanStatusChange.objects.bulk_create(
                    [
                        PlanStatusChange(plan=plan, from_status="draft", to_status="submitted", changed_by=officer),
                        PlanStatusChange(plan=plan, from_status="submitted", to_status="approved", changed_by=manager),
                    ]
                )
            programs = Program.objects.bulk_create(
                [
                    Program(
                        plan=plan,
                        code=f"P{year % 100:02d}-{n:03d}",
                        name=f"{NEEDS[n % len(NEEDS)][0]} {n}",
                        pillar=pillars[n % len(pillars)],
                        category=categories[n % len(categories)],
                        strategic_goal=goals[n % len(goals)],
                        objective="Meningkatkan kesejahteraan masyarakat ring 1.",
                        description="Program pemberdayaan berbasis aspirasi FGD.",
                        beneficiaries_count=rng.randint(20, 500),
                        beneficiaries_kind="warga",
                        person_in_charge=officer,
                        start_month=1 + n % 6,
                        end_month=7 + n % 6,
                        alignment_tags="RKPD, Kelurahan MADANI",
                    )
                    for n in range(1, sizes.programs_per_plan + 1)
                ]
            )
            Program.sdgs.through.objects.bulk_create(
                [
                    Program.sdgs.through(program_id=p.pk, sdg_id=sdg.pk)
                    for p in programs
                    for sdg in rng.sample(sdgs, min(2, len(sdgs)))
                ]
            )
            Program.regions.through.objects.bulk_create(
                [
                    Program.regions.through(program_id=p.pk, region_id=r.pk)
                    for p in programs
                    for r in rng.sample(regions, min(2, len(regions)))
                ]
            )
            if org_ids:
                ProgramPartner.objects.bulk_create(
                    [
                        ProgramPartner(program=p, organization_id=rng.choice(org_ids), role="implementer")
                        for p in programs
                    ]
                )
            Indicator.objects.bulk_create(
                [
                    Indicator(program=p, kind=kind, name=f"Indikator {kind}", unit="orang", baseline=0, target=100)
                    for p in programs
                    for kind in ("output", "outcome")
                ]
            )
            Activity.objects.bulk_create(
                [
                    Activity(
                        program=p,
                        name=f"Kegiatan {a + 1} {p.code}",
                        months=sorted(rng.sample(range(1, 13), rng.randint(1, 4))),
                        budget=rng.randint(10, 150) * 1_000_000,
                        cost_category=rng.choice([c.value for c in Activity.CostCategory]),
                        responsible_party="Tim CSR",
                    )
                    for p in programs
                    for a in range(sizes.activities_per_program)
                ],
                batch_size=BATCH,
            )
            links, changes = [], []
            for p in programs:
                for _ in range(sizes.aspirations_per_program):
                    if not pool:
                        break
                    aid, current = pool.pop()
                    links.append(Program.aspirations.through(program_id=p.pk, aspiration_id=aid))
                    path = {"received": ["under_review", "accepted"], "under_review": ["accepted"]}.get(current, [])
                    previous = current
                    for to in [*path, "planned"]:
                        changes.append(
                            AspirationStatusChange(
                                aspiration_id=aid,
                                from_status=previous,
                                to_status=to,
                                changed_by=officer,
                                public_note=f"Diakomodasi dalam program {p.code}" if to == "planned" else "",
                            )
                        )
                        previous = to
            Program.aspirations.through.objects.bulk_create(links, batch_size=BATCH)
            AspirationStatusChange.objects.bulk_create(changes, batch_size=BATCH)
            Aspiration.objects.filter(pk__in=[link.aspiration_id for link in links]).update(status="planned")

    # --- Everything ------------------------------------------------------------------------
    def generate(self, sizes: Sizes) -> dict:
        started = time.perf_counter()
        timings = {}

        def step(name, fn, *args):
            t0 = time.perf_counter()
            with transaction.atomic():
                result = fn(*args)
            timings[name] = round(time.perf_counter() - t0, 2)
            self.log(f"  generated {name} in {timings[name]} s")
            return result

        regions = step("reference", self.regions)
        categories = self.categories()
        sdgs = self.sdgs()
        users = step("users", self.users)
        org_ids = step("organizations", self.organizations, max(sizes.stakeholders // 10, 10), regions)
        step("stakeholders", self.stakeholders, sizes.stakeholders, regions, org_ids)
        step("fgds", self.fgds, sizes, regions, users["bench-officer"])
        step("aspirations", self.aspirations, sizes.aspirations, regions, categories, users["bench-officer"])
        step("plans", self.plans, sizes, regions, categories, sdgs, users)
        counts = {
            "stakeholders": Stakeholder.objects.count(),
            "organizations": Organization.objects.count(),
            "engagements": Engagement.objects.count(),
            "fgd_sessions": FgdSession.objects.count(),
            "invitations": Invitation.objects.count(),
            "aspirations": Aspiration.objects.count(),
            "status_changes": AspirationStatusChange.objects.count(),
            "annual_plans": AnnualPlan.objects.count(),
            "programs": Program.objects.count(),
            "activities": Activity.objects.count(),
        }
        return {"seconds": round(time.perf_counter() - started, 2), "steps": timings, "counts": counts}


def generate(sizes: Sizes, *, seed: int = 7, log=print) -> dict:
    return Generator(seed=seed, log=log).generate(sizes)


__all__ = ["BENCH_PASSWORD", "BENCH_USERS", "LARGE", "QUICK_LARGE", "SMALL", "Sizes", "generate"]
