"""Money and dates the way Indonesian users read them (and English users, second)."""

from django.utils.translation import get_language


def format_rupiah(amount: int | None, language: str | None = None) -> str:
    """`Rp 1.250.000.000` in Indonesian, `IDR 1,250,000,000` in English. Whole rupiah only."""
    if amount is None:
        return "–"
    language = (language or get_language() or "id")[:2]
    digits = f"{abs(int(amount)):,}"
    sign = "-" if amount < 0 else ""
    if language == "en":
        return f"{sign}IDR {digits}"
    return f"{sign}Rp {digits.replace(',', '.')}"
