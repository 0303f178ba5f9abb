"""Walks every URL in the URL conf with every kind of user and checks the guard.

Each view declares who may reach it (core.access). Anonymous users are sent to the login
page, users below the declared role get 403, everyone else gets a non-error answer. A view
that declares nothing fails here, so a new view cannot forget its guard.
"""

import uuid

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.access import Access, Role

SAMPLE_VALUES = {
    "int": "999999",
    "str": "ZZZZZZ",
    "slug": "zzz",
    "uuid": str(uuid.UUID(int=0)),
    "path": "zzz",
}
USERS = [None, *Role]  # None: logged in without any role


def _walk(resolver: URLResolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            full_ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from _walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _declared_access(callback) -> Access | None:
    return getattr(callback, "access", None) or getattr(getattr(callback, "view_class", None), "access", None)


def _sample_url(name: str, entry: URLPattern) -> str:
    converters = getattr(entry.pattern, "converters", {})
    kwargs = {
        key: SAMPLE_VALUES.get(type(conv).__name__.replace("Converter", "").lower(), "zzz")
        for key, conv in converters.items()
    }
    for key in entry.pattern.regex.groupindex:
        kwargs.setdefault(key, "1")
    return reverse(name, kwargs=kwargs)


APP_URLS = [(name, entry) for name, entry in _walk(get_resolver()) if not name.startswith("admin:")]


def test_every_view_declares_who_may_reach_it():
    undeclared = [name for name, entry in APP_URLS if _declared_access(entry.callback) is None]
    assert undeclared == [], f"views without role_required/public_view: {undeclared}"


def test_the_walk_covers_the_stable_paths():
    paths = {_sample_url(name, entry) for name, entry in APP_URLS}
    for stable in [
        "/",
        "/accounts/login/",
        "/healthz/",
        "/stakeholders/",
        "/fgd/",
        "/aspirations/",
        "/aspirations/submit/",
        "/aspirations/track/",
        "/plans/",
        "/reports/",
    ]:
        assert stable in paths


def _expected_ok(response, login_url="/accounts/login/") -> bool:
    redirected_to_login = response.status_code == 302 and response["Location"].startswith(login_url)
    return response.status_code < 500 and response.status_code != 403 and not redirected_to_login


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), APP_URLS, ids=[name for name, _ in APP_URLS])
def test_url_answers_each_role_as_declared(name, entry, client, make_user):
    access = _declared_access(entry.callback)
    assert access is not None, f"{name} declares no access rule"
    url = _sample_url(name, entry)
    if access.public:
        response = client.get(url)
        assert _expected_ok(response), f"public {url} answered {response.status_code} to an anonymous visitor"
        return

    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (
        f"{url} must send anonymous visitors to the login page, answered {response.status_code}"
    )
    for role in USERS:
        client.force_login(make_user(role, username=f"user-{role or 'none'}"))
        response = client.get(url)
        allowed = role is not None and role.level >= access.minimum.level
        if allowed:
            assert _expected_ok(response), f"{url} as {role}: {response.status_code}, expected access"
        else:
            assert response.status_code == 403, f"{url} as {role}: {response.status_code}, expected 403"
        client.logout()


ADMIN_URLS = ["/admin/"] + [
    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_site_is_for_administrators_only(url, client, make_user):
    assert client.get(url).status_code == 302
    for role in [None, Role.VIEWER, Role.OFFICER, Role.MANAGER]:
        client.force_login(make_user(role, username=f"user-{role or 'none'}"))
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (url, role)
        client.logout()
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(url).status_code == 200


HOSTILE_QUERY = {
    name: value
    for name in ("q", "page", "session", "title", "exclude", "aspiration", "kind", "status", "type", "format", "fmt")
    for value in ("1\x00",)
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), APP_URLS, ids=[name for name, _ in APP_URLS])
def test_nul_bytes_in_parameters_are_a_bad_request_not_a_crash(name, entry, client, make_user):
    url = _sample_url(name, entry)
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(url, HOSTILE_QUERY).status_code == 400
    client.logout()
    assert client.get(url, HOSTILE_QUERY).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/aspirations/submit/?session=abc",
        "/aspirations/submit/?session=99999999999999999999999",
        "/aspirations/new/?session=abc",
        "/aspirations/new/?session=²",
        "/plans/1/programs/new/?aspiration=²",
        "/aspirations/similar/?title=air&exclude=abc",
        "/aspirations/?page=abc",
        "/stakeholders/?page=-1",
        "/fgd/s/%00/",
        "/fgd/s/" + "z" * 300 + "/",
    ],
)
def test_non_numbers_and_nul_in_the_path_are_answered_without_a_crash(url, client, make_user):
    assert client.get(url).status_code < 500
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(url).status_code < 500
