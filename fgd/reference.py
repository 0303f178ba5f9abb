"""Reference data of this app, created by its data migration and by tests (apps.py hook)."""

# (code, Indonesian name, English name) in the order the forms list them.
ASPIRATION_CATEGORIES: list[tuple[str, str, str]] = [
    ("education", "Pendidikan", "Education"),
    ("health", "Kesehatan", "Health"),
    ("environment", "Lingkungan", "Environment"),
    ("economic", "Pemberdayaan ekonomi / usaha mikro", "Economic empowerment / micro-business"),
    ("infrastructure", "Infrastruktur", "Infrastructure"),
    ("social_culture", "Sosial dan budaya", "Social and culture"),
    ("disaster", "Tanggap bencana", "Disaster response"),
    ("other", "Lainnya", "Other"),
]


def ensure(apps) -> None:
    """Idempotent: creates what is missing. `apps` is a migration's app registry or the global one."""
    category_model = apps.get_model("fgd", "AspirationCategory")
    for order, (code, name_id, name_en) in enumerate(ASPIRATION_CATEGORIES, start=1):
        category_model.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "order": order * 10}
        )
