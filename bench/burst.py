"""The public form under a burst: N concurrent clients posting distinct valid submissions.

Each client behaves like a phone: GET the form (CSRF token, signed timestamp), fill it, POST it,
follow the redirect to the page with the tracking code. Latencies are those of the POSTs.
The rate limit and the minimum fill-in time are lifted for the run by the environment
(PUBLIC_FORM_RATE_LIMIT, PUBLIC_FORM_MIN_SECONDS). Every title carries a run marker, so
"accepted responses = rows stored" is checked exactly afterwards.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

from .http import TRACKING_CODE, Client, Form, parse_forms

SUBMIT_PATH = "/aspirations/submit/"


def public_form(html: str) -> Form | None:
    """The issue says: the public form is the one form inside the page's <main>."""
    forms = [f for f in parse_forms(html) if f.in_main and f.method == "post"]
    return forms[0] if forms else None


def fill_public_form(form: Form, *, title: str, description: str) -> dict[str, str]:
    """A valid submission without contact data (so no consent needed); required fields get sensible values."""
    data = form.defaults()
    for f in form.fields:
        name = f.name.lower()
        if f.tag == "input" and f.type in ("submit", "button", "file", "hidden"):
            continue
        if name == "title" or name.endswith("-title"):
            data[f.name] = title
        elif name == "description" or name.endswith("-description"):
            data[f.name] = description
        elif f.required and not data.get(f.name):
            if f.tag == "select":
                choices = [v for v, _ in f.options if v]
                if choices:
                    data[f.name] = choices[0]
            elif f.type == "checkbox":
                data[f.name] = f.value or "on"
            elif f.type == "number":
                data[f.name] = "10"
            elif f.type == "email":
                data[f.name] = "warga@contoh.id"
            else:
                data[f.name] = "Warga Balikpapan"
    return data


@dataclass
class BurstResult:
    clients: int
    seconds: float
    marker: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    accepted: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_dict(self, stored: int | None) -> dict:
        lat = sorted(self.latencies)
        posts = len(lat)
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "posts": posts,
            "posts_per_s": round(posts / self.seconds, 1) if self.seconds else None,
            "median_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
            "p95_ms": round(lat[int(0.95 * (posts - 1))] * 1000, 1) if lat else None,
            "status_counts": {str(k): v for k, v in sorted(self.statuses.items())},
            "5xx": sum(v for k, v in self.statuses.items() if k >= 500),
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rows_stored": stored,
            "nothing_lost": stored == self.accepted if stored is not None else None,
            "client_errors": self.errors[:10],
        }


def run_burst(port: int, *, clients: int, duration: float, log=print) -> BurstResult:
    marker = f"BURST-{uuid.uuid4().hex[:8]}"
    result = BurstResult(clients=clients, seconds=duration, marker=marker)
    probe = Client("127.0.0.1", port)
    page = probe.get(SUBMIT_PATH)
    probe.close()
    if page.status != 200 or public_form(page.text) is None:
        raise LookupError(f"no public form at {SUBMIT_PATH} (HTTP {page.status})")
    barrier = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def worker(index: int) -> None:
        client = Client("127.0.0.1", port, timeout=60)
        barrier.wait()
        n = 0
        while time.monotonic() < deadline_box[0]:
            n += 1
            try:
                page = client.get(SUBMIT_PATH)
                form = public_form(page.text) if page.status == 200 else None
                if form is None:
                    with result.lock:
                        result.statuses[page.status] = result.statuses.get(page.status, 0) + 1
                    continue
                data = fill_public_form(
                    form,
                    title=f"{marker} c{index} n{n} Pelatihan pengolahan sabut kelapa",
                    description=f"Usulan {marker} nomor {n} dari klien {index}: pelatihan dan alat produksi.",
                )
                response = client.post(form.action or SUBMIT_PATH, list(data.items()), referer=SUBMIT_PATH)
            except OSError as exc:
                with result.lock:
                    result.errors.append(repr(exc))
                continue
            accepted = response.status == 200 and TRACKING_CODE.search(response.text) is not None
            if response.status in (302, 303) and response.location:
                # Like a phone: follow the redirect to the page that shows the tracking code.
                try:
                    thanks = client.get(response.location)
                    accepted = thanks.status == 200 and TRACKING_CODE.search(thanks.text) is not None
                except OSError as exc:
                    with result.lock:
                        result.errors.append(f"thanks page: {exc!r}")
            with result.lock:
                result.latencies.append(response.seconds)
                result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                if response.status < 500:
                    if accepted:
                        result.accepted += 1
                    else:
                        result.rejected += 1
        client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    deadline_box.append(time.monotonic() + duration)
    started = time.monotonic()
    barrier.wait()
    for t in threads:
        t.join(timeout=duration + 120)
    result.seconds = time.monotonic() - started
    log(f"  burst: {len(result.latencies)} posts in {result.seconds:.1f} s, statuses {result.statuses}")
    return result


def rows_stored(marker: str) -> int:
    from fgd.models import Aspiration

    return Aspiration.objects.filter(title__startswith=marker).count()
