"""English: the one date, date-time and time format of every page and PDF (see ../id/formats.py)."""

DATE_FORMAT = "j M Y"  # 3 Mar 2025
DATETIME_FORMAT = "j M Y, H:i"  # 3 Mar 2025, 09:30
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
