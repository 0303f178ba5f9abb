"""Indonesian phone numbers: one stored form (+62…), whatever way people typed them."""

import re

from django.utils.translation import gettext as _

from core.errors import DomainError

_SEPARATORS = re.compile(r"[\s\-.()/]")


class InvalidPhone(DomainError):
    """Not a phone number we can store; forms and the import turn it into their own message."""


def normalise_phone(raw: str) -> str:
    """'0812-5001 0001', '62812…', '+62 812…' → '+628125…'; '' stays ''. Raises InvalidPhone."""
    text = _SEPARATORS.sub("", str(raw or "").strip())
    if not text:
        return ""
    if text.startswith("+62"):
        national = text[3:]
    elif text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        raise InvalidPhone(_("Enter a phone number of digits, e.g. 0812 3456 7890."), code=str(raw)[:40])
    # Mobile numbers are 9–12 digits after the 0; landlines (0542 …) 8–11.
    if not national.isdigit() or national.startswith("0") or not 8 <= len(national) <= 12:
        raise InvalidPhone(_("Enter a phone number of digits, e.g. 0812 3456 7890."), code=str(raw)[:40])
    return "+62" + national


def display_phone(phone: str) -> str:
    """'+6281250010001' → '0812-5001-0001' (how Indonesians write it)."""
    if not phone.startswith("+62"):
        return phone
    local = "0" + phone[3:]
    return "-".join([local[:4], local[4:8], local[8:]]).rstrip("-")
