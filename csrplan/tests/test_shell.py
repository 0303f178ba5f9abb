"""The staff shell: what every staff page pays before its own content (issue 15).

The session is read from the cache (core.sessions), the user and their role in one query
(core.access.RoleBackend). Neither may ever be stale: a session that ended, a role taken away,
an account switched off or a password changed apply on the very next request.
"""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from conftest import DEMO_PASSWORD
from core.access import Role
from core.page_cache import bump_staff_version

pytestmark = pytest.mark.django_db

STAFF_PAGE = "/monitoring/"  # viewer and up; its own content is one query
MANAGER_PAGE = "/stakeholders/new/"  # RoleRequired: officer and up


def _signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _cached(session_key: str) -> bool:
    return caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + session_key) is not None


def _with_cookie(session_key: str) -> Client:
    """Another browser presenting the same session cookie (as a copied cookie would)."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def test_a_staff_page_reads_session_user_and_role_with_one_query(viewer, client_for, django_assert_num_queries):
    client = client_for(viewer)
    client.get(STAFF_PAGE)  # the bell's count is cached by now
    bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
    # The user with their role, then the transaction around the page's own query.
    with django_assert_num_queries(4) as captured:
        assert client.get(STAFF_PAGE).status_code == 200
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "django_session" not in sql and sql.count("auth_user_groups") == 1


def test_a_session_is_answered_from_the_cache_and_logging_out_removes_the_cached_copy(officer):
    client = _signed_in(officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(STAFF_PAGE).status_code == 200
    assert _cached(key)
    assert client.post(reverse("logout")).status_code == 302
    assert not _cached(key)
    response = _with_cookie(key).get(STAFF_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_timed_out_session_no_longer_authenticates_with_its_old_cookie(officer):
    client = _signed_in(officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = client.session
    session["last_seen_at"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 60
    session.save()
    assert client.get(STAFF_PAGE).status_code == 302  # signed out by the idle timeout
    assert not _cached(key)
    assert _with_cookie(key).get(STAFF_PAGE).status_code == 302


def test_a_flushed_session_no_longer_authenticates(officer):
    client = _signed_in(officer)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(STAFF_PAGE).status_code == 200
    session = client.session
    session.flush()  # what logout and erasure do with a session
    assert not _cached(key)
    assert _with_cookie(key).get(STAFF_PAGE).status_code == 302


def test_a_role_taken_away_applies_on_the_next_request(officer):
    client = _signed_in(officer)
    assert client.get(MANAGER_PAGE).status_code == 200
    officer.groups.remove(Group.objects.get(name=Role.OFFICER.group_name))
    officer.groups.add(Group.objects.get(name=Role.VIEWER.group_name))
    assert client.get(MANAGER_PAGE).status_code == 403
    assert client.get(STAFF_PAGE).status_code == 200
    officer.groups.clear()
    assert client.get(STAFF_PAGE).status_code == 403


def test_the_highest_of_several_roles_counts(make_user):
    user = make_user(Role.VIEWER, "two-roles")
    user.groups.add(Group.objects.get(name=Role.MANAGER.group_name))
    html = _signed_in(user).get(STAFF_PAGE).content.decode()
    assert f"· {Role.MANAGER.label}" in html


def test_an_account_switched_off_or_a_changed_password_ends_its_sessions_on_the_next_request(officer, make_user):
    client = _signed_in(officer)
    assert client.get(STAFF_PAGE).status_code == 200
    officer.is_active = False
    officer.save()
    assert client.get(STAFF_PAGE).status_code == 302

    viewer = make_user(Role.VIEWER)
    client = _signed_in(viewer)
    assert client.get(STAFF_PAGE).status_code == 200
    viewer.set_password("another-password-456")
    viewer.save()
    assert client.get(STAFF_PAGE).status_code == 302


def test_a_deleted_account_is_signed_out(officer):
    client = _signed_in(officer)
    assert client.get(STAFF_PAGE).status_code == 200
    officer.delete()
    assert client.get(STAFF_PAGE).status_code == 302


def test_with_the_cache_down_staff_sign_in_and_see_their_pages(officer):
    nowhere = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=nowhere):
        client = _signed_in(officer)
        assert client.get(STAFF_PAGE).status_code == 200


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_navbar_and_footer_links_are_the_reversed_urls_in_both_languages(viewer, client_for, language):
    from django.urls import reverse

    from core.context_processors import NAVIGATION
    from core.templatetags.csrplan import fixed_url

    client = client_for(viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(STAFF_PAGE).content.decode()
    names = ["home", "notifications:inbox", "password_change", "logout", "set_language"]
    names += ["aspirations:submit", "aspirations:track"] + [name for _label, name, _role in NAVIGATION]
    for name in names:
        assert fixed_url(name) == reverse(name)
        assert f'="{reverse(name)}"' in html, name
    assert 'aria-current="page">' in html and f'<html lang="{language}">' in html
