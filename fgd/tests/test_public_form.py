"""The public form: no login, abuse protection, consent, kept input, tracking pages without personal data."""

import io
import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.access import Role
from fgd.models import Aspiration, FgdSession
from fgd.services import public as spam
from fgd.services.aspirations import aspiration_transition
from stakeholders.services import PRIVACY_NOTICE_VERSION

SUBMIT = "/aspirations/submit/"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def rendered_seconds_ago(seconds: float) -> str:
    return signing.dumps(time.time() - seconds, salt=spam.TIMESTAMP_SALT)


def post_data(**overrides) -> dict:
    data = {
        "title": "Air bersih untuk RT 12 Kelurahan Margasari",
        "description": "Sumur warga kering setiap kemarau; kami butuh tandon dan pipa.",
        "category": "",
        "pillar": "",
        "region": "",
        "location_detail": "RT 12, dekat masjid",
        "beneficiaries_count": "120",
        "beneficiaries_kind": "rumah tangga",
        "estimated_cost": "Rp 25.000.000",
        "submitter_name": "",
        "submitter_organization": "",
        "submitter_phone": "",
        "submitter_email": "",
        "rendered_at": rendered_seconds_ago(30),
        "website": "",
        "session": "",
    }
    data.update(overrides)
    return data


def test_the_form_needs_no_login_and_is_the_only_form_in_main(client, db):
    response = client.get(SUBMIT)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<form") == 1
    assert 'name="csrfmiddlewaretoken"' in main


def test_the_honeypot_is_hidden_by_css_and_not_reachable_by_keyboard(client, db):
    html = client.get(SUBMIT).content.decode()
    honeypot = html[html.index('class="hp-field"') : html.index('name="website"') + 200]
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert "aria-hidden" not in honeypot
    assert 'for="id_website"' in honeypot


def test_an_anonymous_submission_is_received_with_a_tracking_code(client, db):
    response = client.post(SUBMIT, post_data())
    assert response.status_code == 302 and response["Location"].startswith(reverse("aspirations:submitted"))
    aspiration = Aspiration.objects.get()
    assert aspiration.status == Aspiration.Status.RECEIVED
    assert aspiration.source == Aspiration.Source.PUBLIC_FORM
    assert aspiration.estimated_cost == 25_000_000
    assert aspiration.consent_given_at is None and aspiration.submitter_phone == ""
    assert list(aspiration.status_changes.values_list("to_status", flat=True)) == ["received"]
    thanks = client.get(response["Location"]).content.decode()
    assert aspiration.tracking_code in thanks
    assert reverse("aspirations:track_detail", args=[aspiration.tracking_code]) in thanks


def test_a_post_without_the_form_s_csrf_token_is_refused_and_nothing_stored(db):
    # What wapiti's CSRF check probes: a forged or missing token must never reach the view.
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(SUBMIT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert browser.post(SUBMIT, post_data()).status_code == 403
    assert browser.post(SUBMIT, post_data(csrfmiddlewaretoken="x" * 64)).status_code == 403
    assert not Aspiration.objects.exists()
    assert browser.post(SUBMIT, post_data(csrfmiddlewaretoken=token)).status_code == 302
    assert Aspiration.objects.count() == 1


def test_status_is_always_received_whatever_is_posted(client, db):
    client.post(SUBMIT, post_data(status="accepted", source="fgd"))
    assert Aspiration.objects.get().status == "received"


def test_contact_details_require_consent_and_keep_everything_typed(client, db):
    data = post_data(submitter_name="Siti Rahmawati", submitter_phone="0812 5555 1234", description="Tolong ya")
    response = client.post(SUBMIT, data)
    assert response.status_code == 200
    assert Aspiration.objects.count() == 0
    html = response.content.decode()
    assert 'id="id_consent_error"' in html and 'aria-describedby="id_consent_error"' in html
    for typed in ["Siti Rahmawati", "0812 5555 1234", "Tolong ya", "RT 12, dekat masjid", "Rp 25.000.000", "120"]:
        assert typed in html


def test_consent_time_and_notice_version_are_recorded(client, db):
    before = timezone.now()
    client.post(SUBMIT, post_data(submitter_name="Siti", submitter_email="siti@example.id", consent="on"))
    aspiration = Aspiration.objects.get()
    assert aspiration.consent_given_at >= before
    assert aspiration.consent_notice_version == PRIVACY_NOTICE_VERSION
    assert aspiration.submitter_email == "siti@example.id"


def test_a_missing_title_is_an_error_tied_to_the_field(client, db):
    response = client.post(SUBMIT, post_data(title=""))
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'id="id_title_error"' in html
    assert Aspiration.objects.count() == 0


def test_length_limits_are_enforced(client, db):
    response = client.post(SUBMIT, post_data(title="x" * 201, description="y" * 3001))
    assert Aspiration.objects.count() == 0
    assert "id_title_error" in response.content.decode() and "id_description_error" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"website": "http://cheap-pills.example"}, 400),
        ({"rendered_at": "just now"}, 400),
        ({"rendered_at": "forged"}, 400),
        ({"rendered_at": ""}, 400),
    ],
    ids=["honeypot", "too-fast", "forged-time", "no-time"],
)
def test_spam_is_refused_with_a_message_and_nothing_stored(client, db, overrides, status):
    if overrides.get("rendered_at") == "just now":
        overrides = {"rendered_at": rendered_seconds_ago(0.5)}
    response = client.post(SUBMIT, post_data(**overrides))
    assert response.status_code == status
    assert Aspiration.objects.count() == 0
    html = response.content.decode()
    assert 'data-testid="rejection"' in html
    assert "Air bersih untuk RT 12 Kelurahan Margasari" in html  # what was typed comes back


