"""Safe rendering: only the app's static files are fetched, user text is escaped, the PDF is tagged."""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from core.formatting import format_number
from programs.tests.factories import ProgramFactory
from reports import documents
from reports.rendering import BASE_URL, RefusedResource, StaticOnlyFetcher, html_to_pdf
from reports.tests.factories import plan_with_programs


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/static/reports/pdf.css",
        f"{BASE_URL}static/../../settings.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/csrplan/settings.py",
        f"{BASE_URL}private-media/reports/2026/01/a.pdf",
        "data:text/css,body{color:red}",
        "data:image/jpeg;base64,PHN2Zz48L3N2Zz4=",  # says JPEG, is not one
        "data:image/jpeg;base64,!!not base64!!",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_inline_jpeg_thumbnails_only():
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "JPEG")
    response = StaticOnlyFetcher().fetch("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode())
    assert response.content_type == "image/jpeg" and response.read() == buffer.getvalue()


def test_the_fetcher_serves_the_apps_static_files():
    response = StaticOnlyFetcher().fetch(f"{BASE_URL}static/reports/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_a_document_that_points_elsewhere_renders_without_it():
    html = '<html><body><p>Halo</p><img src="file:///etc/passwd"><img src="http://example.com/x.png"></body></html>'
    pdf = html_to_pdf(html)
    assert pdf.page_count == 1
    assert pdf.refused == ("file:///etc/passwd", "http://example.com/x.png")


def test_the_pdf_is_tagged_for_accessibility():
    reader = PdfReader(io.BytesIO(html_to_pdf("<html lang='id'><body><h1>Judul</h1><p>Isi</p></body></html>").content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "id"


@pytest.mark.django_db
def test_user_text_is_escaped_in_the_document():
    plan = plan_with_programs(programs=0)
    ProgramFactory(plan=plan, name='<img src="file:///etc/passwd"> & <script>x</script>')
    html = documents.plan_pdf(plan=plan, language="id").html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &amp; &lt;script&gt;" in html
    assert '<img src="file' not in html and "<script>" not in html


def test_money_and_numbers_are_formatted_the_indonesian_way():
    from core.formatting import format_rupiah

    assert format_rupiah(1_250_000_000, "id") == "Rp 1.250.000.000"
    assert format_number(12.5, "id") == "12,5" and format_number(1234567, "id") == "1.234.567"
    assert format_number(12.5, "en") == "12.5"


@pytest.mark.django_db
def test_with_the_production_static_storage_the_pdf_still_gets_its_stylesheet(settings, tmp_path):
    # Production writes hashed names ("pdf.<hash>.css") that only the collected storage knows.
    plan = plan_with_programs(programs=3, activities=2, aspirations=2)
    with_finders = html_to_pdf(documents.plan_pdf(plan=plan, language="id").html)

    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    html = documents.plan_pdf(plan=plan, language="id").html
    assert re.search(r'href="/static/reports/pdf\.[0-9a-f]{12}\.css"', html)

    collected = html_to_pdf(html)
    assert collected.refused == ()
    assert collected.page_count == with_finders.page_count
