"""Indonesian: the one date, date-time and time format of every page and PDF (settings.FORMAT_MODULE_PATH).

Templates write `|date:"DATE_FORMAT"`, `|date:"DATETIME_FORMAT"` or `|time:"TIME_FORMAT"`; Python
writes `django.utils.formats.date_format(value, "DATE_FORMAT")`. Numbers: `core.formatting`.
"""

DATE_FORMAT = "j M Y"  # 3 Mar 2025
DATETIME_FORMAT = "j M Y, H.i"  # 3 Mar 2025, 09.30 (the time with a period, as Indonesian writes it)
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
