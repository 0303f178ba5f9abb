"""The production-like stack of `make parity` and `make chaos`, on loopback and on its own ports.

PostgreSQL (a scratch database), two Redis servers of its own (the broker, and the cache, so
either can be stopped alone), gunicorn with DEBUG off and the collected (hashed) static files in
a temporary STATIC_ROOT, and a real `celery worker`. Every process is started here and stopped
here by its own pid; nothing else on the machine is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, suppress
from pathlib import Path

from .server import ROOT, VENV_BIN, Server, prepare_demo_site, production_like_env, scratch_database

DEMO_PASSWORD = "csrplan-demo-parity"  # noqa: S105 (a scratch database on loopback only)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen | None, *, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Redis:
    """A redis-server of our own (no persistence), which chaos may stop and start again."""

    def __init__(self, *, port: int, log_path: Path) -> None:
        self.port, self.log_path = port, log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--logfile", str(self.log_path), "--daemonize", "no"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}; see {self.log_path}")

    def stop(self) -> None:
        _stop(self.process, timeout=10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Worker:
    """`celery -A csrplan worker` (prefork) with the current environment, logging to a file."""

    def __init__(self, *, log_path: Path, concurrency: int = 1, name: str = "w1", beat: bool = False) -> None:
        self.log_path, self.concurrency, self.name, self.beat = log_path, concurrency, name, beat
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        celery = shutil.which("celery", path=str(VENV_BIN)) or "celery"
        args = [celery, "-A", "csrplan", "worker", "--concurrency", str(self.concurrency), "--loglevel", "INFO"]
        args += ["--hostname", f"{self.name}@%h", "--without-gossip", "--without-mingle"]
        args += ["--logfile", str(self.log_path)]
        if self.beat:  # production runs beat (the job and message sweeps): one per deployment
            args += ["--beat", "--schedule", str(self.log_path.with_name("celerybeat-schedule"))]
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited with {self.process.returncode}; see {self.log_path}")
            if self.log_path.exists() and " ready." in self.log_path.read_text(errors="replace"):
                return self
            time.sleep(0.3)
        raise RuntimeError(f"celery worker not ready within 60 s; see {self.log_path}")

    def children(self) -> list[int]:
        """The pool's processes (the ones that run tasks)."""
        if self.process is None:
            return []
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def stop(self, *, sig: int = signal.SIGTERM) -> None:
        children = self.children()
        _stop(self.process, sig=sig, timeout=20)
        for pid in children:  # SIGKILL of the parent leaves its pool orphaned: end them too
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Stack:
    """Database, broker, cache, collected static files, gunicorn and one worker: a context manager."""

    def __init__(
        self, purpose: str, *, web_workers: int = 2, worker_concurrency: int = 1, beat: bool = False, **extra_env: str
    ) -> None:
        self.purpose, self.beat = purpose, beat
        self.out = ROOT / "var" / purpose
        self.web_workers, self.worker_concurrency, self.extra_env = web_workers, worker_concurrency, extra_env
        self._exit = ExitStack()
        self._saved_env = dict(os.environ)

    def __enter__(self) -> Stack:
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for old in self.out.glob("*.log"):
            old.unlink()
        self.static_root = Path(tempfile.mkdtemp(prefix=f"csrplan-{self.purpose}-static-"))
        self._exit.callback(shutil.rmtree, self.static_root, ignore_errors=True)
        self.broker = Redis(port=free_port(), log_path=self.out / "redis-broker.log").start()
        self._exit.callback(self.broker.stop)
        self.cache = Redis(port=free_port(), log_path=self.out / "redis-cache.log").start()
        self._exit.callback(self.cache.stop)
        self.db = scratch_database(self.purpose)
        self._exit.callback(self.db.drop)
        self.port = free_port()
        self.env = production_like_env(
            self.db,
            self.purpose,
            STATIC_ROOT=str(self.static_root),
            CELERY_BROKER_URL=self.broker.url,
            CACHE_URL=self.cache.url,
            DEMO_PASSWORD=DEMO_PASSWORD,
            LOG_LEVEL="WARNING",
            **self.extra_env,
        )
        os.environ.update(self.env)
        started = time.perf_counter()
        prepare_demo_site()
        self.prepare_seconds = round(time.perf_counter() - started, 1)
        self.server = Server(port=self.port, workers=self.web_workers, log_path=self.out / "gunicorn.log")
        self._exit.enter_context(self.server)
        self.worker = Worker(
            log_path=self.out / "worker.log", concurrency=self.worker_concurrency, beat=self.beat
        ).start()
        self._exit.callback(lambda: self.worker.stop())

    def __exit__(self, *exc) -> None:
        try:
            self._exit.close()
        finally:
            os.environ.clear()
            os.environ.update(self._saved_env)

    def client(self, **kw):
        return self.server.client(**kw)


def setup_django(**env: str) -> None:
    """Django in this process (reads of the scratch database, in-process renders) with `env` on top.

    The settings are read once, here; the environment is restored afterwards, so processes
    started later (a restarted worker) still get the stack's own settings.
    """
    saved = dict(os.environ)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django
        from django.conf import settings

        django.setup()
        settings.DEBUG  # noqa: B018 (forces the settings module to load now)
    finally:
        os.environ.clear()
        os.environ.update(saved)
