"""Pages at scale: queries per request and latency of the staff pages, through gunicorn."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from core.page_cache import bump_staff_version

from .http import Client

# Paths other tools rely on (the issues' "Names and paths"), with {ids} filled from the data.
FIXED_PAGES = [
    ("dashboard", "/"),
    ("stakeholder map", "/stakeholders/map/"),
    ("plan page (60 programs)", "/plans/{plan}/"),
    ("plan traceability", "/plans/{plan}/traceability/"),
    ("FGD session page", "/fgd/{session}/"),
    ("aspiration detail", "/aspirations/{aspiration}/"),
    # The detail page loads its similar aspirations afterwards (htmx): measured apart, so the
    # fuzzy search over every aspiration stays in the table.
    ("aspiration detail: similar", "/aspirations/{aspiration}/similar/"),
    ("stakeholder detail", "/stakeholders/{stakeholder}/"),
]
# The staff pages issue 15 sets a share of the ceiling for: measured a second time "after a write".
ISSUE_15_STAFF_PAGES = (
    "dashboard",
    "plan page (60 programs)",
    "plan traceability",
    "list stakeholders:list",
    "list stakeholders:organization_list",
    "list fgd:list",
    "list aspirations:list",
    "list programs:list",
    "list reports:list",
)
# URL names that are not list pages although they take no arguments.
NOT_LISTS = (
    "create",
    "new",
    "add",
    "edit",
    "import",
    "export",
    "download",
    "generate",
    "template",
    "logout",
    "login",
    "password",
    "set_language",
    "submit",
    "track",
    "bulk",
    "healthz",
    "map",
    "home",
    "read_all",  # POST-only actions (a GET answers 405: the audit test asserts every listed page is 200)
    "mark_read",
)


def _walk(resolver: URLResolver, namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            full = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from _walk(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def staff_list_pages() -> list[tuple[str, str]]:
    """Every staff page without URL arguments that is not a form or an action: the list pages."""
    from django.urls import reverse

    pages = []
    for name, entry in _walk(get_resolver()):
        if name.startswith("admin:") or getattr(entry.pattern, "converters", None) or entry.pattern.regex.groupindex:
            continue
        callback = entry.callback
        access = getattr(callback, "access", None) or getattr(getattr(callback, "view_class", None), "access", None)
        if access is None or access.public:
            continue
        if any(word in name.lower() for word in NOT_LISTS):
            continue
        pages.append((f"list {name}", reverse(name)))
    return pages


def page_ids() -> dict[str, int | None]:
    from fgd.models import Aspiration, FgdSession
    from programs.models import AnnualPlan
    from stakeholders.models import Stakeholder

    plan = AnnualPlan.objects.order_by("-year", "-version").first()

    def richest(model, **with_relations) -> int | None:
        # The richest object of its kind when there is one (with invitations, programs, …), else any.
        pks = model.objects.order_by("pk").values_list("pk", flat=True)
        return pks.filter(**with_relations).first() or pks.first()

    return {
        "plan": plan.pk if plan else None,
        "session": richest(FgdSession, invitations__isnull=False),
        "aspiration": richest(Aspiration, programs__isnull=False),
        "stakeholder": richest(Stakeholder, fgd_invitations__isnull=False),
    }


def all_pages() -> list[tuple[str, str]]:
    ids = page_ids()
    pages = [(label, path.format(**ids)) for label, path in FIXED_PAGES]
    seen = {path for _, path in pages}
    return pages + [(label, path) for label, path in staff_list_pages() if path not in seen]


def public_pages() -> list[tuple[str, str]]:
    """The pages anyone reaches without an account (measured without a session)."""
    from fgd.models import Aspiration

    code = Aspiration.objects.filter(programs__isnull=False).values_list("tracking_code", flat=True).first()
    code = code or Aspiration.objects.values_list("tracking_code", flat=True).first()
    pages = [
        ("public landing", "/"),
        ("public form", "/aspirations/submit/"),
        ("public tracking page", f"/aspirations/track/{code}/"),
        ("public approved plan", "/public/plan/"),
    ]
    session = public_session_code()
    if session:
        pages.append(("public 'you said, we did'", f"/public/fgd/{session}/"))
    return pages


def public_session_code() -> str | None:
    """The FGD with final minutes and the most aspirations: its "you said, we did" page is public."""
    from django.db.models import Count

    from fgd.models import FgdSession

    return (
        FgdSession.objects.filter(status=FgdSession.Status.MINUTES_FINAL)
        .annotate(n=Count("aspirations"))
        .order_by("-n", "pk")
        .values_list("public_code", flat=True)
        .first()
    )


@dataclass
class PageFigure:
    label: str
    path: str
    status: str  # "ok", or why it was not measured
    queries: list[int]
    seconds: list[float]
    bytes: int = 0

    @property
    def median_ms(self) -> float | None:
        return round(statistics.median(self.seconds) * 1000, 1) if self.seconds else None

    @property
    def p95_ms(self) -> float | None:
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000, 1)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "path": self.path,
            "status": self.status,
            "samples": len(self.seconds),
            "queries": sorted(set(self.queries)),
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "bytes": self.bytes,
        }


SLOW_S = 10.0  # a page this slow is sampled only a few times (the run must stay bounded)


def measure_page(
    client: Client, label: str, path: str, *, samples: int, budget_s: float, warmup: int = 1
) -> PageFigure:
    if "None" in path:
        raise LookupError(f"{label}: the generated data has no object for {path}")
    try:
        first = client.get(path)
    except OSError as exc:  # the client's timeout: the page is too slow to measure at all
        client.reconnect()
        return PageFigure(label, path, f"no answer within {client.timeout:.0f} s ({type(exc).__name__})", [], [])
    if first.status != 200:
        # A renamed or broken page must fail the run loudly, not become a quiet "not available".
        raise LookupError(f"{label}: {path} answered HTTP {first.status}")
    figure = PageFigure(label, path, "ok", [], [], len(first.body))
    if first.seconds > SLOW_S:
        # Slow enough to tell from one sample: the run must stay bounded.
        samples, warmup = 0, 0
        figure.seconds.append(first.seconds)
        figure.queries.extend([first.queries] if first.queries is not None else [])
    # Warm-up: every gunicorn worker has compiled its templates and opened its connection.
    for _ in range(warmup):
        client.get(path)
    started = time.monotonic()
    for n in range(samples):
        # Each sample renders the page, as the first request after a write does: the whole-page
        # cache (core/page_cache.py) would otherwise make every page a constant cache read, and
        # this table is about how the pages' own work grows with the data.
        bump_staff_version()
        try:
            response = client.get(path)
        except OSError as exc:
            client.reconnect()
            figure.status = f"no answer within {client.timeout:.0f} s during measurement ({type(exc).__name__})"
            break
        if response.status != 200:
            figure.status = f"HTTP {response.status} during measurement"
            break
        figure.seconds.append(response.seconds)
        if response.queries is not None:
            figure.queries.append(response.queries)
        # Bounded: a slow page gets at least 5 samples, then the time budget decides.
        if n >= 4 and time.monotonic() - started > budget_s:
            break
    return figure


def measure_pages(
    client: Client, pages, *, samples: int, budget_s: float, warmup: int = 1, log=print
) -> list[PageFigure]:
    figures = []
    for label, path in pages:
        figure = measure_page(client, label, path, samples=samples, budget_s=budget_s, warmup=warmup)
        log(
            f"  {label:<34} {path:<28} {figure.status if figure.status != 'ok' else ''}"
            f"{'' if figure.status != 'ok' else f'q={sorted(set(figure.queries))} median={figure.median_ms} ms'}"
        )
        figures.append(figure)
    return figures
