import time

import pytest

from core.access import Role


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    # The rate limits live in the cache: a site without it is not healthy (issue 16, finding 4).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "ok", "cache": "error"}


@pytest.mark.django_db
def test_anonymous_visitors_see_the_public_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'href="/aspirations/submit/"' in response.content
    assert b'data-testid="main-nav"' in response.content


@pytest.mark.django_db
def test_staff_see_the_dashboard_with_navigation_for_their_role(client_for, viewer):
    response = client_for(viewer).get("/")
    assert response.status_code == 200
    for path in ["/stakeholders/", "/fgd/", "/aspirations/", "/plans/", "/reports/"]:
        assert f'href="{path}"'.encode() in response.content
    assert b'href="/admin/"' not in response.content


@pytest.mark.django_db
def test_administrators_get_a_link_to_the_admin_site(client_for, make_user):
    response = client_for(make_user(Role.ADMINISTRATOR)).get("/")
    assert b'href="/admin/"' in response.content


@pytest.mark.django_db
def test_language_is_switched_by_cookie_without_url_prefix(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Your voice shapes our CSR programs" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Suara Anda membentuk program CSR kami" in client.get("/").content.decode()


@pytest.mark.django_db
def test_indonesian_is_the_default_language(client):
    response = client.get("/")
    assert '<html lang="id">' in response.content.decode()
    assert "Kirim aspirasi" in response.content.decode()


@pytest.mark.django_db
def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "officer", "password": "test-password-123"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_behind_a_proxy_one_clients_failures_do_not_lock_the_account_for_others(client, officer, settings):
    # Every request arrives from the proxy's address; only X-Forwarded-For tells clients apart.
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "officer", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    attacker = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "test-password-123"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )
    assert attacker.status_code == 429

    owner = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "test-password-123"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert owner.status_code == 302 and owner["Location"] == "/"


def _session_clock(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.parametrize(
    ("signed_in_ago", "last_seen_ago", "still_in"),
    [
        (3600, 29 * 60, True),
        (3600, 31 * 60, False),  # idle for more than 30 minutes
        (12 * 3600 + 60, 60, False),  # busy, but signed in more than 12 hours ago
    ],
)
def test_staff_sessions_end_when_idle_or_too_old(client, officer, signed_in_ago, last_seen_ago, still_in):
    client.force_login(officer)
    assert client.get("/stakeholders/").status_code == 200
    _session_clock(client, signed_in_at=signed_in_ago, last_seen_at=last_seen_ago)
    response = client.get("/stakeholders/")
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert response["Location"].startswith("/accounts/login/")


def test_a_password_needs_twelve_characters(officer):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Kp8#mZq2!x", user=officer)  # 10 characters
    validate_password("Kp8#mZq2!xWv", user=officer)


@pytest.mark.parametrize("forged", ["not-an-address", "1.2.3.4.5", "", "'; DROP TABLE x; --"])
def test_a_forged_forwarded_header_is_not_a_crash(client, officer, settings, forged):
    settings.PROXY_COUNT = 1
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "wrong"}, HTTP_X_FORWARDED_FOR=forged
    )
    assert response.status_code == 200
