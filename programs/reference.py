"""Reference data of this app, created by its data migration and by tests (apps.py hook)."""

# The 17 Sustainable Development Goals (Tujuan Pembangunan Berkelanjutan, TPB) with the names used by
# Bappenas in Indonesian and by the UN in English.
SDGS: list[tuple[int, str, str]] = [
    (1, "Tanpa Kemiskinan", "No Poverty"),
    (2, "Tanpa Kelaparan", "Zero Hunger"),
    (3, "Kehidupan Sehat dan Sejahtera", "Good Health and Well-being"),
    (4, "Pendidikan Berkualitas", "Quality Education"),
    (5, "Kesetaraan Gender", "Gender Equality"),
    (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation"),
    (7, "Energi Bersih dan Terjangkau", "Affordable and Clean Energy"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent Work and Economic Growth"),
    (9, "Industri, Inovasi dan Infrastruktur", "Industry, Innovation and Infrastructure"),
    (10, "Berkurangnya Kesenjangan", "Reduced Inequalities"),
    (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable Cities and Communities"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab", "Responsible Consumption and Production"),
    (13, "Penanganan Perubahan Iklim", "Climate Action"),
    (14, "Ekosistem Lautan", "Life Below Water"),
    (15, "Ekosistem Daratan", "Life on Land"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh", "Peace, Justice and Strong Institutions"),
    (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals"),
]


def ensure(apps) -> None:
    """Idempotent: creates what is missing. `apps` is a migration's app registry or the global one."""
    Sdg = apps.get_model("programs", "Sdg")
    for number, name_id, name_en in SDGS:
        Sdg.objects.update_or_create(number=number, defaults={"name_id": name_id, "name_en": name_en})
