"""Demo data of the scenario in shared/DOMAIN.md. Idempotent: safe to run on every `make run`.

Renstra 2025–2029 with its goals and yearly targets; the 2025 work plan of twelve programs across the
four pillars, built from the scenario's accepted aspirations where they exist, approved by the demo
manager; and a 2026 draft that starts as a copy of 2025.
"""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from core.choices import Pillar
from fgd.models import Aspiration, AspirationCategory
from programs import services
from programs.models import AnnualPlan, GoalIndicator, ProgramPartner, Sdg, StrategicGoal, StrategicPlan
from stakeholders.models import Organization, Region

E, S, L, G = Pillar.ECONOMIC, Pillar.SOCIAL, Pillar.ENVIRONMENTAL, Pillar.LAW_GOVERNANCE
IMPL, BENEF, GOV = (
    ProgramPartner.Role.IMPLEMENTER,
    ProgramPartner.Role.BENEFICIARY_GROUP,
    ProgramPartner.Role.GOVERNMENT_COUNTERPART,
)

GOALS = [
    (
        "SG1",
        "Kemandirian ekonomi masyarakat ring 1",
        "Kelompok binaan naik kelas menjadi mandiri.",
        [("Mitra binaan berstatus mandiri", "kelompok", 3, [5, 8, 11, 14, 18])],
    ),
    (
        "SG2",
        "Lingkungan hidup yang lestari di pesisir Teluk Balikpapan",
        "",
        [
            ("Luas mangrove yang ditanam", "ha", 12, [15, 20, 25, 30, 35]),
            ("Sampah terkelola bank sampah", "ton/tahun", 40, [60, 80, 100, 120, 150]),
        ],
    ),
    (
        "SG3",
        "Kesehatan dan pendidikan masyarakat sekitar wilayah operasi",
        "",
        [
            ("Prevalensi stunting di kelurahan binaan", "%", 21.5, [19, 17, 15, 13, 12]),
            ("Penerima beasiswa", "siswa", 60, [80, 90, 100, 110, 120]),
        ],
    ),
    (
        "SG4",
        "Infrastruktur dasar: air bersih dan sanitasi",
        "",
        [("Rumah tangga dengan akses air bersih baru", "KK", 150, [300, 450, 600, 750, 900])],
    ),
    (
        "SG5",
        "Tata kelola TJSL yang partisipatif dan selaras dengan RKPD",
        "",
        [("Program selaras prioritas RKPD", "%", 60, [70, 75, 80, 85, 90])],
    ),
]


class Demo(NamedTuple):
    code: str
    name: str
    pillar: str
    category: str
    sdgs: list[int]
    goal: str
    regions: list[str]
    beneficiaries: tuple[int, str]
    partners: list[tuple[str, str]]
    indicators: list[tuple[str, str, str, float, float]]  # kind, name, unit, baseline, target
    activities: list[tuple[str, list[int], int, str, str]]  # name, months, budget, cost category, responsible
    keywords: list[str]  # to find the scenario's accepted aspirations it answers
    tags: str = ""


