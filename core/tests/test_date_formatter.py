"""`date_formatter` writes what Django's `formats.date_format` / `time_format` write (issue 15)."""

import datetime

import pytest
from django.utils import dateformat, formats, translation
from django.utils.dates import MONTHS_3

from core.formatting import date_formatter

MOMENTS = [datetime.datetime(2025, month, day, hour, minute) for month, day, hour, minute in (
    (1, 1, 0, 0), (2, 28, 9, 5), (3, 9, 23, 59), (4, 30, 12, 30), (5, 15, 7, 7), (6, 1, 18, 0),
    (7, 31, 1, 1), (8, 17, 10, 45), (9, 9, 9, 9), (10, 10, 20, 20), (11, 11, 11, 11), (12, 31, 23, 0),
)] + [datetime.datetime(987, 3, 4, 5, 6)]  # fmt: skip


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("format_name", ["DATE_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT"])
def test_the_project_formats_are_written_as_django_writes_them(language, format_name):
    with translation.override(language):
        write = date_formatter(format_name)
        for moment in MOMENTS:
            assert write(moment) == formats.date_format(moment, format_name)
            if format_name == "TIME_FORMAT":
                assert write(moment) == formats.time_format(moment, format_name)


def test_the_month_is_named_in_the_active_language():
    with translation.override("id"):
        assert date_formatter()(datetime.date(2025, 8, 17)) == f"17 {MONTHS_3[8].title()} 2025"
    with translation.override("en"):
        assert date_formatter()(datetime.date(2025, 8, 17)) == "17 Aug 2025"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("pattern", [r"l, j \of F Y", r"\H\i H:i \j", "D d/m/y", r"j\\M n", "<j> & 'M'"])
def test_other_codes_and_escaped_letters_are_written_as_django_writes_them(pattern, language):
    """A format with a code it does not write itself (a weekday, a full month name) is Django's, whole;
    escaped letters and other text stay as Django leaves them (escaping for HTML is the caller's)."""
    moment = datetime.datetime(2025, 8, 17, 9, 5)
    with translation.override(language):
        assert date_formatter(pattern)(moment) == dateformat.format(moment, pattern)
