"""Malicious input, black-box: hostile values posted to the public form first, then to every form.

Whatever is posted (very long text, control characters, HTML and script, SQL-looking strings,
wrong types, missing fields, huge numbers, odd Unicode), the site must never answer 5xx, must
never show stored markup back unescaped, and must say clearly what is wrong when it refuses.

The forms are found the way a visitor finds them: by reading the pages' HTML (bench.http), so a
new form is covered without touching this file. Examples per property: AUDIT_EXAMPLES (25 by
default, so the suite stays fast; `make audit` runs 200).
"""

import os
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bench.generate import ensure_some
from bench.http import Form, parse_forms
from bench.pages import FIXED_PAGES, _walk, page_ids, staff_list_pages
from core.access import Role

EXAMPLES = int(os.environ.get("AUDIT_EXAMPLES", "25"))
SUBMIT = "/aspirations/submit/"
XSS = "<script>alert('csrplan-xss')</script>"
XSS_ATTR = "\"><img src=x onerror=alert('csrplan-xss')>"
RAW_MARKUP = re.compile(r"<script>alert\(|<img src=x onerror", re.IGNORECASE)
ERROR_MARKERS = ("invalid-feedback", "errorlist", "alert-danger", 'role="alert"', "is-invalid")
HOSTILE = [
    XSS,
    XSS_ATTR,
    "' OR '1'='1' --",
    "1; DROP TABLE fgd_aspiration; --",
    "%' UNION SELECT password FROM auth_user --",
    "\x00\x01\x02\x1b[31m",
    "\u202eevil\u202c \u200b\ufeff",
    "𝕮𝖘𝖗 🌊🥥 ﷽ ̸̢̛̗",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "{{ 7*7 }} {% debug %}",
    "../../../../etc/passwd",
    "x" * 100_000,
    "",
    " ",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So", "Mn"]), max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# None: the field is left out of the post altogether.
hostile_value = st.one_of(st.none(), hostile_text)
VALID_BASE = {"title": "Air bersih untuk RT 12", "description": "Sumur warga kering setiap kemarau panjang."}
# Fields a visitor never sees or fills: CSRF, signed timestamps, honeypots hidden by CSS.
UNTOUCHED_TYPES = {"hidden", "submit", "button", "image", "reset"}


def _main_post_forms(html: str) -> list[Form]:
    return [f for f in parse_forms(html) if f.in_main and f.method == "post"]


def _fuzzable(form: Form) -> list[str]:
    return sorted(
        {
            f.name
            for f in form.fields
            if not (f.tag == "input" and f.type in UNTOUCHED_TYPES)
            and f.name != "csrfmiddlewaretoken"
            and "tabindex" not in f.attrs  # honeypots take themselves out of the tab order
        }
    )


def _post(client, url: str, form: Form, values: dict[str, str | None], *, with_file: bool = False):
    data = form.defaults()
    for name, value in values.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    if with_file:
        for f in form.fields:
            if f.type == "file":
                data[f.name] = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not really a JPEG", "image/jpeg")
    return client.post(form.action or url, data)


def _assert_sane(response, url: str):
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    body = response.content.decode("utf-8", "replace")
    assert not RAW_MARKUP.search(body), f"{url} echoed markup unescaped"
    return body


@pytest.fixture
def open_public_form(settings):
    """The abuse guards (rate limit, minimum fill-in time) are tested by the fgd app; here they step aside."""
    settings.PUBLIC_FORM_RATE_LIMIT = 10**9
    settings.PUBLIC_FORM_MIN_SECONDS = 0
    cache.clear()


def _public_form(client) -> Form:
    response = client.get(SUBMIT)
    forms = _main_post_forms(response.content.decode())
    assert response.status_code == 200, response.status_code
    assert forms, "the public form has no POST form inside <main>"
    return forms[0]


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_public_form_survives_hostile_values(client, officer, open_public_form, data):
    from fgd.models import Aspiration

    form = _public_form(client)
    names = _fuzzable(form)
    # A valid submission, then some fields (any number, even all) replaced by hostile values:
    # so both paths are walked, the one that stores and the one that refuses.
    values: dict[str, str | None] = {
        name: VALID_BASE[key] for name in names for key in VALID_BASE if name.endswith(key)
    }
    how_many = data.draw(st.integers(min_value=1, max_value=len(names)), label="how many hostile fields")
    for name in data.draw(st.permutations(names), label="hostile fields")[:how_many]:
        values[name] = data.draw(hostile_value, label=name)
    with_file = data.draw(st.booleans(), label="with a fake JPEG")
    before = set(Aspiration.objects.values_list("pk", flat=True))

    response = _post(client, SUBMIT, form, values, with_file=with_file)
    body = _assert_sane(response, SUBMIT)
    stored = Aspiration.objects.exclude(pk__in=before)

    if stored.exists():
        event("stored")
        aspiration = stored.get()
        assert aspiration.status == Aspiration.Status.RECEIVED
        assert "\x00" not in aspiration.title + aspiration.description
        # Stored text is shown back escaped, to the public and to staff.
        _assert_sane(client.get(f"/aspirations/track/{aspiration.tracking_code}/"), "tracking page")
        client.force_login(officer)
        _assert_sane(client.get(f"/aspirations/{aspiration.pk}/"), "staff aspiration page")
        _assert_sane(client.get("/aspirations/"), "triage list")
        client.logout()
    else:
        event(f"refused with HTTP {response.status_code}")
        assert response.status_code in (200, 400, 403, 413, 429), response.status_code
        assert any(marker in body for marker in ERROR_MARKERS), f"refused without a clear message: {values!r}"


@pytest.mark.django_db
def test_public_form_keeps_what_was_typed_escaped(client, open_public_form):
    form = _public_form(client)
    names = _fuzzable(form)
    title = next(n for n in names if n.endswith("title"))
    # A title full of markup and an empty description: refused, and the title comes back, escaped.
    values = {name: None for name in names if name.endswith("description")}
    values[title] = XSS
    body = _assert_sane(_post(client, SUBMIT, form, values), SUBMIT)
    assert "&lt;script&gt;alert(" in body, "what the person typed was not kept"


@pytest.mark.django_db
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=hostile_text)
def test_tracking_lookup_survives_hostile_codes(client, raw):
    for url in ("/aspirations/track/", f"/aspirations/track/?code={raw[:200]}"):
        _assert_sane(client.get(url), url)
    if raw and "/" not in raw and "\x00" not in raw:
        from urllib.parse import quote

        path = f"/aspirations/track/{quote(raw[:200], safe='')}/"
        _assert_sane(client.get(path), path)
    track = client.get("/aspirations/track/")
    for form in _main_post_forms(track.content.decode()) + [
        f for f in parse_forms(track.content.decode()) if f.in_main and f.method == "get"
    ]:
        names = _fuzzable(form)
        if names:
            values = {names[0]: raw}
            response = (
                _post(client, "/aspirations/track/", form, values)
                if form.method == "post"
                else client.get(form.action or "/aspirations/track/", {**form.defaults(), **values})
            )
            _assert_sane(response, "tracking form")


