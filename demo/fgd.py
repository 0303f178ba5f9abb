"""Demo data of the scenario in shared/DOMAIN.md. Idempotent: safe to run on every `make run`.

The Banua Patra FGD: 40 stakeholders of the register invited, 33 present (a few represented), about 25
aspirations raised and attributed to attendees, several already accepted, minutes final. Plus one
upcoming planned FGD. Stakeholders come from demo/stakeholders.py; this module only reads the register.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from core.choices import Pillar
from demo.fgd_public import seed_public_aspirations
from fgd.models import Aspiration, AspirationCategory, FgdSession, Invitation
from fgd.services import sessions as sessions
from fgd.services.aspirations import aspiration_transition
from stakeholders.models import Region, Stakeholder

WITA = ZoneInfo("Asia/Makassar")
SCENARIO_TITLE = "FGD Penyusunan Rencana Strategis dan Rencana Kerja TJSL 2025"
UPCOMING_TITLE = "FGD Monitoring dan Evaluasi Program TJSL Semester II"
INVITED, ATTENDED, REPRESENTED = 40, 33, 4

# People the article names come first in the invitation list (matched loosely: the register may spell them differently).
KEY_PEOPLE = ["Rusni", "Sarwana", "Murni", "Kriya Inovasi", "Rawabening", "Bappedalitbang"]

# (title, description, who raised it: a word in the name or organisation, category hint, pillar, cost, beneficiaries,
#  accepted?)
ASPIRATIONS = [
    (
        "Pemasaran produk sabut kelapa Koperasi KIM",
        "Pendampingan pemasaran daring dan pameran untuk produk cocopot, cocomesh, dan keset sabut kelapa.",
        "Kriya Inovasi",
        "econom",
        Pillar.ECONOMIC,
        150_000_000,
        (35, "anggota koperasi"),
        True,
    ),
    (
        "Sertifikasi dan kemasan produk sabut kelapa",
        "Bantuan sertifikasi halal/SNI dan desain kemasan agar produk KIM bisa masuk ritel modern.",
        "Kriya Inovasi",
        "econom",
        Pillar.ECONOMIC,
        75_000_000,
        (35, "anggota koperasi"),
        False,
    ),
    (
        "Paket alat panen air hujan untuk rumah warga",
        "Kit penampung dan penyaring air hujan untuk 100 rumah di RT rawan air bersih.",
        "Rawabening",
        "environ",
        Pillar.ENVIRONMENTAL,
        250_000_000,
        (100, "rumah tangga"),
        True,
    ),
    (
        "Pelatihan urban farming hidroponik",
        "Pelatihan dan starter kit hidroponik untuk ibu rumah tangga dan pemuda.",
        "Rawabening",
        "econom",
        Pillar.ECONOMIC,
        90_000_000,
        (60, "warga"),
        True,
    ),
    (
        "Penanaman mangrove di pesisir Margasari",
        "Penanaman 10.000 bibit mangrove bersama kelompok sadar lingkungan dan pelajar.",
        "Mangrove",
        "environ",
        Pillar.ENVIRONMENTAL,
        180_000_000,
        (10000, "bibit"),
        True,
    ),
    (
        "Ekowisata mangrove dan jalur tracking",
        "Pembangunan jalur tracking kayu ulin dan papan informasi untuk ekowisata mangrove.",
        "Mangrove",
        "infra",
        Pillar.ENVIRONMENTAL,
        400_000_000,
        (1, "kawasan"),
        False,
    ),
    (
        "Bank sampah di setiap kelurahan ring 1",
        "Pendirian dan pendampingan bank sampah, termasuk timbangan dan buku tabungan nasabah.",
        "Bank Sampah",
        "environ",
        Pillar.ENVIRONMENTAL,
        120_000_000,
        (6, "kelurahan"),
        True,
    ),
    (
        "Mesin pencacah plastik untuk bank sampah",
        "Mesin pencacah agar sampah plastik bernilai jual lebih tinggi.",
        "Bank Sampah",
        "environ",
        Pillar.ENVIRONMENTAL,
        85_000_000,
        (300, "nasabah"),
        False,
    ),
    (
        "Pencegahan stunting melalui posyandu",
        "Pemberian makanan tambahan, pelatihan kader, dan alat ukur antropometri untuk posyandu.",
        "Posyandu",
        "health",
        Pillar.SOCIAL,
        200_000_000,
        (450, "balita"),
        True,
    ),
    (
        "Kelas gizi ibu hamil dan menyusui",
        "Kelas rutin gizi dan ASI eksklusif bersama puskesmas.",
        "Puskesmas",
        "health",
        Pillar.SOCIAL,
        60_000_000,
        (120, "ibu"),
        False,
    ),
    (
        "Beasiswa pelajar berprestasi dari keluarga prasejahtera",
        "Beasiswa SMA/SMK dan kuliah untuk pelajar ring 1.",
        "SD Negeri",
        "educ",
        Pillar.SOCIAL,
        300_000_000,
        (50, "pelajar"),
        True,
    ),
    (
        "Pelatihan keterampilan digital untuk siswa SMK",
        "Pelatihan desain grafis dan pemasaran digital bersama industri.",
        "SMK",
        "educ",
        Pillar.SOCIAL,
        70_000_000,
        (80, "siswa"),
        False,
    ),
    (
        "Sarana air bersih di Penajam",
        "Sumur bor dan instalasi pengolahan air sederhana untuk desa pesisir.",
        "Penajam",
        "infra",
        Pillar.SOCIAL,
        350_000_000,
        (250, "kepala keluarga"),
        False,
    ),
    (
        "Modal bergulir untuk usaha mikro mitra binaan",
        "Dana bergulir dan pendampingan pembukuan untuk pelaku usaha mikro.",
        "Koperasi, UMKM",
        "econom",
        Pillar.ECONOMIC,
        500_000_000,
        (40, "pelaku usaha"),
        False,
    ),
    (
        "Pelatihan pengolahan hasil perikanan",
        "Pelatihan pengolahan abon dan kerupuk ikan untuk kelompok nelayan perempuan.",
        "Nelayan",
        "econom",
        Pillar.ECONOMIC,
        65_000_000,
        (30, "anggota kelompok"),
        False,
    ),
    (
        "Rumah produksi bersama UMKM",
        "Ruang produksi bersama dengan peralatan standar PIRT.",
        "Amplang",
        "econom",
        Pillar.ECONOMIC,
        275_000_000,
        (25, "UMKM"),
        False,
    ),
    (
        "Pelatihan tanggap darurat kebakaran permukiman",
        "Pelatihan dan alat pemadam api ringan untuk permukiman padat.",
        "Kelurahan",
        "disaster",
        Pillar.SOCIAL,
        55_000_000,
        (200, "warga"),
        False,
    ),
    (
        "Perbaikan drainase lingkungan RT 12",
        "Normalisasi saluran yang sering meluap saat hujan deras.",
        "Kelurahan",
        "infra",
        Pillar.SOCIAL,
        150_000_000,
        (80, "rumah"),
        False,
    ),
    (
        "Pelestarian seni budaya Paser",
        "Pendampingan sanggar tari dan musik tradisional Paser untuk generasi muda.",
        "Lawe-Lawe",
        "social",
        Pillar.SOCIAL,
        45_000_000,
        (40, "anggota sanggar"),
        False,
    ),
    (
        "Kegiatan pemuda peduli lingkungan",
        "Gerakan bersih pantai dan edukasi sampah oleh karang taruna.",
        "Karang Taruna",
        "environ",
        Pillar.ENVIRONMENTAL,
        35_000_000,
        (100, "pemuda"),
        False,
    ),
    (
        "Penguatan kapasitas local hero",
        "Pelatihan kepemimpinan dan dokumentasi praktik baik para local hero.",
        "Mandara",
        "social",
        Pillar.SOCIAL,
        50_000_000,
        (10, "local hero"),
        False,
    ),
    (
        "Integrasi program TJSL dengan RPJMD kota",
        "Forum koordinasi rutin agar program TJSL selaras dengan prioritas pembangunan kota.",
        "Bappedalitbang",
        "other",
        Pillar.LAW_GOVERNANCE,
        None,
        (None, ""),
        True,
    ),
    (
        "Pelaporan dan transparansi program TJSL",
        "Publikasi laporan capaian program TJSL setiap semester kepada pemerintah daerah.",
        "Bappedalitbang",
        "other",
        Pillar.LAW_GOVERNANCE,
        None,
        (None, ""),
        False,
    ),
    (
        "Kompos dari sampah organik pasar",
        "Rumah kompos untuk mengolah sampah organik pasar tradisional.",
        "Lingkungan Hidup Kota",
        "environ",
        Pillar.ENVIRONMENTAL,
        95_000_000,
        (1, "pasar"),
        False,
    ),
    (
        "Pelatihan literasi keuangan bagi perempuan",
        "Pelatihan pengelolaan keuangan keluarga dan usaha untuk kelompok perempuan.",
        "PKK",
        "econom",
        Pillar.ECONOMIC,
        40_000_000,
        (75, "perempuan"),
        False,
    ),
]

MINUTES = {
    "summary": (
        "FGD dibuka oleh Area Manager Communication, Relations & CSR. Peserta dari pemerintah daerah, kelompok "
        "masyarakat, koperasi, dan mitra binaan Kota Balikpapan dan Kabupaten Penajam Paser Utara menyampaikan "
        "aspirasi untuk Rencana Kerja TJSL 2025. Seluruh aspirasi dicatat dan akan ditinjau oleh tim TJSL."
    ),
    "discussion_points": (
        "Sinergi program TJSL dengan perencanaan pembangunan daerah (Bappedalitbang)\n"
        "Pengalaman Koperasi KIM mengembangkan produk sabut kelapa dan kebutuhan pemasaran\n"
        "Panen air hujan dan urban farming oleh kelompok Rawabening\n"
        "Lingkungan pesisir: mangrove, bank sampah, dan sampah plastik\n"
        "Kesehatan ibu dan anak, pencegahan stunting\n"
        "Pendidikan dan beasiswa bagi pelajar ring 1"
    ),
    "agreements": (
        "Semua aspirasi ditinjau tim TJSL dan statusnya dapat dipantau dengan kode pelacakan\n"
        "Aspirasi yang diterima masuk ke penyusunan Rencana Kerja TJSL 2025\n"
        "Rencana kerja dipaparkan kembali kepada pemangku kepentingan pada triwulan I"
    ),
}


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _officer():
    User = get_user_model()
    return User.objects.filter(username="officer").first() or User.objects.filter(is_superuser=True).first()


def _region(name: str) -> Region | None:
    return Region.objects.filter(name__iexact=name).order_by("code").first()


def _invitees() -> list[Stakeholder]:
    """Forty stakeholders of the register; the people the article names first."""
    named = Q()
    for word in KEY_PEOPLE:
        named |= Q(name__icontains=word) | Q(organization__name__icontains=word)
    queryset = Stakeholder.objects.filter(is_active=True, erased_at__isnull=True).annotate(
        key=Case(When(named, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    return list(queryset.select_related("organization", "region").order_by("key", "pk")[:INVITED])


def _scenario_session(officer) -> FgdSession:
    session = FgdSession.objects.filter(title=SCENARIO_TITLE).first()
    if session:
        return session
    return sessions.session_create(
        created_by=officer,
        title=SCENARIO_TITLE,
        theme="Menampung aspirasi pemangku kepentingan untuk program TJSL yang tepat sasaran",
        starts_at=dt.datetime(2024, 11, 21, 9, 0, tzinfo=WITA),
        venue="Gedung Banua Patra, Balikpapan",
        region=_region("Balikpapan Kota") or _region("Kota Balikpapan"),
        facilitators="Dodi Yapsenang, Rina Kartikasari",
        organiser="Communication, Relations & CSR PT KPI Unit Balikpapan",
        agenda=(
            "Pembukaan dan sambutan\n"
            "Paparan capaian program TJSL 2024\n"
            "Paparan arah Rencana Strategis TJSL 2025–2029\n"
            "Diskusi kelompok: penyampaian aspirasi\n"
            "Kesepakatan dan penutup"
        ),
    )


REPRESENTATIVES = ["Rahmat Hidayat", "Yuni Astuti", "Arif Budiman", "Sitti Rahmawati", "Hery Susanto"]


def _absentees(invitees: list[Stakeholder]) -> set[int]:
    """Who stays away: first colleagues of someone else invited from the same organisation, from the end of the
    list, so that most organisations are still present."""
    absent = INVITED - ATTENDED
    members: dict[int | None, int] = {}
    for stakeholder in invitees:
        members[stakeholder.organization_id] = members.get(stakeholder.organization_id, 0) + 1
    chosen: list[Stakeholder] = []
    for stakeholder in reversed(invitees):
        if len(chosen) < absent and stakeholder.organization_id and members[stakeholder.organization_id] > 1:
            chosen.append(stakeholder)
            members[stakeholder.organization_id] -= 1
    chosen += [s for s in reversed(invitees) if s not in chosen][: absent - len(chosen)]
    return {s.pk for s in chosen}


def _record_attendance(session: FgdSession, invitees: list[Stakeholder], officer) -> None:
    sessions.session_invite(session=session, stakeholders=invitees)
    invitations = {i.stakeholder_id: i for i in session.invitations.all()}
    absent = _absentees(invitees)
    changed: list[Invitation] = []
    declined = represented = 0
    for position, stakeholder in enumerate(invitees):
        invitation = invitations[stakeholder.pk]
        if stakeholder.pk in absent:
            # Two sent their apologies beforehand; the others said yes and did not come.
            invitation.response = Invitation.Response.DECLINED if declined < 2 else Invitation.Response.ACCEPTED
            invitation.attendance = Invitation.Attendance.ABSENT
            declined += 1
        else:
            invitation.response = Invitation.Response.ACCEPTED
            invitation.attendance = Invitation.Attendance.PRESENT
            # A few heads of office send someone in their place (never the first, most involved invitees).
            if represented < REPRESENTED and position >= 8 and position % 7 == 3 and not stakeholder.is_local_hero:
                invitation.attendance = Invitation.Attendance.REPRESENTED
                invitation.represented_by = REPRESENTATIVES[represented]
                represented += 1
        changed.append(invitation)
    sessions.session_attendance_record(session=session, invitations=changed, by=officer)


def _speaker(attendees: list[Stakeholder], hint: str, index: int) -> Stakeholder:
    hint = hint.lower()
    for stakeholder in attendees:
        if hint in stakeholder.name.lower() or (
            stakeholder.organization and hint in stakeholder.organization.name.lower()
        ):
            return stakeholder
    return attendees[index % len(attendees)]


def _category(hint: str) -> AspirationCategory | None:
    return AspirationCategory.objects.filter(code__icontains=hint).order_by("order").first()


def _capture_aspirations(session: FgdSession, officer) -> None:
    attendees = [
        i.stakeholder
        for i in session.invitations.select_related("stakeholder__organization", "stakeholder__region").order_by("pk")
        if i.attended
    ]
    existing = set(session.aspirations.values_list("title", flat=True))
    for index, (title, description, hint, category, pillar, cost, (count, kind), accepted) in enumerate(ASPIRATIONS):
        if title in existing:
            continue
        speaker = _speaker(attendees, hint, index)
        aspiration = sessions.session_aspiration_capture(
            session=session,
            by=officer,
            title=title,
            description=description,
            stakeholder=speaker,
            category=_category(category),
            pillar=pillar,
        )
        Aspiration.objects.filter(pk=aspiration.pk).update(
            estimated_cost=cost,
            beneficiaries_count=count,
            beneficiaries_kind=kind,
            region=speaker.region or session.region,
        )
        if accepted:
            aspiration_transition(
                aspiration=aspiration,
                to_status=Aspiration.Status.ACCEPTED,
                by=officer,
                public_note="Diterima untuk ditinjau dalam penyusunan Rencana Kerja TJSL 2025.",
            )


def _seed_scenario(officer, stdout) -> None:
    session = _scenario_session(officer)
    if session.is_locked:
        return
    invitees = _invitees()
    if not invitees:
        _say(stdout, "fgd: the stakeholder register is empty; the scenario FGD is left without participants.")
        return
    if session.status == FgdSession.Status.PLANNED:
        sessions.session_mark_held(session=session, by=officer)
    if not session.invitations.exists():
        _record_attendance(session, invitees, officer)
    _capture_aspirations(session, officer)
    sessions.session_update(session=session, **MINUTES)
    sessions.session_finalise_minutes(session=session, by=officer)
    _say(
        stdout,
        f"fgd: {SCENARIO_TITLE}: {session.invitations.count()} invited, {session.aspirations.count()} aspirations.",
    )


def _seed_upcoming(officer) -> None:
    if FgdSession.objects.filter(title=UPCOMING_TITLE).exists():
        return
    day = timezone.localdate() + dt.timedelta(days=21)
    sessions.session_create(
        created_by=officer,
        title=UPCOMING_TITLE,
        theme="Evaluasi capaian program dan aspirasi baru dari Kabupaten Penajam Paser Utara",
        starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=WITA),
        venue="Aula Kantor Camat Penajam",
        region=_region("Penajam"),
        facilitators="Rina Kartikasari",
        organiser="Communication, Relations & CSR PT KPI Unit Balikpapan",
        agenda="Pembukaan\nPaparan capaian program semester I\nDiskusi aspirasi baru\nPenutup",
    )


def seed_demo_data(*, stdout=None) -> None:
    """The Banua Patra FGD with its invitations, attendance and aspirations, then public submissions."""
    officer = _officer()
    _seed_scenario(officer, stdout)
    _seed_upcoming(officer)
    seed_public_aspirations(stdout=stdout)
