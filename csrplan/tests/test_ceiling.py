"""Issue 15: the benchmark's reference page, and the caches and shortcuts that keep pages near it."""

import re

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.templatetags.csrplan import choice_label
from csrplan.reference import bench_reference
from fgd.models import Aspiration, AspirationCategory
from fgd.tests.factories import AspirationFactory
from fgd.tests.session_factories import FgdSessionFactory
from stakeholders.models import Region
from stakeholders.tests.factories import RegionFactory


def test_the_reference_page_exists_only_when_the_benchmark_asks_for_it():
    with pytest.raises(NoReverseMatch):
        reverse("bench_reference")


def test_the_reference_page_lists_50_rows_with_one_query(db, django_assert_num_queries):
    AspirationFactory.create_batch(55)
    with django_assert_num_queries(1):
        response = bench_reference(RequestFactory().get("/bench/reference/"))
    assert response.status_code == 200
    assert response.content.count(b"<tr>") == 50


@pytest.mark.parametrize(
    "path, model_change",
    [
        (
            "/aspirations/",
            lambda: AspirationCategory.objects.create(code="baru", name_id="Kategori baru sekali", name_en="Brand new"),
        ),
        ("/aspirations/", lambda: FgdSessionFactory(title="Sesi yang baru dibuat")),
        ("/reports/", lambda: FgdSessionFactory(title="Sesi yang baru dibuat")),  # the new-PDF form's options
        ("/stakeholders/", lambda: RegionFactory(name="Kecamatan Baru Sekali", level=Region.Level.DISTRICT)),
        (
            "/aspirations/submit/",
            lambda: AspirationCategory.objects.create(code="baru", name_id="Kategori baru sekali", name_en="Brand new"),
        ),
        ("/aspirations/submit/", lambda: RegionFactory(name="Kecamatan Baru Sekali", level=Region.Level.DISTRICT)),
    ],
)
def test_a_cached_filter_bar_shows_a_reference_data_change_on_the_next_request(
    path, model_change, client_for, officer, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ceiling"}}
    client = client_for(officer)
    assert client.get(path).status_code == 200
    client.get(path)  # the filter bar now comes from the cache
    created = model_change()
    label = getattr(created, "title", None) or getattr(created, "name_id", None) or created.name
    assert label in client.get(path).content.decode()


def test_choice_label_is_get_display_in_every_language(db):
    aspiration = AspirationFactory(source=Aspiration.Source.PUBLIC_FORM)
    for code in ("id", "en"):
        with translation.override(code):
            assert choice_label(aspiration, "source") == aspiration.get_source_display()
            assert choice_label(aspiration, "status") == aspiration.get_status_display()


def test_the_cached_public_form_is_kept_per_language_and_bound_forms_are_never_cached(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "form"}}
    client.cookies["csrplan_language"] = "id"
    client.get("/aspirations/submit/")
    assert "Apa yang Anda usulkan?" in client.get("/aspirations/submit/").content.decode()
    client.cookies["csrplan_language"] = "en"
    english = client.get("/aspirations/submit/").content.decode()
    assert "What do you ask for?" in english and "Apa yang Anda usulkan?" not in english
    assert "{#" not in english and "#}" not in english  # a {# #} comment spanning lines is shown as text
    # A form that comes back with errors shows what was typed, never the cached empty form.
    response = client.post("/aspirations/submit/", {"title": "Air bersih RT 12", "description": ""})
    assert 'value="Air bersih RT 12"' in response.content.decode()


def test_templates_show_choice_labels_with_the_table_not_get_display():
    """CONTRIBUTING "Stored choices": get_FOO_display rebuilds its choices on every call."""
    from pathlib import Path

    from django.conf import settings

    offenders = [
        str(path)
        for folder in settings.TEMPLATES[0]["DIRS"]
        for path in Path(folder).rglob("*.html")
        if re.search(r"\.get_[a-z_]+_display", path.read_text())
    ]
    assert offenders == []


def test_no_template_comment_spans_lines():
    """Django's {# #} is one line only: a longer one is printed on the page (it was, on the public form)."""
    from pathlib import Path

    from django.conf import settings

    offenders = [
        f"{path}:{number}"
        for folder in settings.TEMPLATES[0]["DIRS"]
        for path in Path(folder).rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert offenders == []
