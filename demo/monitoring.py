"""Demo realisation of the approved 2025 plan: a realistic first half of the year (January–June).

Most activities follow their plan; a few run late (with the officer's explanation), a few spend more
than planned (with the reason), and evidence photos are attached to some months. The manager has
closed the first quarter. Idempotent: nothing is recorded twice (the plan's realisation is seeded once).
"""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from monitoring import services
from monitoring.models import Realisation
from monitoring.selectors import planned_per_month
from programs.models import AnnualPlan, Indicator

# The half-year recorded, and the fate of some activities by program code.
MONTHS = range(1, 7)
LATE = {
    "SOS-02": "Menunggu izin lokasi dari kelurahan; pelaksanaan digeser ke Juli.",
    "LIN-02": "Musim hujan membuat penanaman mangrove ditunda; bibit tetap dirawat di persemaian.",
    "INF-01": "Kontraktor terlambat memulai pekerjaan karena material belum tiba.",
}
OVER = {
    "EKO-01": "Harga sabut kelapa dan ongkos angkut naik; peserta pelatihan bertambah dari 20 menjadi 26 orang.",
    "SOS-01": "Tambahan obat dan PMT untuk balita gizi kurang sesuai rekomendasi Puskesmas.",
}
PHOTO_COLOURS = ["#2f8f6f", "#3c6e9f", "#d08c00", "#8a5a9e", "#6b7b3a"]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _photo(name: str, colour: str, label: str) -> SimpleUploadedFile:
    """A small stand-in photo (the demo ships no real pictures)."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 440), fill="#f4f1ea")
    draw.text((60, 340), label[:60], fill="#1b1b1b")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def seed_demo_data(*, stdout=None) -> None:
    plan = AnnualPlan.objects.filter(year=2025, status=AnnualPlan.Status.APPROVED).order_by("version").first()
    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    manager = User.objects.filter(username="manager").first()
    if plan is None or officer is None or manager is None:
        return
    if Realisation.objects.filter(activity__program__plan=plan).exists():
        return
    rng = random.Random(2025)  # the same half-year every time
    photos = 0
    for program in plan.programs.order_by("code").prefetch_related("activities"):
        for number, activity in enumerate(program.activities.order_by("id")):
            photos += _record_activity(program, number, activity, officer, rng, photos)
    _record_indicators(plan, officer)
    services.period_close(plan=plan, quarter=1, by=manager)
    count = Realisation.objects.filter(activity__program__plan=plan).count()
    _say(stdout, f"Monitoring: {count} activity-months of January–June 2025 recorded ({photos} photos), Q1 closed.\n")


def _record_activity(program, number: int, activity, officer, rng: random.Random, photos: int) -> int:
    """Records the activity's planned months up to June; returns how many photos were attached."""
    spread = planned_per_month(activity)
    months = [m for m in sorted(spread) if m in MONTHS]
    late = program.code in LATE and number == 0
    over = program.code in OVER and number == 0
    attached = 0
    for index, month in enumerate(months):
        last_planned = month == max(spread)
        if late:
            status, progress = "late", min(15 * (index + 1), 40)
            spend = round(spread[month] * 0.3, -5)
            note = LATE[program.code]
        else:
            done = last_planned
            status = "done" if done else "on_track"
            progress = 100 if done else round(100 * (index + 1) / len(spread))
            factor = 1.18 if over else rng.uniform(0.86, 1.0)
            spend = round(spread[month] * factor, -5)
            note = OVER[program.code] if over else _note(activity.name, month, done)
        evidence = []
        if (status == "done" or index == 0) and rng.random() < 0.65:
            colour = PHOTO_COLOURS[(photos + attached) % len(PHOTO_COLOURS)]
            evidence = [_photo(f"dokumentasi-{program.code.lower()}-{month:02d}.jpg", colour, activity.name)]
            attached += 1
        services.realisation_save(
            activity=activity,
            month=month,
            version=0,
            by=officer,
            evidence=evidence,
            evidence_description=f"Dokumentasi {activity.name.lower()}" if evidence else "",
            status=status,
            progress=progress,
            actual_spend=int(spend),
            beneficiaries_reached=_reached(program, index, len(spread)) if status != "late" else None,
            note=note,
        )
    return attached


def _reached(program, index: int, planned_months: int) -> int | None:
    if not program.beneficiaries_count:
        return None
    return max(1, round(program.beneficiaries_count * (index + 1) / planned_months / 2))


def _note(name: str, month: int, done: bool) -> str:
    return f"{name}: {'selesai, berita acara serah terima ditandatangani' if done else 'berjalan sesuai jadwal'}."


def _record_indicators(plan: AnnualPlan, officer) -> None:
    """Quarter I and II values of every program indicator: a third, then a half or more of the target."""
    by_program: dict = {}
    for indicator in Indicator.objects.filter(program__plan=plan).select_related("program"):
        if indicator.target is None:
            continue
        late = indicator.program.code in LATE
        values = {(indicator.pk, 1): round(indicator.target * (0 if late else 1) / 3, 0)}
        values[(indicator.pk, 2)] = round(indicator.target * (1 if late else 3) / 5, 0)
        by_program.setdefault(indicator.program, {}).update(values)
    for program, values in by_program.items():
        services.indicator_actuals_save(program=program, values=values, by=officer)
