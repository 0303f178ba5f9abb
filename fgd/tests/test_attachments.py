"""Attachments through the view: checked by content and size, stored privately, downloaded by staff only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.access import Role
from fgd.models import Attachment, FgdSession
from fgd.tests.session_factories import FgdSessionFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def session():
    return FgdSessionFactory(status=FgdSession.Status.HELD)


def _upload(client, session, name: str, content: bytes, content_type: str = "application/octet-stream"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("fgd:attachment_upload", args=[session.pk]), {"file": upload, "description": "Foto"})


def test_a_real_png_is_stored_privately_under_a_random_name(client_for, officer, session):
    response = _upload(client_for(officer), session, "foto kegiatan.png", _png(), "image/png")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.original_name == "foto kegiatan.png"
    assert attachment.uploaded_by == officer and attachment.size == len(_png())
    stored = Path(attachment.file.path)
    assert stored.is_file() and stored.suffix == ".png" and "foto" not in stored.name
    assert Path(settings.MEDIA_ROOT) in stored.parents
    assert not str(attachment.file.name).startswith("static")


def test_a_renamed_exe_is_refused_and_nothing_is_stored(client_for, officer, session):
    response = _upload(client_for(officer), session, "daftar_hadir.pdf", b"MZ\x90\x00\x03" + b"\x00" * 2000)
    assert response.status_code == 400
    assert "JPEG" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*")) if Path(settings.MEDIA_ROOT).exists() else True


def test_a_6_mb_file_is_refused(client_for, officer, session, settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    big = b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024)
    response = _upload(client_for(officer), session, "scan.pdf", big, "application/pdf")
    assert response.status_code == 400
    assert "6.0" in response.content.decode() or "6,0" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_limit_is_configurable(client_for, officer, session, settings):
    settings.UPLOAD_MAX_BYTES = len(_png()) - 1
    response = _upload(client_for(officer), session, "foto.png", _png(), "image/png")
    assert response.status_code == 400 and not Attachment.objects.exists()


@pytest.fixture
def attachment(client_for, officer, session):
    _upload(client_for(officer), session, "daftar hadir.png", _png(), "image/png")
    return Attachment.objects.get()


def test_staff_download_the_file_with_its_name(client, make_user, attachment):
    for role in [Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR]:
        client.force_login(make_user(role, username=f"dl-{role}"))
        response = client.get(reverse("fgd:attachment_download", args=[attachment.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == _png()
        assert response["Content-Type"] == "image/png"
        assert "daftar hadir.png" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]


def test_the_public_and_viewers_cannot_download(client, viewer, attachment):
    url = reverse("fgd:attachment_download", args=[attachment.pk])
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(viewer)
    assert client.get(url).status_code == 403


def test_there_is_no_public_url_for_the_file(client, attachment):
    assert client.get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_removing_an_attachment_deletes_the_file(client_for, officer, attachment, django_capture_on_commit_callbacks):
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(reverse("fgd:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.exists() and not path.exists()


def test_attachments_of_final_minutes_cannot_be_removed(client_for, officer, attachment):
    FgdSession.objects.filter(pk=attachment.session_id).update(status=FgdSession.Status.MINUTES_FINAL)
    response = client_for(officer).post(reverse("fgd:attachment_delete", args=[attachment.pk]), follow=True)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert "locked" in response.content.decode() or "terkunci" in response.content.decode()


def test_a_checked_file_downloads_with_its_detected_type_not_the_uploaders_extension(client_for, officer, session):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    _upload(client_for(officer), session, "notulen.html", pdf, "text/html")
    attachment = Attachment.objects.get()
    response = client_for(officer).get(reverse("fgd:attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="notulen.pdf"' in response["Content-Disposition"]
