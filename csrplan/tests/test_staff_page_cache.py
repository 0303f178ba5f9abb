"""Whole staff pages are served from the cache (core/page_cache.py, `cached_staff_page`) while
nothing they may show has been written, and every write shows on the next request: a model saved,
a set-based update, a role change (the bell's notifications are a watched table too). A cached
page never carries one session's CSRF token or one user's view to another, a flash message is
never swallowed, and a page listing an upcoming FGD ends when the FGD starts."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import page_cache
from core.access import Role
from core.page_cache import CSRF_PLACEHOLDER, STAFF_VERSION_KEY
from core.versions import table_token, tokens_replaced_by
from fgd.models import Aspiration, FgdSession
from fgd.tests.factories import AspirationFactory
from fgd.tests.session_factories import FgdSessionFactory
from programs.models import AnnualPlan, StrategicPlan
from programs.tests.factories import AnnualPlanFactory, StrategicPlanFactory
from reports.models import ReportJob
from reports.tests.factories import ReportJobFactory
from reports.tests.factories import approved as approve
from stakeholders.models import Organization, Stakeholder
from stakeholders.services import stakeholder_erase
from stakeholders.tests.factories import OrganizationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _reads(queries: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql for sql in queries)


@dataclass(frozen=True)
class Page:
    """A cached page, a table it reads, and a write to that table which the page then shows."""

    url: Callable[[Any], str]  # of the row `make` returned
    table: str
    make: Callable[[], Any]
    write: Callable[[Any], Any]
    shown: str


def _set(model, **fields) -> Callable[[Any], Any]:
    """A set-based update of the row (no model signal: only the write watch sees it)."""
    return lambda row: model.objects.filter(pk=row.pk).update(**fields)


def _soon(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _listed(name: str, *args) -> Callable[[Any], str]:
    return lambda row: reverse(name, args=[getattr(row, arg) for arg in args])


def _own_page(row) -> str:
    return row.get_absolute_url()


ACCEPTED = Aspiration.Status.ACCEPTED


def _plan_with_an_unanswered_aspiration(title: str) -> AnnualPlan:
    AspirationFactory(status=ACCEPTED)
    return AnnualPlanFactory(title=title)


PAGES = {
    "aspirations": Page(
        _listed("aspirations:list"),
        "fgd_aspiration",
        lambda: AspirationFactory(title="Sumur bor Manggar"),
        _set(Aspiration, title="Sumur bor Manggar Baru"),
        "Sumur bor Manggar Baru",
    ),
    "aspiration": Page(
        _own_page,
        "fgd_aspiration",
        lambda: AspirationFactory(title="Sumur bor Teritip"),
        _set(Aspiration, title="Sumur bor Teritip Baru"),
        "Sumur bor Teritip Baru",
    ),
    "stakeholders": Page(
        _listed("stakeholders:list"),
        "stakeholders_stakeholder",
        lambda: StakeholderFactory(name="Pak Darto"),
        lambda _: StakeholderFactory(name="Bu Ratna Sari"),
        "Bu Ratna Sari",
    ),
    "stakeholder": Page(
        _own_page,
        "stakeholders_stakeholder",
        lambda: StakeholderFactory(name="Pak Darto"),
        _set(Stakeholder, position="Lurah Manggar"),
        "Lurah Manggar",
    ),
    "stakeholder-map": Page(
        _listed("stakeholders:map"),
        "stakeholders_stakeholder",
        lambda: StakeholderFactory(name="Pak Darto"),
        lambda _: StakeholderFactory(name="Bu Ratna Peta"),
        "Bu Ratna Peta",
    ),
    "organisations": Page(
        _listed("stakeholders:organization_list"),
        "stakeholders_organization",
        lambda: OrganizationFactory(name="Koperasi Teluk"),
        _set(Organization, name="Koperasi Teluk Sejahtera"),
        "Koperasi Teluk Sejahtera",
    ),
    "fgd-sessions": Page(
        _listed("fgd:list"),
        "fgd_fgdsession",
        lambda: FgdSessionFactory(title="FGD Lamaru"),
        _set(FgdSession, title="FGD Lamaru Ulang"),
        "FGD Lamaru Ulang",
    ),
    "fgd-session": Page(
        _own_page,
        "fgd_fgdsession",
        lambda: FgdSessionFactory(title="FGD Batakan"),
        _set(FgdSession, title="FGD Batakan Ulang"),
        "FGD Batakan Ulang",
    ),
    "plans": Page(
        _listed("programs:list"),
        "programs_annualplan",
        lambda: AnnualPlanFactory(title="RKA 2031"),
        _set(AnnualPlan, title="RKA 2031 revisi"),
        "RKA 2031 revisi",
    ),
    "plan": Page(
        _own_page,
        "programs_annualplan",
        lambda: AnnualPlanFactory(title="RKA 2032"),
        _set(AnnualPlan, title="RKA 2032 revisi"),
        "RKA 2032 revisi",
    ),
    "traceability": Page(
        _listed("programs:traceability", "pk"),
        "fgd_aspiration",
        lambda: _plan_with_an_unanswered_aspiration("RKA 2033"),
        lambda _: AspirationFactory(title="Jalan usaha tani", status=ACCEPTED),
        "Jalan usaha tani",
    ),
    "renstra": Page(
        _listed("programs:renstra_list"),
        "programs_strategicplan",
        lambda: StrategicPlanFactory(name="Renstra 2030–2034"),
        _set(StrategicPlan, name="Renstra 2030–2034 (revisi)"),
        "Renstra 2030–2034 (revisi)",
    ),
    "monitoring": Page(
        _listed("monitoring:list"),
        "programs_annualplan",
        lambda: approve(AnnualPlanFactory(title="RKA 2034")),
        _set(AnnualPlan, title="RKA 2034 berjalan"),
        "RKA 2034 berjalan",
    ),
    "reports": Page(
        _listed("reports:list"),
        "reports_reportjob",
        lambda: ReportJobFactory(status=ReportJob.Status.RUNNING, progress=10),
        _set(ReportJob, progress=73),
        "73%",
    ),
    "dashboard": Page(
        _listed("home"),
        "fgd_fgdsession",
        lambda: FgdSessionFactory(title="FGD Sepinggan", starts_at=_soon(3)),
        lambda _: FgdSessionFactory(title="FGD Lamaru Raya", starts_at=_soon(4)),
        "FGD Lamaru Raya",
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_second_request_is_served_from_the_cache_and_a_write_shows_on_the_next(name, manager, client_for):
    page = PAGES[name]
    client = client_for(manager)
    row = page.make()
    url = page.url(row)
    first, first_queries = _get(client, url)
    assert _reads(first_queries, page.table)
    assert page.shown not in first
    _get(client, url)  # a first visit renders twice: the second learns what the first read

    cached, cached_queries = _get(client, url)
    assert not _reads(cached_queries, page.table), "the page was rendered again, not served from the cache"
    assert len(cached_queries) < len(first_queries)

    page.write(row)
    after, after_queries = _get(client, url)
    assert page.shown in after and _reads(after_queries, page.table)
    _get(client, url)  # a section that was cached may have read more tables when rendered again
    assert not _reads(_get(client, url)[1], page.table), "cached again after the write"


def test_a_cached_page_carries_the_requesting_sessions_csrf_token(officer, manager):
    AspirationFactory(title="Drainase Sepinggan")
    url = reverse("aspirations:list")
    first = Client(enforce_csrf_checks=True)
    first.force_login(officer)
    first.get(url)  # rendered and stored for this officer
    first.get(url)  # rendered again: it learns the values of what it read
    cached = first.get(url).content.decode()
    assert CSRF_PLACEHOLDER not in cached
    token = cached.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    # The token works for this session: the language switch posts it.
    switched = first.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302

    # Another session of the same user gets its own page and token, never the first one's.
    second = Client(enforce_csrf_checks=True)
    second.force_login(officer)
    other = second.get(url).content.decode()
    assert token not in other and CSRF_PLACEHOLDER not in other


def test_users_and_roles_never_see_each_others_page(officer, viewer, client_for):
    StakeholderFactory(name="Pak Darto", phone="+6281234567001")
    url = reverse("stakeholders:list")
    officer_client = Client()
    officer_client.force_login(officer)
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert "7001" in _get(officer_client, url)[0]
    viewer_page, _ = _get(viewer_client, url)
    assert "7001" not in viewer_page and "Pak Darto" in viewer_page
    # Demoted: the next request is the viewer's page (the group link is a write the cache watches).
    officer.groups.set([Group.objects.get(name=Role.VIEWER.group_name)])
    assert "7001" not in _get(officer_client, url)[0]


def test_a_flash_message_is_shown_once_and_not_cached(officer, client_for):
    AspirationFactory(title="Sumur bor Manggar")
    client = client_for(officer)
    url = reverse("aspirations:list")
    _get(client, url)
    _get(client, url)
    _get(client, url)  # now cached
    # A bulk action with nothing chosen is refused with a message, back on the (cached) queue.
    refused = client.post(reverse("aspirations:bulk"), {"action": "set_category", "next": url}, follow=True)
    assert refused.redirect_chain[-1][0] == url
    assert 'class="messages"' in refused.content.decode()
    again, _ = _get(client, url)
    assert 'class="messages"' not in again and "Sumur bor Manggar" in again


def test_languages_are_cached_apart(officer, client_for):
    client = client_for(officer)
    url = reverse("programs:list")
    assert 'lang="id"' in _get(client, url)[0]
    client.cookies["csrplan_language"] = "en"
    assert 'lang="en"' in _get(client, url)[0]
    client.cookies["csrplan_language"] = "id"
    assert 'lang="id"' in _get(client, url)[0]


def test_which_writes_replace_a_tables_token():
    assert table_token("fgd_aspiration") in tokens_replaced_by('UPDATE "fgd_aspiration" SET "title" = %s')
    assert table_token("auth_user_groups") in tokens_replaced_by('DELETE FROM "auth_user_groups" WHERE "user_id" = 1')
    assert STAFF_VERSION_KEY not in tokens_replaced_by('UPDATE "fgd_aspiration" SET "title" = %s')  # explicit only
    # Written by every request (the session's clock) or by login attempts: shown on no cached page.
    assert tokens_replaced_by('UPDATE "django_session" SET "session_data" = %s') == ()
    assert tokens_replaced_by('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)') == ()
    assert tokens_replaced_by('SELECT * FROM "fgd_aspiration"') == ()


def test_a_cache_that_is_down_costs_only_the_rendering(officer, client_for, monkeypatch):
    AspirationFactory(title="Air bersih Teritip")

    get_many, set_ = cache.get_many, cache.set

    def down_for_pages(keys, *args, **kwargs):
        if STAFF_VERSION_KEY in keys:
            raise ConnectionError("cache down")
        return get_many(keys, *args, **kwargs)

    def set_down_for_pages(key, *args, **kwargs):
        if key.startswith("csrplan:staff:"):
            raise ConnectionError("cache down")
        return set_(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", down_for_pages)
    monkeypatch.setattr(cache, "set", set_down_for_pages)
    html, _ = _get(client_for(officer), reverse("aspirations:list"))
    assert "Air bersih Teritip" in html and CSRF_PLACEHOLDER not in html


@pytest.mark.parametrize("url_name", ["fgd:list", "home"])
def test_a_page_listing_an_upcoming_fgd_is_served_only_until_it_starts(url_name, officer, client_for, monkeypatch):
    starts_at = timezone.now() + dt.timedelta(hours=1)
    FgdSessionFactory(title="FGD Teritip", starts_at=starts_at)
    client = client_for(officer)
    url = reverse(url_name)
    _get(client, url)
    _get(client, url)
    assert not _reads(_get(client, url)[1], "fgd_fgdsession")  # cached

    later = starts_at.timestamp() + 60
    monkeypatch.setattr(page_cache, "_clock", lambda: later)
    assert _reads(_get(client, url)[1], "fgd_fgdsession"), "served after the FGD started"


def _stored_values() -> list[bytes]:
    """Every value in the cache, as stored (pickled): what a dump of the cache would show."""
    from django.core.cache import caches

    backend = caches["default"]
    if hasattr(backend, "delete_matching"):  # Redis (CI, production)
        client = backend._cache.get_client()
        return [client.get(key) or b"" for key in client.scan_iter(match="*")]
    return list(backend._cache.values())  # locmem


def test_an_erasure_deletes_the_cached_pages_that_print_the_person(
    manager, client_for, django_capture_on_commit_callbacks
):
    person = StakeholderFactory(name="Bu Sumiati Erasure")
    client = client_for(manager)
    for url in (reverse("stakeholders:list"), person.get_absolute_url()):
        client.get(url)
    assert any(b"Sumiati Erasure" in value for value in _stored_values())

    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_erase(stakeholder=person, by=manager)
    assert not any(b"Sumiati Erasure" in value for value in _stored_values())
    assert "Sumiati Erasure" not in client.get(reverse("stakeholders:list")).content.decode()


def test_a_response_with_headers_of_its_own_is_not_stored(officer, rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.http import HttpResponse

    calls = []

    @page_cache.cached_staff_page("test-own-headers")
    def view(request):
        calls.append(1)
        response = HttpResponse("<p>Rahasia</p>")
        response["X-Robots-Tag"] = "noindex"  # would be lost on a cached copy
        return response

    session = SessionStore()
    session.create()

    def request():  # the same user and session each time: the same key
        made = rf.get("/test-own-headers/")
        made.user = officer
        made.session = SessionStore(session.session_key)
        made._messages = FallbackStorage(made)
        return made

    assert view(request())["X-Robots-Tag"] == "noindex"
    assert view(request())["X-Robots-Tag"] == "noindex"
    assert len(calls) == 2


def test_a_write_to_a_table_a_page_does_not_read_leaves_it_cached(manager, client_for):
    ReportJobFactory(status=ReportJob.Status.DONE, progress=100)
    person = StakeholderFactory(name="Pak Darto")
    client = client_for(manager)
    url = reverse("reports:list")
    for _ in range(2):
        _get(client, url)
    Stakeholder.objects.filter(pk=person.pk).update(position="Lurah")  # the reports list shows no stakeholder
    assert not _reads(_get(client, url)[1], "reports_reportjob")
    ReportJobFactory(status=ReportJob.Status.QUEUED)
    assert _reads(_get(client, url)[1], "reports_reportjob")


def test_the_bell_shows_a_new_notification_on_the_next_request(manager, client_for):
    from notifications.services import notify_users

    client = client_for(manager)
    url = reverse("programs:list")
    for _ in range(2):
        _get(client, url)
    assert 'data-testid="bell"' in _get(client, url)[0]
    context = {"plan": "RKA 2031", "by": "Staf", "comment": "", "url": "/"}
    notify_users(users=[manager], template="programs/notices/plan_submitted", context=context, key="bell-test", url="/")
    html = _get(client, url)[0]
    bell = html.split('data-testid="bell"', 1)[1].split("</a>", 1)[0]
    assert ">1<" in bell
