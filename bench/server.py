"""Scratch databases and a real server (gunicorn) for the benchmark and the audits, on loopback only."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .http import Client

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@dataclass
class ScratchDatabase:
    url: str
    engine: str  # "sqlite" or "postgresql"
    label: str

    def drop(self) -> None:
        if self.engine == "sqlite":
            path = Path(urllib.parse.urlparse(self.url).path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            _pg_admin(self.url, f'DROP DATABASE IF EXISTS "{_pg_name(self.url)}" WITH (FORCE)')


def _pg_name(url: str) -> str:
    return urllib.parse.urlparse(url).path.lstrip("/")


def _pg_admin(url: str, sql: str) -> None:
    import psycopg2

    parts = urllib.parse.urlparse(url)
    conn = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def scratch_database(purpose: str) -> ScratchDatabase:
    """A fresh, empty database for `purpose` ("bench", "audit"), never the developer's own.

    PostgreSQL when DATABASE_URL points at it (a sibling database named <name>_<purpose>, or
    BENCH_DATABASE_URL / AUDIT_DATABASE_URL as given), else a SQLite file under var/<purpose>/.
    """
    explicit = os.environ.get(f"{purpose.upper()}_DATABASE_URL")
    base = explicit or os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://", "pgsql://")):
        if explicit:
            url = explicit
        else:
            parts = urllib.parse.urlparse(base)
            url = urllib.parse.urlunparse(parts._replace(path=f"/{_pg_name(base)}_{purpose}"))
        db = ScratchDatabase(url=url, engine="postgresql", label=f"PostgreSQL ({_pg_name(url)})")
        db.drop()
        _pg_admin(url, f'CREATE DATABASE "{_pg_name(url)}"')
        return db
    folder = ROOT / "var" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{purpose}.sqlite3"
    db = ScratchDatabase(url=f"sqlite:///{path}", engine="sqlite", label=f"SQLite ({path.relative_to(ROOT)})")
    db.drop()
    return db


def production_like_env(db: ScratchDatabase, purpose: str, **extra: str) -> dict[str, str]:
    """Settings as in production (DEBUG off, manifest static files) but plain HTTP on loopback."""
    var = ROOT / "var" / purpose
    env = {
        "DATABASE_URL": db.url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "CELERY_BROKER_DIR": str(var / "broker"),
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "60",
    }
    env.update(extra)
    return env


class Server:
    """gunicorn serving csrplan.wsgi with the current environment; stopped by its own pid."""

    def __init__(self, *, port: int, workers: int, log_path: Path, threads: int = 1) -> None:
        self.port, self.workers, self.threads, self.log_path = port, workers, threads, log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        gunicorn = shutil.which("gunicorn", path=str(VENV_BIN)) or "gunicorn"
        args = [
            gunicorn,
            "csrplan.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "--error-logfile",
            str(self.log_path),
        ]
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(args, cwd=ROOT, env=os.environ.copy(), stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                client = Client("127.0.0.1", self.port, timeout=5)
                client.get("/healthz/")
                client.close()
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on port {self.port} within 60 s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def client(self, **kw) -> Client:
        return Client("127.0.0.1", self.port, **kw)


def prepare_demo_site(*, demo_data: bool = True) -> None:
    """migrate, compilemessages, the demo users and data, collectstatic: in the current environment."""
    steps = [(["migrate", "--noinput"], {}), (["compilemessages"], {})]
    # seed_demo refuses to create its users (known password) with DEBUG off: they live in a scratch database.
    # DEMO=true installs the dev-only demo app (where seed_demo lives) for this one step.
    steps.append((["seed_demo"] if demo_data else ["seed_demo", "--no-data"], {"DEBUG": "true", "DEMO": "true"}))
    steps.append((["collectstatic", "--noinput"], {}))
    for args, extra in steps:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**os.environ, **extra},
            check=True,
            stdout=subprocess.DEVNULL,
        )