def test_over_the_rate_limit_nothing_is_stored(client, db, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for i in range(2):
        assert client.post(SUBMIT, post_data(title=f"Aspirasi {i} untuk kampung")).status_code == 302
    response = client.post(SUBMIT, post_data(title="Aspirasi ketiga"))
    assert response.status_code == 429
    assert Aspiration.objects.count() == 2
    assert "Aspirasi ketiga" in response.content.decode()
    # Another address is not affected.
    assert client.post(SUBMIT, post_data(), REMOTE_ADDR="10.9.8.7").status_code == 302


def test_the_session_code_from_the_qr_code_tags_the_session(client, db):
    session = FgdSession.objects.create(
        title="FGD Banua Patra", starts_at=timezone.now(), venue="Banua Patra", public_code="BP25QX"
    )
    page = client.get(SUBMIT, {"session": "bp25qx"}).content.decode()
    assert "FGD Banua Patra" in page and 'value="BP25QX"' in page
    client.post(SUBMIT, post_data(session="BP25QX"))
    assert Aspiration.objects.get().session == session


def test_a_real_png_is_stored_under_a_new_name(client, db):
    upload = io.BytesIO(PNG)
    upload.name = "foto kampung.png"
    client.post(SUBMIT, {**post_data(), "attachment": upload})
    aspiration = Aspiration.objects.get()
    assert aspiration.attachment.name.endswith(".png") and "kampung" not in aspiration.attachment.name


def test_a_renamed_exe_is_refused(client, db):
    upload = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    upload.name = "foto.png"
    response = client.post(SUBMIT, {**post_data(), "attachment": upload})
    assert Aspiration.objects.count() == 0
    assert "id_attachment_error" in response.content.decode()


def test_a_6_mb_file_is_refused(client, db):
    upload = io.BytesIO(PNG + b"\x00" * (6 * 1024 * 1024))
    upload.name = "besar.png"
    response = client.post(SUBMIT, {**post_data(), "attachment": upload})
    assert Aspiration.objects.count() == 0
    assert "id_attachment_error" in response.content.decode()


# --- Tracking ---------------------------------------------------------------------------------


@pytest.fixture
def tracked(client, db, officer):
    client.post(
        SUBMIT,
        post_data(
            submitter_name="Siti Rahmawati",
            submitter_organization="Kelompok Wanita Tani Melati",
            submitter_phone="081255551234",
            submitter_email="siti@example.id",
            consent="on",
        ),
    )
    aspiration = Aspiration.objects.get()
    aspiration_transition(
        aspiration=aspiration,
        to_status="under_review",
        by=officer,
        public_note="Tim CSR akan survei lokasi minggu depan.",
        private_note="Cek dulu dengan PDAM; kontak Pak Lurah.",
    )
    return aspiration


def test_the_track_page_shows_status_and_public_notes_but_no_personal_data(client, tracked, officer):
    html = client.get(f"/aspirations/track/{tracked.tracking_code}/").content.decode()
    assert "Tim CSR akan survei lokasi minggu depan." in html
    assert 'data-testid="public-status"' in html
    for secret in [
        "Siti",
        "Rahmawati",
        "Melati",
        "081255551234",
        "siti@example.id",
        "PDAM",
        officer.username,
        "Sumur warga kering",  # the description may hold personal details too
    ]:
        assert secret not in html


def test_typed_codes_are_normalised_and_redirected(client, tracked):
    raw = tracked.tracking_code.lower().replace("-", " ")
    response = client.get("/aspirations/track/", {"code": raw})
    assert response.status_code == 302
    assert response["Location"] == f"/aspirations/track/{tracked.tracking_code}/"


def test_an_unknown_code_says_so(client, db):
    response = client.get("/aspirations/track/", {"code": "ASP-2222-3333"})
    assert response.status_code == 404
    assert "ASP-2222-3333" in response.content.decode()
    assert client.get("/aspirations/track/ZZZZZZ/").status_code == 404


def test_guessing_codes_is_throttled(client, db):
    for _ in range(spam.TRACK_FAILURE_LIMIT):
        client.get("/aspirations/track/", {"code": "ASP-2222-3333"})
    assert client.get("/aspirations/track/", {"code": "ASP-2222-4444"}).status_code == 429


def test_a_public_forms_photo_reaches_staff_uncached(client, db, make_user):
    upload = io.BytesIO(PNG)
    upload.name = "foto kampung.png"
    client.post(SUBMIT, {**post_data(), "attachment": upload})
    aspiration = Aspiration.objects.get()
    client.force_login(make_user(Role.OFFICER))
    response = client.get(reverse("aspirations:attachment", args=[aspiration.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


def test_the_thank_you_page_needs_no_session_write_and_refuses_a_forged_receipt(client, db):
    from django.contrib.sessions.models import Session

    response = client.post(SUBMIT, post_data())
    aspiration = Aspiration.objects.get()
    assert Session.objects.count() == 0  # nothing to write after the commit
    assert aspiration.tracking_code in client.get(response["Location"]).content.decode()
    forged = f"{reverse('aspirations:submitted')}?receipt={aspiration.tracking_code}"
    assert client.get(forged)["Location"] == reverse("aspirations:submit")


class _UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_huge_post_is_refused_before_its_body_is_read(client, db):
    # CSRF middleware reads the body before any view: the refusal must come first.
    response = client.post(
        SUBMIT, post_data(), CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": _UnreadableBody()}
    )
    assert response.status_code == 413
    assert Aspiration.objects.count() == 0
    assert "5,0" in response.content.decode() or "5.0" in response.content.decode()


def test_a_large_post_from_an_address_over_its_limit_is_refused_unread(client, db, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    assert client.post(SUBMIT, post_data()).status_code == 302
    response = client.post(
        SUBMIT, post_data(title="Kedua"), CONTENT_LENGTH=str(3 * 1024 * 1024), **{"wsgi.input": _UnreadableBody()}
    )
    assert response.status_code == 429
    assert Aspiration.objects.count() == 1


def test_parallel_posts_cannot_overshoot_the_limit(db, settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.PUBLIC_FORM_RATE_LIMIT = 5
    with ThreadPoolExecutor(max_workers=8) as pool:
        granted = list(pool.map(lambda _: spam.take_slot("198.51.100.1"), range(8)))
    assert granted.count(True) == 5


def test_with_the_cache_down_the_form_and_the_tracking_page_still_answer(client, db):
    from django.test import override_settings

    nowhere = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    with override_settings(CACHES=nowhere):
        response = client.post(SUBMIT, post_data())
        assert response.status_code == 302
        code = Aspiration.objects.get().tracking_code
        assert client.get(reverse("aspirations:track_detail", args=[code])).status_code == 200
        assert client.get(reverse("aspirations:track"), {"code": "ASP-AAAA-AAAA"}).status_code == 404


# --- A whole room behind one address (issue 11, item 1) -----------------------------------------


def _session_on(day_offset: int = 0, code: str = "RM48QR") -> FgdSession:
    return FgdSession.objects.create(
        title="FGD Banua Patra",
        starts_at=timezone.now() + timezone.timedelta(days=day_offset),
        venue="Banua Patra",
        public_code=code,
    )


def test_a_room_tagged_with_its_session_on_its_day_has_the_session_s_allowance(client, db, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    settings.FGD_SESSION_DAILY_SUBMISSIONS = 4
    session = _session_on()
    url = f"{SUBMIT}?session={session.public_code}"
    for i in range(4):
        assert client.post(url, post_data(title=f"Aspirasi {i} dari ruangan", session="RM48QR")).status_code == 302
    # The session's allowance is used up: the fifth tagged post is refused, nothing stored.
    assert client.post(url, post_data(title="Kelima", session="RM48QR")).status_code == 429
    assert Aspiration.objects.filter(session=session).count() == 4
    # Untagged posts from the same address keep the address's own limit, untouched by the room.
    assert client.post(SUBMIT, post_data(title="Tanpa sesi 1")).status_code == 302
    assert client.post(SUBMIT, post_data(title="Tanpa sesi 2")).status_code == 302
    assert client.post(SUBMIT, post_data(title="Tanpa sesi 3")).status_code == 429


def test_a_tagged_post_still_meets_the_honeypot_and_the_minimum_time(client, db, settings):
    settings.PUBLIC_FORM_MIN_SECONDS = 3
    _session_on()
    assert client.post(SUBMIT, post_data(session="RM48QR", website="http://spam")).status_code == 400
    assert client.post(SUBMIT, post_data(session="RM48QR", rendered_at=rendered_seconds_ago(0.5))).status_code == 400
    assert Aspiration.objects.count() == 0


@pytest.mark.parametrize("day_offset", [-1, 1])
def test_a_stale_qr_code_falls_back_to_the_address_s_limit(client, db, settings, day_offset):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    session = _session_on(day_offset)
    for i in range(2):
        assert client.post(SUBMIT, post_data(title=f"Aspirasi {i} lama", session="RM48QR")).status_code == 302
    assert client.post(SUBMIT, post_data(title="Ketiga", session="RM48QR")).status_code == 429
    assert Aspiration.objects.filter(session=session).count() == 2


def test_the_session_day_is_the_day_in_wita(db, settings):
    from datetime import datetime
    from unittest import mock
    from zoneinfo import ZoneInfo

    wita = ZoneInfo("Asia/Makassar")
    session = FgdSession(starts_at=datetime(2026, 3, 10, 9, 0, tzinfo=wita))
    # 23:30 WITA on the day is 15:30 UTC the same day; 00:30 WITA the next day is still the 10th in UTC.
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 10, 23, 30, tzinfo=wita)):
        assert spam.session_day_is_today(session)
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 11, 0, 30, tzinfo=wita)):
        assert not spam.session_day_is_today(session)


def test_a_large_tagged_post_is_judged_by_the_query_string_before_its_body_is_read(client, db, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    settings.FGD_SESSION_DAILY_SUBMISSIONS = 1
    _session_on()
    assert client.post(SUBMIT, post_data()).status_code == 302  # the address's allowance is used
    # A large tagged post is not refused for the address's limit: the room still has its allowance.
    big = io.BytesIO(b"x" * 400 * 1024)
    big.name = "catatan.txt"
    tagged = client.post(
        f"{SUBMIT}?session=RM48QR", post_data(title="Foto dari ruangan", session="RM48QR", attachment=big)
    )
    assert tagged.status_code == 200  # read and answered by the form (the file is refused), not by the limit
    assert client.post(f"{SUBMIT}?session=RM48QR", post_data(session="RM48QR")).status_code in (200, 302)
    # Now the session's allowance is used too: a large tagged post is refused unread.
    refused = client.post(f"{SUBMIT}?session=RM48QR", post_data(session="RM48QR"), CONTENT_LENGTH=str(3 * 1024 * 1024))
    assert refused.status_code == 429


def test_parallel_tagged_posts_cannot_overshoot_the_session_s_allowance(db, settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.FGD_SESSION_DAILY_SUBMISSIONS = 5
    session = _session_on()
    with ThreadPoolExecutor(max_workers=8) as pool:
        granted = list(pool.map(lambda _: spam.take_slot("198.51.100.1", session=session), range(8)))
    assert granted.count(True) == 5


def test_the_tagged_form_posts_back_to_its_session(client, db):
    _session_on()
    page = client.get(SUBMIT, {"session": "RM48QR"}).content.decode()
    assert 'action="/aspirations/submit/?session=RM48QR"' in page
