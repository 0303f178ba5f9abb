"""Public pages are light on a first visit over a weak connection (issue 11, item 20): under 150 KB.

The browser loads each page in a fresh context (nothing cached). Static files count as production
sends them: whitenoise serves CSS/JS/SVG compressed (gzip here, brotli in production is smaller),
fonts and images as they are; HTML as Django sends it.
"""

import gzip

import pytest

from core.icons import SUBSET_CSS, SUBSET_FONT, used_icons
from fgd.tests.factories import AspirationFactory
from monitoring.tests.public_scenario import build

LIMIT = 150 * 1024
COMPRESSED_TYPES = ("text/css", "javascript", "image/svg+xml")


def _transferred(browser, url: str) -> tuple[int, dict[str, int]]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response):
        body = response.body()
        kind = response.headers.get("content-type", "")
        compress = "/static/" in response.url and any(t in kind for t in COMPRESSED_TYPES)
        sizes[response.url] = len(gzip.compress(body, 9)) if compress else len(body)

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    context.close()
    return sum(sizes.values()), sizes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_weigh_under_150_kb_on_a_first_visit(browser, live_server, officer):
    aspiration = AspirationFactory()
    session = build(officer)["session"]
    for path in [
        "/",
        "/aspirations/submit/",
        f"/aspirations/track/{aspiration.tracking_code}/",
        "/public/plan/",
        f"/public/fgd/{session.public_code}/",
    ]:
        total, sizes = _transferred(browser, live_server.url + path)
        biggest = sorted(sizes.items(), key=lambda item: -item[1])[:4]
        print(f"{path}: {total / 1024:.0f} KB")
        assert total < LIMIT, f"{path}: {total / 1024:.0f} KB, biggest {biggest}"
        assert not any("bootstrap-icons.woff" in url for url in sizes), "the full icon font is loaded"


def test_the_icon_subset_has_every_icon_the_code_uses():
    """Run `make icons` after using a new icon: the committed subset must contain it."""
    from fontTools.ttLib import TTFont

    from core.icons import all_icons

    css = SUBSET_CSS.read_text(encoding="utf-8")
    missing = sorted(name for name in used_icons() if f".bi-{name}::before" not in css)
    assert missing == [], f"icons missing from the subset (run make icons): {missing}"
    cmap = TTFont(str(SUBSET_FONT)).getBestCmap()
    assert all(all_icons()[name] in cmap for name in used_icons())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/aspirations/submit/", "/aspirations/track/", "/public/plan/", "fgd"])
def test_public_pages_have_a_meta_description(client, path, officer):
    if path == "fgd":
        path = f"/public/fgd/{build(officer)['session'].public_code}/"
    body = client.get(path).content.decode()
    start = body.index('<meta name="description" content="') + len('<meta name="description" content="')
    assert len(body[start : body.index('"', start)]) > 40
