"""Fixtures shared by every app's tests: users per role, private media, a real browser."""

import asyncio
import email
import email.policy
import logging
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connections

from core.access import Role
from csrplan.celery import app

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(request, settings):
    """Users are made by the hundred; the production hasher costs about a second each here.

    Tests marked `production_hasher` (the real login journey) keep the configured hashers.
    """
    if request.node.get_closest_marker("production_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test client and browser comes from 127.0.0.1: an earlier test's submissions and
    look-ups must not count against this one's allowance in the shared cache (Redis in CI)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request in English leaves English active in the
    thread (Django does not switch back after a response), and a later test would read it."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_data_for_live_server(request):
    """Transactional tests start from an empty database: put the migrations' reference data back."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from core.reference import ensure_reference_data

        ensure_reference_data()


@pytest.fixture
def make_user(db, django_user_model):
    """make_user(Role.OFFICER) → a user holding that role (None: logged in, but no role)."""

    def make(role: Role | None, username: str | None = None, **fields):
        username = username or (role.value if role else "norole")
        user = django_user_model.objects.create_user(username=username, password=DEMO_PASSWORD, **fields)
        if role is not None:
            user.groups.add(Group.objects.get(name=role.group_name))
            if role == Role.ADMINISTRATOR:
                user.is_staff = user.is_superuser = True
                user.save()
        return user

    return make


@pytest.fixture
def viewer(make_user):
    return make_user(Role.VIEWER)


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def _close_worker_connections(**kwargs) -> None:
    # The worker thread's own connections: closed after each task so that the test database
    # can be dropped at the end (PostgreSQL refuses while a connection is open).
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db, monkeypatch):
    """A real Celery worker on the configured broker, in a thread of the test process.

    It reaches the same test database as the test and the live server, so tests that use it
    commit their data (transactional). CELERY_BROKER_URL points it at Redis in CI.
    """
    # The configured broker, whatever an earlier test left in the app's configuration.
    monkeypatch.setattr(app.conf, "broker_url", django_settings.CELERY_BROKER_URL)
    app.control.purge()  # messages left by earlier runs must not reach this test's worker
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=60) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


@pytest.fixture
def broker_down(monkeypatch):
    """The broker refuses connections: publishing a task fails (nothing listens on this port)."""
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield
    app.pool.force_close_all()


class _SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; `messages` are the parsed e-mails it received."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []
        # The client's (host, port) of each message: one value per SMTP connection.
        self.peers: list[tuple] = []
        self.controller = None
        # hold_after = n: after the n-th message the server keeps the sender waiting for its answer
        # (the message is received: a sender killed now may or may not have sent it) until release().
        self.hold_after: int | None = None
        self._released = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        # A mailbox that does not exist, as a real server answers it: the recipient is refused.
        if address.endswith("@refused.example.org"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.peers.append(tuple(session.peer))
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            while not self._released.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def release(self) -> None:
        self.hold_after = None
        self._released.set()

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.release()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _free_port(candidates=range(2525, 2536)) -> int:
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server, started; Django's e-mail goes to it through the real SMTP backend."""
    for attempt in range(5):
        server = _SmtpServer(_free_port())
        try:
            server.start()
        except OSError:  # another process (a parallel test run) took the port since it was probed
            if attempt == 4:
                raise
            continue
        break
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)  # in CI a missing browser must not turn every journey into a silent skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_page(page, live_server):
    """login_page(user) → the browser page, logged in through the real login form."""

    def login(user, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        # Wait for the page the form leads to: the login page itself is already "loaded".
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    return login