# --- Every other form ------------------------------------------------------------------------
PAYLOAD_SETS = {
    "markup": lambda name: XSS if "mail" not in name else f"a{XSS_ATTR}@x.id",
    "sql": lambda name: "' OR 1=1; DROP TABLE auth_user; --",
    "huge": lambda name: (
        "9" * 400 if any(w in name for w in ("count", "cost", "budget", "year", "month")) else "x" * 20_000
    ),
    "control": lambda name: "\x00\x07\u202e\ufeff",
    "missing": lambda name: None,
}


FORM_LINK = re.compile(r'href="(/[^"#?]*/(?:new|edit|add|create|[a-z-]*edit[a-z-]*)/)"')


def _staff_pages_with_forms(client) -> dict[str, list[Form]]:
    ids = page_ids()
    paths = {path.format(**ids) for _, path in FIXED_PAGES}
    paths |= {path for _, path in staff_list_pages()}
    for name, entry in _walk(get_resolver()):
        if not name.startswith("admin:") and not getattr(entry.pattern, "converters", None):
            paths.add(reverse(name))
    # One level deeper: the editing pages the screens link to (new program, edit session, …).
    for path in sorted(paths):
        if "None" not in path:
            html = client.get(path).content.decode("utf-8", "replace")
            paths |= {link.replace("&amp;", "&") for link in FORM_LINK.findall(html)}
    found = {}
    for path in sorted(paths):
        if "None" in path or "logout" in path or "download" in path or "export" in path:
            continue
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            forms = _main_post_forms(response.content.decode())
            if forms:
                found[path] = forms
    return found


@pytest.fixture
def scenario_data(db):
    """The demo scenario (as `make run` has it) plus a few generated rows: every detail page and its forms exist."""
    from demo.fgd import seed_demo_data as seed_fgd
    from demo.programs import seed_demo_data as seed_programs
    from demo.stakeholders import seed_demo_data as seed_stakeholders

    seed_stakeholders()
    seed_fgd()
    seed_programs()
    ensure_some()


@pytest.mark.django_db
def test_every_staff_form_survives_hostile_values(client, make_user, scenario_data, open_public_form):
    client.force_login(make_user(Role.ADMINISTRATOR, username="audit-admin"))
    pages = _staff_pages_with_forms(client)
    posted = 0
    for payload, make_value in PAYLOAD_SETS.items():
        for path, forms in pages.items():
            for form in forms:
                values = {name: make_value(name) for name in _fuzzable(form)}
                response = _post(client, path, form, values, with_file=payload == "markup")
                _assert_sane(response, f"{form.action or path} ({payload})")
                posted += 1
    # The pages survive what was stored, too.
    for path in pages:
        _assert_sane(client.get(path), f"{path} after the hostile posts")
    assert posted >= len(PAYLOAD_SETS), "no form found to post to"
