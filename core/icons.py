"""The icon font, cut down to the icons the app uses (a 134 KB font became a few KB).

`python manage.py subset_icons` reads every template, script and module for icon names
("bi-inbox", or a quoted "inbox" handed to a badge or an include), and writes
static/vendor/bootstrap-icons/bootstrap-icons-subset.css and fonts/bootstrap-icons-subset.woff2.
Both are committed; a test fails when a name in the code is missing from the subset.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = VENDOR / "bootstrap-icons.min.css"
FULL_FONT = VENDOR / "fonts" / "bootstrap-icons.woff"
SUBSET_CSS = VENDOR / "bootstrap-icons-subset.css"
SUBSET_FONT = VENDOR / "fonts" / "bootstrap-icons-subset.woff2"
SOURCES = ("templates", "static/js", "core", "stakeholders", "fgd", "programs", "reports", "dashboard", "monitoring")
SKIPPED_PARTS = {"tests", "migrations", "locale", "__pycache__"}
ICON_RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')


def all_icons() -> dict[str, int]:
    """Every icon of the full font: name → code point."""
    return {name: int(code, 16) for name, code in ICON_RULE.findall(FULL_CSS.read_text(encoding="utf-8"))}


def _source_files():
    base = Path(settings.BASE_DIR)
    for folder in SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".html", ".py", ".js") and not SKIPPED_PARTS & set(path.parts):
                yield path


def used_icons() -> set[str]:
    """Icon names the code mentions: "bi-name" anywhere, or a quoted name that is an icon."""
    icons = all_icons()
    used: set[str] = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        used |= {name for name in re.findall(r"\bbi-([a-z0-9-]+)", text) if name in icons}
        used |= {name for name in re.findall(r"[\"']([a-z0-9-]+)[\"']", text) if name in icons}
    return used


def subset_css(names: set[str]) -> str:
    icons = all_icons()
    rules = "".join(f'.bi-{name}::before{{content:"\\{icons[name]:x}"}}' for name in sorted(names))
    return (
        "/* Bootstrap Icons v1.13.2 (MIT), only the icons csrplan uses: made by `manage.py subset_icons`. */\n"
        '@font-face{font-display:block;font-family:bootstrap-icons;src:url("fonts/bootstrap-icons-subset.woff2")'
        ' format("woff2")}'
        '.bi::before,[class*=" bi-"]::before,[class^=bi-]::before{display:inline-block;'
        "font-family:bootstrap-icons!important;font-style:normal;font-weight:400!important;font-variant:normal;"
        "text-transform:none;line-height:1;vertical-align:-.125em;-webkit-font-smoothing:antialiased;"
        "-moz-osx-font-smoothing:grayscale}\n" + rules + "\n"
    )


def write_subset() -> tuple[int, int]:
    """Writes the subset CSS and font; returns (icons, font bytes)."""
    from fontTools import subset

    names = used_icons()
    icons = all_icons()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the font's names and licence notice
    font = subset.load_font(str(FULL_FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[icons[name] for name in names])
    subsetter.subset(font)
    subset.save_font(font, str(SUBSET_FONT), options)
    SUBSET_CSS.write_text(subset_css(names), encoding="utf-8")
    return len(names), SUBSET_FONT.stat().st_size
