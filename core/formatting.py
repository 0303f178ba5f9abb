"""Money and numbers the way Indonesian users read and type them (and English users, second).

The one owner of both directions: what a page, a PDF or a form field shows (`format_number`,
`format_rupiah`) and what a form field reads back (`parse_number`, `parse_rupiah`). Whatever
`format_*` writes in a language, `parse_*` reads back to the same value in that language.
"""

import functools
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from .i18n import is_english


def _separators(language: str | None) -> tuple[str, str]:
    """(thousands, decimal) separators: `1.250.000,5` in Indonesian, `1,250,000.5` in English."""
    return (",", ".") if is_english(language) else (".", ",")


def format_number(value: Decimal | int | float | None, language: str | None = None) -> str:
    """12.5 → "12,5" in Indonesian ("12.5" in English); thousands grouped; no trailing zeros."""
    if value is None:
        return "–"
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = f"{int(value):,}" if value == value.to_integral_value() else f"{value.normalize():,f}"
    thousands, decimal = _separators(language)
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_rupiah(amount: int | None, language: str | None = None) -> str:
    """`Rp 1.250.000.000` in Indonesian, `IDR 1,250,000,000` in English. Whole rupiah only."""
    if amount is None:
        return "–"
    digits = format_number(abs(int(amount)), language)
    sign = "-" if amount < 0 else ""
    return f"{sign}IDR {digits}" if is_english(language) else f"{sign}Rp {digits}"


class NumberError(ValueError):
    """Why typed text is not a number: `code` is "words", "ambiguous", "invalid" or "sen".

    For "ambiguous", `readings` holds the two values the text could mean (thousands, fraction);
    for "sen" (rupiah with a fraction), the whole rupiah and the number typed.
    """

    def __init__(self, code: str, readings: tuple[Decimal, Decimal] | None = None):
        super().__init__(code)
        self.code = code
        self.readings = readings


_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
# "Rp 1.500.000,-": the dash Indonesians write for "no cents".
_NO_CENTS = re.compile(r"[.,]-$")
# Spaces (also no-break ones) between digit groups: "1 500 000".
_GROUP_SPACE = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}(\D|$))")


def _grouped(whole: str, sep: str) -> bool:
    """Digits, or digits grouped by threes with `sep` ("1.500.000")."""
    return bool(re.fullmatch(r"\d+", whole) or re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", whole))


def _decimal(whole: str, fraction: str = "") -> Decimal:
    digits = whole.replace(".", "").replace(",", "") or "0"
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def parse_number(text: str, language: str | None = None) -> Decimal:
    """What a person typed as a number → Decimal; raises NumberError.

    Indonesian first: "1.200" is 1200 and "1.200,5" is 1200.5. Also accepted where only one
    reading exists: "1500000", "Rp 1.500.000,-", "1,500,000.50", "12.5", "0,75". A single
    separator followed by exactly three digits is read as the current language's thousands
    separator ("1.500" in Indonesian, "1,500" in English); the other one ("1,500" in
    Indonesian) could be 1500 or 1.5 and is refused rather than guessed. Words ("15 juta")
    are refused.
    """
    value = _CURRENCY.sub("", str(text).strip())
    value = _GROUP_SPACE.sub("", _NO_CENTS.sub("", value)).strip()
    negative = value.startswith("-")
    value = value[1:].strip() if negative else value
    if re.search(r"[^\W\d_]", value):
        raise NumberError("words")
    if not value or not re.fullmatch(r"[\d.,]+", value) or not value[0].isdigit() or not value[-1].isdigit():
        raise NumberError("invalid")
    dots, commas = value.count("."), value.count(",")
    if dots and commas:
        # Both: the last one separates the fraction, the other groups thousands.
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        whole, fraction = value.rsplit(decimal, 1)
        if not _grouped(whole, "." if decimal == "," else ","):
            raise NumberError("invalid")
        number = _decimal(whole, fraction)
    elif dots or commas:
        sep = "." if dots else ","
        whole, _sep, fraction = value.partition(sep)
        if value.count(sep) > 1:
            if not _grouped(value, sep):  # "1.500.000": only thousands have two of them
                raise NumberError("invalid")
            number = _decimal(value)
        elif len(fraction) != 3 or len(whole) > 3 or whole == "0":
            number = _decimal(whole, fraction)  # "12,5", "1500,000", "0.500": a fraction
        elif sep == _separators(language)[0]:
            number = _decimal(value)  # "1.500" in Indonesian: thousands
        else:
            raise NumberError("ambiguous", (_decimal(value), _decimal(whole, fraction)))
    else:
        number = Decimal(value)
    return -number if negative else number


def parse_rupiah(text: str, language: str | None = None) -> int:
    """What a person typed as money → whole rupiah; raises NumberError.

    Budgets are whole rupiah: "1.500.000,00" and "1.500.000,-" are read, "1.500.000,50" is refused
    ("sen", with the whole amount as `readings`) rather than rounded or read as 150.000.050.
    """
    number = parse_number(text, language)
    if number != number.to_integral_value():
        raise NumberError("sen", (Decimal(int(number)), number))
    return int(number)


# The format codes `date_formatter` writes itself (Django's meaning); any other code, Django writes.
_DATE_CODES = {
    "j": lambda value, _months: str(value.day),
    "d": lambda value, _months: f"{value.day:02d}",
    "n": lambda value, _months: str(value.month),
    "m": lambda value, _months: f"{value.month:02d}",
    "M": lambda value, months: months(value.month),
    "Y": lambda value, _months: f"{value.year:04d}",
    "H": lambda value, _months: f"{value.hour:02d}",
    "i": lambda value, _months: f"{value.minute:02d}",
}


def date_formatter(format_name: str = "DATE_FORMAT") -> Callable[[date], str]:
    """`formats.date_format(value, format_name)` for a page of values, in the active language.

    Django reads the format and walks it code by code for every value (about 90 calls a date); a
    list of 50 FGDs spent a sixth of its calls printing their dates and times (issue 15). The format
    is read and split once here; the month's name is Django's own (`MONTHS_3`), looked up once a
    month. A format with a code not in _DATE_CODES is left to Django entirely.
    """
    from django.utils import dateformat, formats
    from django.utils.dates import MONTHS_3

    pattern = formats.get_format(format_name)
    pieces = dateformat.re_formatchars.split(pattern)
    codes = pieces[1::2]
    if any(code not in _DATE_CODES for code in codes):
        return functools.partial(dateformat.format, format_string=pattern)
    parts: list = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(_DATE_CODES[piece])
        elif piece:
            parts.append(dateformat.re_escaped.sub(r"\1", piece))
    month_names = functools.cache(lambda month: MONTHS_3[month].title())

    def write(value) -> str:
        return "".join(part if isinstance(part, str) else part(value, month_names) for part in parts)

    return write
