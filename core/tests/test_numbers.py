"""One money field, one number field: what Indonesians type is read right, everywhere, both ways."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.fields import NumberField, RupiahField, WholeNumberField
from core.formatting import NumberError, format_number, format_rupiah, parse_number, parse_rupiah
from core.i18n import is_english

LANGUAGES = ["id", "en"]


@pytest.mark.parametrize(
    ("typed", "rupiah"),
    [
        ("1.200", 1200),
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000", 1_500_000),
        ("rp. 1.500.000,-", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("1500000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("IDR 1,500,000", 1_500_000),
        ("1,500,000.00", 1_500_000),
        ("3.440.000.000", 3_440_000_000),
    ],
)
def test_what_indonesians_type_is_read_as_whole_rupiah(typed, rupiah):
    with translation.override("id"):
        assert RupiahField().clean(typed) == rupiah


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("15 juta", "words"),
        ("1,5 jt", "words"),
        ("satu juta", "words"),
        ("1,500", "ambiguous"),
        ("1.2.3", "invalid"),
        ("1.500.000,50", "sen"),  # never 150.000.050
        ("1,500,000.50", "sen"),
    ],
)
def test_ambiguous_or_worded_amounts_are_refused_with_a_clear_message(typed, code):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        RupiahField().clean(typed)
    assert refused.value.error_list[0].code == code
    if code == "ambiguous":
        assert "1.500" in refused.value.messages[0] and "1,5" in refused.value.messages[0]
    if code == "sen":
        assert "1.500.000" in refused.value.messages[0]


def test_the_refusal_is_translated():
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        RupiahField().clean("15 juta")
    with translation.override("en"), pytest.raises(ValidationError) as in_english:
        RupiahField().clean("15 juta")
    assert refused.value.messages != in_english.value.messages
    assert "15.000.000" not in in_english.value.messages[0] and "1,250,000" in in_english.value.messages[0]


def test_negative_amounts_are_refused():
    with pytest.raises(ValidationError):
        RupiahField().clean("-1.000")


def test_in_english_the_comma_groups_thousands_and_the_dot_is_ambiguous():
    assert parse_rupiah("1,500", "en") == 1500
    with pytest.raises(NumberError) as error:
        parse_number("1.500", "en")
    assert error.value.code == "ambiguous"


def test_numbers_keep_their_fraction():
    with translation.override("id"):
        assert NumberField(max_digits=14, decimal_places=2).clean("1.200,5") == Decimal("1200.5")
        assert NumberField(max_digits=14, decimal_places=2).clean("0,75") == Decimal("0.75")
        assert WholeNumberField().clean("1.200") == 1200
        with pytest.raises(ValidationError):
            WholeNumberField().clean("1,5")


def test_display_and_field_come_from_one_module():
    assert format_rupiah(3_440_000_000, "en") == "IDR 3,440,000,000"
    assert format_rupiah(3_440_000_000, "id") == "Rp 3.440.000.000"
    assert format_number(Decimal("1200.50"), "id") == "1.200,5" and format_number(Decimal("1200.50"), "en") == "1,200.5"
    for language in LANGUAGES:
        with translation.override(language):
            assert RupiahField().prepare_value(1_250_000) == format_number(1_250_000)


@given(st.integers(min_value=0, max_value=9_000_000_000_000_000), st.sampled_from(LANGUAGES))
def test_rupiah_round_trip(amount, language):
    assert parse_rupiah(format_number(amount, language), language) == amount
    assert parse_rupiah(format_rupiah(amount, language), language) == amount


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(LANGUAGES),
)
def test_number_round_trip(value, language):
    assert parse_number(format_number(value, language), language) == value


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_an_amount_is_never_read_100_times_too_large(amount, sen):
    # ",00" is the amount itself; any other sen are refused, never read as 100 times the amount.
    assert parse_rupiah(f"{format_number(amount, 'id')},00", "id") == amount
    with pytest.raises(NumberError) as refused:
        parse_rupiah(f"{format_number(amount, 'id')},{sen:02d}", "id")
    assert refused.value.code == "sen"
    assert parse_number(f"{format_number(amount, 'id')},{sen:02d}", "id") == amount + Decimal(sen) / 100


def test_is_english_is_one_rule():
    assert is_english("en") and is_english("en-us") and not is_english("id")
    with translation.override("en"):
        assert is_english()
    with translation.override(None):
        assert not is_english()