PROGRAMS = [
    Demo(
        "EKO-01",
        "Pengembangan Koperasi Kriya Sabut Kelapa KIM",
        E,
        "economic",
        [8, 12],
        "SG1",
        ["Margo Mulyo"],
        (45, "anggota koperasi"),
        [
            ("Koperasi Kriya Inovasi Mandara (KIM)", BENEF),
            ("Dinas Koperasi, UMKM dan Perindustrian Kota Balikpapan", GOV),
        ],
        [
            ("output", "Produk sabut kelapa bersertifikat", "jenis", 2, 6),
            ("outcome", "Omzet koperasi per bulan", "juta Rp", 18, 35),
        ],
        [
            ("Pelatihan desain dan finishing produk", [2, 3], 85_000_000, "training", "Koperasi KIM"),
            ("Mesin pengurai sabut dan press", [4], 240_000_000, "equipment", "Tim TJSL"),
            ("Pemasaran daring dan pameran", [6, 8, 10], 95_000_000, "other", "Koperasi KIM"),
        ],
        ["sabut", "kelapa"],
        "RKPD 2025: UMKM naik kelas",
    ),
    Demo(
        "EKO-02",
        "Dana Bergulir Usaha Mikro Pesisir",
        E,
        "economic",
        [1, 8],
        "SG1",
        ["Baru Tengah", "Lawe-Lawe"],
        (60, "pelaku usaha mikro"),
        [("UMKM Amplang Kepiting Baru Tengah", BENEF)],
        [
            ("output", "Usaha mikro menerima modal", "usaha", 0, 40),
            ("outcome", "Tingkat pengembalian dana", "%", 0, 90),
        ],
        [
            ("Seleksi dan pendampingan proposal", [2, 3], 45_000_000, "honoraria", "Tim TJSL"),
            ("Penyaluran modal usaha", [4, 5], 400_000_000, "other", "Tim TJSL"),
            ("Pelatihan pembukuan sederhana", [6], 35_000_000, "training", "Universitas Balikpapan"),
        ],
        ["modal", "usaha mikro", "umkm"],
    ),
    Demo(
        "EKO-03",
        "Sekolah Lapang Kelompok Tani Sepaku",
        E,
        "economic",
        [2, 8],
        "SG1",
        ["Bumi Harapan"],
        (30, "petani"),
        [("Kelompok Tani Sepaku Makmur", BENEF)],
        [("output", "Petani lulus sekolah lapang", "orang", 0, 30)],
        [
            ("Sekolah lapang budidaya hortikultura", [3, 4, 5, 6], 120_000_000, "training", "Penyuluh pertanian"),
            ("Bibit, pupuk organik dan alat", [3], 90_000_000, "materials", "Kelompok Tani"),
        ],
        ["tani", "pertanian"],
    ),
    Demo(
        "SOS-01",
        "Pencegahan Stunting Posyandu Ring 1",
        S,
        "health",
        [2, 3],
        "SG3",
        ["Baru Ulu", "Lawe-Lawe"],
        (250, "balita dan ibu hamil"),
        [("Posyandu Melati Baru Ulu", IMPL), ("Dinas Kesehatan Kota Balikpapan", GOV)],
        [
            ("output", "Balita menerima PMT", "anak", 0, 250),
            ("outcome", "Prevalensi stunting di kelurahan binaan", "%", 21.5, 19),
        ],
        [
            (
                "Pemberian makanan tambahan",
                [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                180_000_000,
                "materials",
                "Kader posyandu",
            ),
            ("Pelatihan kader posyandu", [2], 40_000_000, "training", "Puskesmas Baru Ulu"),
            ("Alat antropometri", [1], 25_000_000, "equipment", "Tim TJSL"),
        ],
        ["stunting", "gizi", "posyandu"],
        "Kelurahan MADANI",
    ),
    Demo(
        "SOS-02",
        "Beasiswa Anak Pesisir Berprestasi",
        S,
        "education",
        [4, 10],
        "SG3",
        ["Margo Mulyo", "Nipah-Nipah"],
        (80, "siswa"),
        [("SD Negeri 012 Balikpapan Barat", BENEF), ("SMK Negeri 1 Penajam Paser Utara", BENEF)],
        [("output", "Penerima beasiswa", "siswa", 60, 80)],
        [
            ("Seleksi penerima", [6], 15_000_000, "honoraria", "Tim TJSL"),
            ("Penyaluran beasiswa semester", [7, 12], 320_000_000, "other", "Tim TJSL"),
        ],
        ["beasiswa", "sekolah", "pendidikan"],
    ),
    Demo(
        "SOS-03",
        "Pelatihan Vokasi Pemuda Karang Taruna",
        S,
        "education",
        [4, 8],
        "SG3",
        ["Baru Ulu", "Nipah-Nipah"],
        (40, "pemuda"),
        [("Karang Taruna Kelurahan Baru Ulu", BENEF), ("Karang Taruna Kelurahan Nipah-Nipah", BENEF)],
        [("output", "Peserta bersertifikat kompetensi", "orang", 0, 40)],
        [
            ("Pelatihan las dan kelistrikan", [8, 9], 150_000_000, "training", "SMK Negeri 1 PPU"),
            ("Uji kompetensi", [10], 30_000_000, "other", "LSP"),
        ],
        ["pemuda", "vokasi", "pelatihan kerja"],
    ),
    Demo(
        "LIN-01",
        "Penanaman dan Pemulihan Mangrove Kariangau",
        L,
        "environment",
        [13, 14, 15],
        "SG2",
        ["Kariangau"],
        (25, "anggota kelompok"),
        [("Kelompok Pelestari Mangrove Kariangau", IMPL), ("Dinas Lingkungan Hidup Kota Balikpapan", GOV)],
        [("output", "Luas mangrove yang ditanam", "ha", 12, 15), ("outcome", "Tingkat hidup bibit", "%", 60, 80)],
        [
            ("Persemaian bibit mangrove", [1, 2, 3], 60_000_000, "materials", "Kelompok Pelestari Mangrove"),
            ("Penanaman bersama", [4, 5], 75_000_000, "other", "Tim TJSL"),
            ("Pemantauan dan penyulaman", [7, 9, 11], 45_000_000, "honoraria", "Kelompok Pelestari Mangrove"),
        ],
        ["mangrove"],
    ),
    Demo(
        "LIN-02",
        "Bank Sampah Bersinar Margo Mulyo",
        L,
        "environment",
        [11, 12],
        "SG2",
        ["Margo Mulyo"],
        (300, "nasabah"),
        [("Bank Sampah Bersinar Margo Mulyo", IMPL)],
        [("output", "Nasabah aktif", "KK", 150, 300), ("outcome", "Sampah terkelola", "ton/tahun", 40, 60)],
        [
            ("Timbangan, gerobak dan mesin pencacah", [3], 110_000_000, "equipment", "Tim TJSL"),
            ("Pelatihan pengelola dan daur ulang", [4, 5], 45_000_000, "training", "DLH Kota Balikpapan"),
        ],
        ["sampah"],
        "Kelurahan MADANI",
    ),
    Demo(
        "LIN-03",
        "Panen Air Hujan dan Urban Farming Rawabening",
        L,
        "environment",
        [6, 11, 13],
        "SG2",
        ["Baru Ulu"],
        (120, "rumah tangga"),
        [("Kelompok Rawabening", IMPL)],
        [
            ("output", "Instalasi panen air hujan", "unit", 20, 60),
            ("output", "Peserta pelatihan urban farming", "orang", 0, 80),
        ],
        [
            ("Instalasi panen air hujan rumah tangga", [3, 4, 5], 210_000_000, "equipment", "Kelompok Rawabening"),
            ("Pelatihan urban farming", [5, 6], 60_000_000, "training", "Kelompok Rawabening"),
            ("Bibit dan media tanam", [5], 35_000_000, "materials", "Kelompok Rawabening"),
        ],
        ["air hujan", "urban farming", "rawabening"],
        "RKPD 2025: ketahanan pangan kota",
    ),
    Demo(
        "INF-01",
        "Sarana Air Bersih Lawe-Lawe",
        S,
        "infrastructure",
        [6],
        "SG4",
        ["Lawe-Lawe"],
        (150, "KK"),
        [("Kantor Kelurahan Lawe-Lawe", GOV), ("Kelompok Nelayan Lawe-Lawe", BENEF)],
        [("output", "Rumah tangga dengan akses air bersih baru", "KK", 0, 150)],
        [
            ("Sumur bor dan tandon komunal", [5, 6, 7], 380_000_000, "equipment", "Kontraktor"),
            ("Pembentukan pengelola air (KP-SPAM)", [8], 20_000_000, "training", "Tim TJSL"),
        ],
        ["air bersih", "sumur"],
    ),
    Demo(
        "TKL-01",
        "Forum TJSL dan Sinkronisasi RKPD",
        G,
        "other",
        [16, 17],
        "SG5",
        ["Klandasan Ulu"],
        (40, "pemangku kepentingan"),
        [("Bappedalitbang Kota Balikpapan", GOV)],
        [("output", "Forum sinkronisasi program", "kali", 1, 2)],
        [
            ("FGD perencanaan TJSL", [2, 9], 60_000_000, "other", "Tim TJSL"),
            ("Publikasi laporan TJSL", [12], 25_000_000, "other", "Tim TJSL"),
        ],
        ["forum", "rkpd", "transparansi"],
        "RKPD 2025",
    ),
    Demo(
        "TKL-02",
        "Penguatan Kelembagaan Koperasi dan Kelompok Binaan",
        G,
        "economic",
        [16, 17],
        "SG5",
        ["Margo Mulyo", "Baru Ulu"],
        (6, "lembaga"),
        [("Yayasan Peduli Teluk Balikpapan", IMPL)],
        [("output", "Lembaga dengan tata kelola dan laporan keuangan", "lembaga", 2, 6)],
        [("Pendampingan tata kelola dan audit", [5, 6, 7, 8], 70_000_000, "honoraria", "Yayasan Peduli Teluk")],
        ["kelembagaan", "legalitas"],
    ),
]

CEILING_2025 = 3_500_000_000


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


@transaction.atomic
def seed_demo_data(*, stdout=None) -> None:
    renstra = _renstra()
    User = get_user_model()
    manager = User.objects.filter(username="manager").first()
    officer = User.objects.filter(username="officer").first() or manager
    plan = AnnualPlan.objects.filter(year=2025).order_by("version").first()
    if plan is None:
        plan = _plan_2025(renstra, officer, manager)
        plan.refresh_from_db()  # approved by a service working on its own copy of the row
        _say(stdout, f"Programs: {plan} with {plan.programs.count()} programs, {plan.get_status_display()}.\n")
    if not AnnualPlan.objects.filter(year=2026).exists():
        services.plan_copy_to_year(source=plan, year=2026, by=officer, budget_ceiling=3_750_000_000)
        _say(stdout, "Programs: 2026 draft copied from 2025.\n")


def _renstra() -> StrategicPlan:
    renstra, _ = StrategicPlan.objects.get_or_create(
        start_year=2025,
        end_year=2029,
        defaults={
            "name": "Renstra TJSL 2025–2029",
            "vision": "Menjadi mitra pembangunan yang tumbuh bersama masyarakat Balikpapan dan Penajam Paser Utara "
            "menuju komunitas yang mandiri, sehat dan lestari.",
            "mission": "1. Memberdayakan ekonomi kelompok binaan hingga mandiri.\n"
            "2. Menjaga ekosistem pesisir Teluk Balikpapan.\n"
            "3. Meningkatkan kesehatan dan pendidikan masyarakat ring 1.\n"
            "4. Membangun kemitraan yang partisipatif dengan pemerintah daerah.",
        },
    )
    for code, title, description, indicators in GOALS:
        goal, _ = StrategicGoal.objects.get_or_create(
            strategic_plan=renstra, code=code, defaults={"title": title, "description": description}
        )
        for name, unit, baseline, targets in indicators:
            GoalIndicator.objects.get_or_create(
                goal=goal,
                name=name,
                defaults={
                    "unit": unit,
                    "baseline": baseline,
                    "yearly_targets": {str(2025 + i): str(t) for i, t in enumerate(targets)},
                },
            )
    return renstra


def _plan_2025(renstra: StrategicPlan, officer, manager) -> AnnualPlan:
    plan = services.plan_create(
        strategic_plan=renstra, year=2025, budget_ceiling=CEILING_2025, title="Rencana Kerja TJSL", by=officer
    )
    goals = {g.code: g for g in renstra.goals.all()}
    categories = {c.code: c for c in AspirationCategory.objects.all()}
    sdgs = {s.number: s for s in Sdg.objects.all()}
    for demo in PROGRAMS:
        program = services.program_save(
            plan=plan,
            code=demo.code,
            name=demo.name,
            pillar=demo.pillar,
            category=categories.get(demo.category),
            strategic_goal=goals.get(demo.goal),
            objective=f"{demo.name}: meningkatkan kesejahteraan {demo.beneficiaries[1]} di wilayah ring 1.",
            beneficiaries_count=demo.beneficiaries[0],
            beneficiaries_kind=demo.beneficiaries[1],
            person_in_charge=officer,
            start_month=min(m for a in demo.activities for m in a[1]),
            end_month=max(m for a in demo.activities for m in a[1]),
            alignment_tags=demo.tags,
            sdgs=[sdgs[n] for n in demo.sdgs],
            regions=Region.objects.filter(name__in=demo.regions),
        )
        for name, role in demo.partners:
            if organization := Organization.objects.filter(name=name).first():
                services.partner_save(program=program, organization=organization, role=role)
        for kind, name, unit, baseline, target in demo.indicators:
            services.indicator_save(program=program, kind=kind, name=name, unit=unit, baseline=baseline, target=target)
        for name, months, budget, cost, responsible in demo.activities:
            services.activity_save(
                program=program,
                name=name,
                months=months,
                budget=budget,
                cost_category=cost,
                responsible_party=responsible,
            )
        for aspiration in _accepted_matching(demo.keywords):
            services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    if manager is not None and officer is not None:
        services.plan_submit(plan=plan, by=officer)
        services.plan_approve(plan=plan, by=manager, comment="Disetujui dalam rapat direksi.")
    return plan


def _accepted_matching(keywords: list[str]):
    query = Q()
    for word in keywords:
        query |= Q(title__icontains=word)
    return list(Aspiration.objects.filter(query, status=Aspiration.Status.ACCEPTED).order_by("created_at")[:4])
