"""The form fields for money and numbers: every form that takes an amount or a number uses these.

They read what people type with `core.formatting.parse_*` and show the stored value with
`format_*` in the active language, so what a form shows is what it reads back.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import NumberError, format_number, parse_number, parse_rupiah

# Far below BigIntegerField's limit, far above any budget.
MAX_RUPIAH = 9_000_000_000_000_000

NUMBER_ERRORS = {
    "words": _("Write the number in digits, for example %(example)s (not “15 juta”)."),
    "ambiguous": _("“%(value)s” can be read two ways: write %(thousands)s or %(fraction)s."),
    "invalid": _("Enter a number such as %(example)s."),
    "negative": _("The amount cannot be negative."),
    "sen": _("Amounts in rupiah are whole: leave out the cents, as in %(whole)s."),
}


def _number_error(error: NumberError, text: str, example: Decimal | int) -> ValidationError:
    params = {"value": text, "example": format_number(example)}
    if error.readings:
        whole, other = error.readings
        params |= {"thousands": format_number(whole), "whole": format_number(whole), "fraction": format_number(other)}
    return ValidationError(NUMBER_ERRORS[error.code], code=error.code, params=params)


class RupiahField(forms.IntegerField):
    """Whole rupiah, as people type them: "Rp 1.500.000", "1.500.000,-", "1500000", "IDR 1,500,000".

    Amounts are never negative, and never have sen ("1.500.000,50" is refused with a clear message).
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 40})
    EXAMPLE = 1_250_000

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_RUPIAH)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Not IntegerField's `min`/`step`: they belong to number inputs, and "1.500.000" is text.
        return forms.Field.widget_attrs(self, widget)

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        try:
            amount = parse_rupiah(text)
        except NumberError as error:
            raise _number_error(error, text, self.EXAMPLE) from error
        if amount < 0:
            raise ValidationError(NUMBER_ERRORS["negative"], code="negative")
        return amount


class NumberField(forms.DecimalField):
    """A decimal number in Indonesian ("1.200,5") or, where unambiguous, English ("1,200.5")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 40})
    EXAMPLE = Decimal("1200.5")

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else value

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        try:
            return parse_number(text)
        except NumberError as error:
            raise _number_error(error, text, self.EXAMPLE) from error


class WholeNumberField(NumberField):
    """A count (people, households): a whole number typed as "1.200" or "1200"."""

    EXAMPLE = Decimal(1200)

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else int(number)
