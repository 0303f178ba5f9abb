"""Demo aspirations sent through the public form: new needs, duplicates of FGD ones, and spam.

Idempotent: an entry is found again by its title (public-form aspirations only), so running the
seed twice changes nothing. Duplicates are merged into the FGD aspiration most like them, when the
FGD demo data is there.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from fgd.models import Aspiration, AspirationCategory, ring_score_for
from fgd.selectors.aspirations import aspiration_similar
from fgd.services.aspirations import (
    aspiration_create,
    aspiration_merge,
    aspiration_score,
    aspiration_transition,
)
from stakeholders.models import Region
from stakeholders.services import PRIVACY_NOTICE_VERSION

Status = Aspiration.Status

# (title, description, category, pillar, sub-district, beneficiaries, kind, cost, submitter, days ago, fate)
# submitter: (name, organisation, phone, email) or None; fate: received, review, accepted, deferred,
# declined, duplicate, spam.
SUBMISSIONS = [
    (
        "Pelatihan pemasaran online sabut kelapa",
        "Produk cocofiber dan keset sabut kelapa kami sulit dijual di luar Balikpapan. Mohon pelatihan marketplace.",
        "economic",
        "economic",
        "Kariangau",
        25,
        "anggota koperasi",
        35_000_000,
        ("Siti Aminah", "Koperasi Kriya Inovasi Mandara", "081254410021", ""),
        12,
        "duplicate",
    ),
    (
        "Paket panen air hujan untuk rumah di RT 14",
        "Setiap kemarau sumur warga kering. Kami ingin tandon dan talang untuk panen air hujan seperti di Rawabening.",
        "environment",
        "environmental",
        "Margo Mulyo",
        60,
        "rumah tangga",
        40_000_000,
        ("Agus Salim", "RT 14 Margo Mulyo", "081350012233", ""),
        10,
        "duplicate",
    ),
    (
        "Penanaman mangrove di pantai Kariangau",
        "Abrasi makin parah di pesisir. Kelompok nelayan siap menanam dan merawat bibit mangrove.",
        "environment",
        "environmental",
        "Kariangau",
        40,
        "nelayan",
        30_000_000,
        None,
        9,
        "duplicate",
    ),
    (
        "Bank sampah di Kelurahan Prapatan",
        "Sampah plastik menumpuk di parit. Kami ingin bank sampah dan pelatihan pengelolaannya.",
        "environment",
        "environmental",
        "Prapatan",
        150,
        "rumah tangga",
        20_000_000,
        ("Yuliana", "PKK Prapatan", "", "yuliana.pkk@example.id"),
        8,
        "duplicate",
    ),
    (
        "Pencegahan stunting: makanan tambahan balita",
        "Banyak balita di posyandu kami di bawah garis merah. Mohon bantuan PMT dan kelas gizi ibu.",
        "health",
        "social",
        "Baru Ulu",
        80,
        "balita",
        45_000_000,
        ("Bidan Rina", "Posyandu Melati", "081298765432", ""),
        7,
        "duplicate",
    ),
    (
        "Beasiswa untuk anak nelayan berprestasi",
        "Anak-anak nelayan banyak yang putus sekolah setelah SMP. Mohon beasiswa SMA.",
        "education",
        "social",
        "Baru Tengah",
        30,
        "pelajar",
        90_000_000,
        None,
        6,
        "duplicate",
    ),
    (
        "Sarana air bersih untuk warga Gunung Seteleng, Penajam",
        "Warga masih membeli air tandon mahal. Butuh sumur bor dan pipa distribusi.",
        "infrastructure",
        "social",
        "Gunung Seteleng",
        200,
        "rumah tangga",
        150_000_000,
        ("Pak Darmawan", "Kelurahan Gunung Seteleng", "081355500011", ""),
        5,
        "duplicate",
    ),
    (
        "Modal usaha untuk UMKM kue basah",
        "Ibu-ibu pembuat kue basah perlu tambahan modal dan peralatan oven.",
        "economic",
        "economic",
        "Sumber Rejo",
        15,
        "pelaku UMKM",
        25_000_000,
        None,
        4,
        "duplicate",
    ),
    (
        "Perbaikan jalan setapak ke sekolah di Teritip",
        "Jalan tanah licin saat hujan, anak-anak sering jatuh. Mohon semenisasi 300 meter.",
        "infrastructure",
        "social",
        "Teritip",
        120,
        "pelajar",
        120_000_000,
        ("Hendra", "Komite SDN 012 Teritip", "081377712345", ""),
        20,
        "accepted",
    ),
    (
        "Pelatihan pertolongan pertama untuk karang taruna",
        "Kami sering jadi relawan saat banjir tapi belum terlatih P3K.",
        "disaster",
        "social",
        "Sepinggan",
        35,
        "pemuda",
        12_000_000,
        None,
        18,
        "review",
    ),
    (
        "Perahu karet untuk siaga banjir",
        "Sungai Ampal sering meluap. RT kami tidak punya perahu evakuasi.",
        "disaster",
        "social",
        "Gunung Samarinda",
        300,
        "warga bantaran sungai",
        60_000_000,
        ("Budi Santoso", "Tagana Balikpapan Utara", "081244455566", ""),
        16,
        "accepted",
    ),
    (
        "Kelas coding untuk siswa SMK",
        "SMK kami belum punya laboratorium komputer yang layak untuk belajar pemrograman.",
        "education",
        "social",
        "Batu Ampar",
        90,
        "siswa",
        80_000_000,
        None,
        15,
        "deferred",
    ),
    (
        "Pemeriksaan kesehatan gratis untuk lansia",
        "Lansia di lingkungan kami jarang cek tensi dan gula darah.",
        "health",
        "social",
        "Telaga Sari",
        70,
        "lansia",
        15_000_000,
        None,
        14,
        "received",
    ),
    (
        "Rumah produksi bersama untuk pengrajin anyaman",
        "Pengrajin anyaman rotan bekerja di rumah masing-masing; perlu tempat produksi bersama.",
        "economic",
        "economic",
        "Penajam",
        20,
        "pengrajin",
        75_000_000,
        ("Ibu Norma", "Kelompok Anyaman Paser", "081345678900", ""),
        13,
        "review",
    ),
    (
        "Festival budaya Paser untuk pemuda",
        "Kami ingin melestarikan tari dan musik Paser lewat festival tahunan.",
        "social_culture",
        "social",
        "Nipah-Nipah",
        500,
        "pemuda dan warga",
        50_000_000,
        None,
        12,
        "received",
    ),
    (
        "Lampu penerangan jalan di gang RT 05",
        "Gang gelap dan rawan pencurian pada malam hari.",
        "infrastructure",
        "social",
        "Damai Bahagia",
        90,
        "rumah tangga",
        18_000_000,
        None,
        11,
        "declined",
    ),
    (
        "Pelatihan budidaya ikan lele dalam ember",
        "Budikdamber cocok untuk lahan sempit di kampung kami.",
        "economic",
        "economic",
        "Karang Rejo",
        25,
        "rumah tangga",
        10_000_000,
        ("Slamet Riyadi", "", "081233344455", ""),
        10,
        "accepted",
    ),
    (
        "Perpustakaan keliling untuk kampung pesisir",
        "Anak-anak di kampung atas air jarang membaca buku.",
        "education",
        "social",
        "Baru Ilir",
        150,
        "anak-anak",
        35_000_000,
        None,
        9,
        "received",
    ),
    (
        "Sertifikasi halal untuk UMKM makanan",
        "Banyak UMKM belum bersertifikat halal sehingga sulit masuk toko modern.",
        "economic",
        "economic",
        "Gunung Sari Ilir",
        40,
        "pelaku UMKM",
        20_000_000,
        None,
        8,
        "review",
    ),
    (
        "Tempat sampah terpilah di pasar",
        "Pasar tradisional kami kotor, sampah organik dan plastik bercampur.",
        "environment",
        "environmental",
        "Klandasan Ilir",
        1000,
        "pedagang dan pembeli",
        15_000_000,
        None,
        7,
        "received",
    ),
    (
        "Pelatihan K3 untuk nelayan",
        "Nelayan sering melaut tanpa pelampung. Mohon pelatihan keselamatan dan pelampung.",
        "disaster",
        "social",
        "Lawe-Lawe",
        60,
        "nelayan",
        25_000_000,
        None,
        6,
        "received",
    ),
    (
        "Posbindu untuk deteksi penyakit tidak menular",
        "Warga usia produktif banyak yang hipertensi tanpa sadar.",
        "health",
        "social",
        "Sepaku",
        250,
        "warga usia 15 tahun ke atas",
        30_000_000,
        ("dr. Wulan", "Puskesmas Sepaku", "", "puskesmas.sepaku@example.id"),
        5,
        "received",
    ),
    (
        "Pelatihan tata kelola BUMDes",
        "Pengurus BUMDes belum paham pembukuan dan pelaporan.",
        "other",
        "law_governance",
        "Babulu Laut",
        15,
        "pengurus BUMDes",
        20_000_000,
        None,
        4,
        "received",
    ),
    (
        "Rehabilitasi mushola yang atapnya bocor",
        "Atap mushola bocor di banyak tempat, mengganggu ibadah.",
        "social_culture",
        "social",
        "Mekar Sari",
        120,
        "jamaah",
        40_000_000,
        None,
        3,
        "received",
    ),
    (
        "Kebun gizi sekolah",
        "Sekolah kami punya lahan kosong untuk kebun sayur dan pembelajaran gizi.",
        "education",
        "environmental",
        "Graha Indah",
        300,
        "siswa",
        15_000_000,
        None,
        2,
        "received",
    ),
    (
        "Pelatihan menjahit untuk ibu rumah tangga",
        "Ibu-ibu ingin punya keterampilan menjahit untuk menambah penghasilan.",
        "economic",
        "economic",
        "Manggar",
        20,
        "ibu rumah tangga",
        30_000_000,
        None,
        2,
        "received",
    ),
    (
        "Pengelolaan sampah organik jadi kompos",
        "Sampah dapur bisa jadi kompos untuk urban farming warga.",
        "environment",
        "environmental",
        "Muara Rapak",
        80,
        "rumah tangga",
        12_000_000,
        None,
        1,
        "received",
    ),
    (
        "Pojok baca di posyandu",
        "Sambil menunggu, ibu dan anak bisa membaca buku kesehatan dan cerita.",
        "education",
        "social",
        "Sungai Nangka",
        60,
        "ibu dan balita",
        5_000_000,
        None,
        1,
        "received",
    ),
    # Spam that slipped through the form's guards: declined with a public reason.
    (
        "PROMO OBAT PELANGSING CEPAT klik link",
        "Jual obat pelangsing asli, hubungi WA sekarang, diskon 90%!!!",
        "other",
        "",
        "",
        None,
        "",
        None,
        None,
        6,
        "spam",
    ),
    (
        "Pinjaman online cair 5 menit tanpa jaminan",
        "Butuh dana cepat? Pinjol resmi cair 5 menit, klik tautan di profil.",
        "other",
        "",
        "",
        None,
        "",
        None,
        None,
        5,
        "spam",
    ),
    ("tes tes 123", "tes", "", "", "", None, "", None, None, 3, "spam"),
    (
        "Menangkan iPhone gratis hari ini",
        "Selamat! Anda terpilih memenangkan iPhone, isi data Anda di situs kami.",
        "other",
        "",
        "",
        None,
        "",
        None,
        None,
        1,
        "spam",
    ),
]

DECLINE_REASON = "Di luar cakupan program TJSL tahun ini; kami sarankan mengajukan ke kelurahan."
SPAM_REASON = "Bukan aspirasi (iklan atau uji coba)."


def seed_public_aspirations(*, stdout=None) -> None:
    created = 0
    officer = _demo_officer()
    categories = {c.code: c for c in AspirationCategory.objects.all()}
    regions = {r.name: r for r in Region.objects.filter(level=Region.Level.SUBDISTRICT)}
    for entry in SUBMISSIONS:
        if Aspiration.objects.filter(title=entry[0], source=Aspiration.Source.PUBLIC_FORM).exists():
            continue
        _create(entry, categories, regions, officer)
        created += 1
    if stdout:
        stdout.write(f"fgd: {created} public aspirations created ({len(SUBMISSIONS) - created} already there)")


@transaction.atomic
def _create(entry, categories, regions, officer) -> Aspiration:
    title, description, category, pillar, place, count, kind, cost, submitter, days_ago, fate = entry
    fields = {
        "title": title,
        "description": description,
        "category": categories.get(category),
        "pillar": pillar,
        "region": regions.get(place),
        "beneficiaries_count": count,
        "beneficiaries_kind": kind,
        "estimated_cost": cost,
        "source": Aspiration.Source.PUBLIC_FORM,
    }
    if submitter:
        name, organisation, phone, email = submitter
        fields |= {
            "submitter_name": name,
            "submitter_organization": organisation,
            "submitter_phone": phone,
            "submitter_email": email,
            "consent_given_at": timezone.now() - datetime.timedelta(days=days_ago),
            "consent_notice_version": PRIVACY_NOTICE_VERSION,
        }
    # The main FGD aspiration is looked up before this one exists, so it cannot find itself.
    main = _fgd_original(title) if fate == "duplicate" else None
    aspiration = aspiration_create(**fields)
    received = timezone.now() - datetime.timedelta(days=days_ago, hours=len(title) % 9)
    Aspiration.objects.filter(pk=aspiration.pk).update(created_at=received)
    aspiration.status_changes.update(changed_at=received)
    _apply_fate(aspiration, fate, main, officer)
    return aspiration


def _fgd_original(title: str) -> Aspiration | None:
    candidates = [a for a in aspiration_similar(title=title, limit=10) if a.source == Aspiration.Source.FGD]
    return candidates[0] if candidates else None


def _apply_fate(aspiration: Aspiration, fate: str, main: Aspiration | None, officer) -> None:
    if fate == "duplicate" and main is not None:
        aspiration_merge(duplicate=aspiration, into=main, by=officer)
    elif fate == "spam":
        aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, by=officer, public_note=SPAM_REASON)
    elif fate in ("review", "accepted", "deferred", "declined"):
        aspiration_transition(aspiration=aspiration, to_status=Status.UNDER_REVIEW, by=officer)
        aspiration_score(
            aspiration=aspiration,
            urgency=len(aspiration.title) % 5 + 1,
            reach=3 if (aspiration.beneficiaries_count or 0) < 100 else 5,
            ring_score=ring_score_for(aspiration.region) or 2,
            alignment=4,
            feasibility=3,
        )
        if fate == "accepted":
            aspiration_transition(
                aspiration=aspiration,
                to_status=Status.ACCEPTED,
                by=officer,
                public_note="Diterima untuk dibahas dalam Rencana Kerja TJSL 2025.",
            )
        elif fate == "deferred":
            aspiration_transition(
                aspiration=aspiration,
                to_status=Status.DEFERRED,
                by=officer,
                public_note="Ditunda ke tahun berikutnya karena keterbatasan anggaran.",
            )
        elif fate == "declined":
            aspiration_transition(
                aspiration=aspiration, to_status=Status.DECLINED, by=officer, public_note=DECLINE_REASON
            )


def _demo_officer():
    from django.contrib.auth import get_user_model

    # The demo users are made by `seed_demo`; without them the history simply names no one.
    return get_user_model().objects.filter(groups__name="CSR officer").order_by("pk").first()
