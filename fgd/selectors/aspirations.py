"""Reads of aspirations: the triage queue with its priority score, similar items, the public status."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.csrplan import choice_label
from fgd.models import (
    PRIORITY_CRITERIA,
    Aspiration,
    AspirationMerge,
    AspirationStatusChange,
    BulkTransitionJob,
    FgdSession,
)
from stakeholders.selectors import within_region, within_ring

Status = Aspiration.Status
# Statuses staff have acted on: only these may ever be hinted at to the public.
PUBLICLY_PLANNED = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE)
PUBLICLY_VISIBLE_STATUSES = (Status.ACCEPTED, Status.PLANNED, Status.IN_PROGRESS, Status.DONE)


def _weights() -> dict[str, int]:
    return {name: int(settings.PRIORITY_WEIGHTS.get(key, 0)) for name, key in PRIORITY_CRITERIA.items()}


def _weighted_sum():
    # Any NULL criterion makes the sum NULL: unscored aspirations have no score.
    return sum((F(name) * Value(weight) for name, weight in _weights().items()), Value(0))


def priority_score_expression() -> ExpressionWrapper:
    """The weighted mean of the five criteria on a 0–100 scale; NULL until all five are scored."""
    total = sum(_weights().values()) or 1
    return ExpressionWrapper(_weighted_sum() * Value(100.0) / Value(5.0 * total), output_field=FloatField())


def priority_rank_expression() -> ExpressionWrapper:
    """The weighted sum in whole numbers: orders like the score, and the queue sorts by it.

    Integer arithmetic over the criteria index is several times cheaper than the score's decimals
    when 100,000 aspirations are ranked for one page.
    """
    return ExpressionWrapper(_weighted_sum(), output_field=IntegerField())


def _supporters_subquery() -> Coalesce:
    duplicates = (
        Aspiration.objects.filter(merged_into=OuterRef("pk"))
        .order_by()
        .values("merged_into")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The aspiration itself plus every duplicate merged into it.
    return Coalesce(Subquery(duplicates, output_field=IntegerField()), Value(0)) + Value(1)  # type: ignore[return-value]


# programs.AnnualPlan.Status.APPROVED (programs sits above fgd, so its value is named here): only an
# approved plan makes an aspiration "planned" and names its programs publicly.
APPROVED_PLAN = "approved"


def _programs_publicly_planning():
    """Programs of the newest approved version of their plan: what the public reads as "planned in"."""
    program_model = Aspiration.programs.field.model
    return (
        program_model._default_manager.filter(plan__status=APPROVED_PLAN)
        .exclude(plan__revisions__status=APPROVED_PLAN)
        .order_by("code", "name")
    )


def in_draft_program_expression() -> Exists:
    """True when a program of a plan not yet approved is linked (staff see "linked to a draft program")."""
    links = Aspiration.programs.through.objects.filter(aspiration_id=OuterRef("pk"))
    return Exists(links.exclude(program__plan__status=APPROVED_PLAN))


def aspiration_queryset() -> QuerySet[Aspiration]:
    return (
        Aspiration.objects.select_related("category", "region__parent", "session", "merged_into")
        .annotate(
            priority_score=priority_score_expression(),
            supporters=_supporters_subquery(),
            in_draft_program=in_draft_program_expression(),
        )
        .order_by()
    )


@dataclass
class AspirationFilters:
    status: str = ""
    category: int | None = None
    pillar: str = ""
    region: int | None = None
    ring: int | None = None
    source: str = ""
    session: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = "-priority"


OPEN_STATUSES = (Status.RECEIVED, Status.UNDER_REVIEW)
SORTS = {
    "-priority": [F("priority_rank").desc(nulls_last=True), F("created_at").desc()],
    "priority": [F("priority_rank").asc(nulls_last=True), F("created_at").desc()],
    "-created": [F("created_at").desc()],
    "created": [F("created_at").asc()],
    "-supporters": [F("supporters").desc(), F("created_at").desc()],
    "title": [F("title").asc()],
}


def _filtered(qs: QuerySet[Aspiration], filters: AspirationFilters) -> QuerySet[Aspiration]:
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.pillar:
        qs = qs.filter(pillar=filters.pillar)
    if filters.region:
        qs = qs.filter(within_region(filters.region))
    if filters.ring:
        qs = qs.filter(within_ring(filters.ring))
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.session:
        qs = qs.filter(session_id=filters.session)
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(tracking_code__icontains=filters.q.strip())
        )
    return qs


def aspiration_matching_ids(*, filters: AspirationFilters) -> list[int]:
    """The ids of every aspiration the queue's filters match (a bulk action "on all of them")."""
    return list(_filtered(Aspiration.objects.all(), filters).order_by("pk").values_list("pk", flat=True))


def bulk_job_get(*, pk: int) -> BulkTransitionJob:
    return BulkTransitionJob.objects.select_related("created_by").get(pk=pk)


def aspiration_list(*, filters: AspirationFilters) -> QuerySet[Aspiration]:
    """The triage queue, filtered and sorted; one query however many rows."""
    qs = _filtered(aspiration_queryset().annotate(priority_rank=priority_rank_expression()), filters)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["-priority"]))


# What each sort needs annotated besides the columns: the ids query builds only that one.
SORT_ANNOTATIONS: dict[str, Callable] = {
    "-priority": lambda: {"priority_rank": priority_rank_expression()},
    "priority": lambda: {"priority_rank": priority_rank_expression()},
    "-supporters": lambda: {"supporters": _supporters_subquery()},
}


def _page_ids(filters: AspirationFilters) -> QuerySet:
    """`aspiration_list`'s ids in its order, without the joins and annotations its rows show.

    The same SQL as `aspiration_list(...).values_list("pk")`; building (and counting) the full
    queryset only to drop its select_related and three annotations was a tenth of the queue's calls.
    """
    sort = filters.sort if filters.sort in SORTS else "-priority"
    annotations = SORT_ANNOTATIONS.get(sort, dict)()
    qs = _filtered(Aspiration.objects.annotate(**annotations), filters)
    return qs.order_by(*SORTS[sort]).values_list("pk", flat=True)


def aspiration_page(*, filters: AspirationFilters, number, per_page: int) -> Page:
    """One page of the triage queue (three queries: the count, the page's ids, their rows).

    The database sorts and pages bare ids, then loads only that page's rows: sorting whole rows,
    wide with their descriptions, spilled to disk at 100,000 aspirations; ids stay a small top-N sort.
    """
    page = Paginator(_page_ids(filters), per_page).get_page(number)
    ids = list(page.object_list)
    rows = {row.pk: row for row in aspiration_queue_rows(ids=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


class QueueRow(NamedTuple):
    """What one row of the triage queue shows (`{% aspiration_rows %}`), and nothing else."""

    pk: int
    tracking_code: str
    title: str
    status: str
    pillar: str
    source: str
    created_at: datetime
    category_name_id: str | None  # None: no category
    category_name_en: str | None
    merged_into_code: str | None  # None: not merged
    session_title: str | None  # None: not raised at an FGD
    region_name: str | None  # None: no region
    region_ring: int | None
    parent_ring: int | None
    priority_score: float | None
    supporters: int
    in_draft_program: bool


QUEUE_ROW_COLUMNS = (
    "pk", "tracking_code", "title", "status", "pillar", "source", "created_at",
    "category__name_id", "category__name_en", "merged_into__tracking_code", "session__title",
    "region__name", "region__ring", "region__parent__ring",
    "priority_score", "supporters", "in_draft_program",
)  # fmt: skip


def aspiration_queue_rows(*, ids: list[int]) -> list[QueueRow]:
    """The queue rows of these aspirations (any order): one query, the shown columns as tuples.

    Fifty model instances with five joined models were a quarter of the queue's calls on a request
    whose page cache missed (issue 15); the row shows 17 values, so only they are read.
    """
    if not ids:
        return []
    columns = (
        Aspiration.objects.filter(pk__in=ids)
        .annotate(
            priority_score=priority_score_expression(),
            supporters=_supporters_subquery(),
            in_draft_program=in_draft_program_expression(),
        )
        .order_by()
        .values_list(*QUEUE_ROW_COLUMNS)
    )
    return [QueueRow._make(values) for values in columns]


def aspiration_detail(*, pk: int) -> Aspiration:
    """One aspiration with its history, duplicates and programs (raises DoesNotExist)."""
    history = AspirationStatusChange.objects.select_related("changed_by").order_by("changed_at", "id")
    return (
        aspiration_queryset()
        .select_related("stakeholder", "organization", "created_by")
        .prefetch_related(
            Prefetch("status_changes", queryset=history),
            Prefetch("duplicates", queryset=Aspiration.objects.order_by("created_at")),
            Prefetch("programs", queryset=Aspiration.programs.field.model._default_manager.select_related("plan")),
        )
        .get(pk=pk)
    )


# --- Similar aspirations (duplicates) ---------------------------------------------------------

MIN_WORD_LENGTH = 4
# Words too common in aspirations to say two of them are alike.
STOP_WORDS = {
    "untuk", "dengan", "bantuan", "program", "kegiatan", "warga", "masyarakat", "kami", "yang", "dari",
    "pada", "agar", "dapat", "lebih", "with", "from", "that", "this", "support", "the", "and",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS}


def aspiration_similar(
    *, title: str, exclude_pk: int | None = None, limit: int = 5, public: bool = False
) -> list[Aspiration]:
    """Existing aspirations whose title resembles `title`, most similar first, each with `.similarity`.

    PostgreSQL: pg_trgm similarity, nearest first from the GiST trigram index. SQLite: shared words.
    `public=True` limits the candidates to what staff have already acted on (nothing else is public).
    """
    title = title.strip()[:200]
    if len(title) < MIN_WORD_LENGTH:
        return []
    qs = Aspiration.objects.exclude(status=Status.MERGED).select_related("category")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if public:
        qs = qs.filter(status__in=PUBLICLY_VISIBLE_STATUSES)
    if connection.vendor == "postgresql":
        return _similar_trigram(qs, title, limit)
    return _similar_words(qs, title, limit)


def _similar_trigram(qs: QuerySet, title: str, limit: int) -> list[Aspiration]:
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramDistance

    # Ordered by distance alone so the GiST index hands over the nearest rows first and the scan
    # stops at `limit`; `%` (TrigramSimilar) keeps the pg_trgm threshold.
    found = list(
        qs.filter(TrigramSimilar(F("title"), Value(title)))
        .annotate(distance=TrigramDistance("title", title))
        .order_by("distance")[:limit]
    )
    for aspiration in found:
        aspiration.similarity = 1 - aspiration.distance
    return found


def _similar_words(qs: QuerySet, title: str, limit: int) -> list[Aspiration]:
    words = _words(title)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    scored = []
    for candidate in qs.filter(condition).order_by("-created_at")[:200]:
        other = _words(candidate.title)
        candidate.similarity = len(words & other) / len(words | other) if other else 0.0
        if candidate.similarity >= 0.2:
            scored.append(candidate)
    scored.sort(key=lambda a: a.similarity, reverse=True)
    return scored[:limit]


# --- What the public may see ----------------------------------------------------------------


@dataclass
class PublicStatus:
    """Everything the tracking page shows: no names, no contact data, no internal notes."""

    tracking_code: str
    title: str
    category: str
    region: str
    received_at: object
    status: Status
    status_label: str
    history: list[dict]
    programs: list[str]
    merged_into_code: str = ""
    program_progress: list[tuple[str, int]] = field(default_factory=list)  # (name, % done), when known
    main: "PublicStatus | None" = None
    supporters: int = 1
    # The public code of the FGD it was raised at, once that FGD's minutes are final ("you said, we did").
    session_code: str = ""


# Filled in by a higher floor (monitoring's AppConfig.ready): program ids -> progress in % for the
# public tracking page. fgd cannot import the apps above it, so they plug in here.
PROGRAM_PROGRESS_HOOKS: list[Callable[[list[int]], dict[int, int]]] = []


def _program_progress(programs: list) -> list[tuple[str, int]]:
    progress: dict[int, int] = {}
    for hook in PROGRAM_PROGRESS_HOOKS:
        progress |= hook([p.pk for p in programs])
    return [(p.name, progress[p.pk]) for p in programs if p.pk in progress]


def aspiration_public_status(*, tracking_code: str) -> PublicStatus | None:
    aspiration = (
        Aspiration.objects.select_related("category", "region", "merged_into", "session")
        .prefetch_related(
            "status_changes", Prefetch("programs", queryset=_programs_publicly_planning(), to_attr="planning")
        )
        .annotate(supporters=_supporters_subquery())
        .filter(tracking_code=tracking_code)
        .first()
    )
    if aspiration is None:
        return None
    status = _public_status(aspiration)
    if aspiration.status == Status.MERGED and aspiration.merged_into_id:
        main = aspiration_public_status(tracking_code=aspiration.merged_into.tracking_code)  # type: ignore[union-attr]
        status.merged_into_code, status.main = aspiration.merged_into.tracking_code, main  # type: ignore[union-attr]
    return status


def _public_status(aspiration: Aspiration) -> PublicStatus:
    planning = aspiration.planning if aspiration.status in PUBLICLY_PLANNED else []  # type: ignore[attr-defined]
    session = aspiration.session
    return PublicStatus(
        tracking_code=aspiration.tracking_code,
        title=aspiration.title,
        category=str(aspiration.category or ""),
        region=str(aspiration.region or ""),
        received_at=aspiration.created_at,
        status=Status(aspiration.status),
        status_label=choice_label(aspiration, "status"),
        history=[
            {"when": change.changed_at, "status": choice_label(change, "to_status"), "note": change.public_text}
            for change in aspiration.status_changes.all()
        ],
        # Only while planned: an approved revision that drops the program sends it back to "accepted".
        programs=list(dict.fromkeys(program.name for program in planning)),
        program_progress=_program_progress(planning),
        supporters=aspiration.supporters,  # type: ignore[attr-defined]
        session_code=session.public_code if session and session.status == session.Status.MINUTES_FINAL else "",
    )


def session_public(*, code: str) -> FgdSession:
    """A session by its public code, only once its minutes are final (raises DoesNotExist): what was
    said there becomes public when the record is locked, not while it is still being written."""
    return FgdSession.objects.select_related("region__parent").get(
        public_code=(code or "").strip().upper(), status=FgdSession.Status.MINUTES_FINAL
    )


def session_aspirations_public(*, session: FgdSession) -> list[Aspiration]:
    """The aspirations raised at a session that the public may read, by tracking code (five queries).

    Those staff recorded (at the FGD, from a visit or a letter) are all listed; those sent through
    the public form tagged with the session only once staff took them up, as for similar aspirations:
    nobody has read an unreviewed one. Each has `planning` (the programs of approved plans that
    answer it, only while planned, with `plan` selected) and `public_reason` (the public note of its
    latest change, for a declined one); a merged one has its main's as `merged_into.planning` and
    `merged_into.public_reason`, since what became of it is what became of the main.
    """
    programs = _programs_publicly_planning().select_related("plan")
    history = AspirationStatusChange.objects.order_by("changed_at", "id")
    visible = Q(status__in=PUBLICLY_VISIBLE_STATUSES)
    rows = list(
        Aspiration.objects.filter(session=session)
        .filter(
            ~Q(source=Aspiration.Source.PUBLIC_FORM)
            | visible
            | Q(status=Status.MERGED, merged_into__status__in=PUBLICLY_VISIBLE_STATUSES)
        )
        .select_related("category", "region__parent", "merged_into")
        .prefetch_related(
            Prefetch("programs", queryset=programs, to_attr="planning"),
            Prefetch("merged_into__programs", queryset=programs, to_attr="main_planning"),
            Prefetch("status_changes", queryset=history, to_attr="history"),
            Prefetch("merged_into__status_changes", queryset=history, to_attr="main_history"),
        )
        .order_by("tracking_code")
    )
    for aspiration in rows:
        _public_outcome(aspiration, aspiration.planning, aspiration.history)
        main = aspiration.merged_into
        if main is not None:
            _public_outcome(main, main.main_planning, main.main_history)  # type: ignore[attr-defined]
    return list(rows)


def _public_outcome(aspiration: Aspiration, planning: list, history: list) -> None:
    """Sets `planning` (only while planned) and `public_reason` (a declined one's public note)."""
    declined = aspiration.status == Status.DECLINED and bool(history)
    aspiration.planning = planning if aspiration.status in PUBLICLY_PLANNED else []  # type: ignore[attr-defined]
    aspiration.public_reason = history[-1].public_text if declined else ""  # type: ignore[attr-defined]


# --- Exports --------------------------------------------------------------------------------


def aspiration_export_rows(*, queryset: QuerySet[Aspiration], with_contact: bool) -> tuple[list[str], Iterator]:
    """Headers and rows of the filtered queue; contact columns only for those allowed to see them."""
    headers = [
        _("Tracking code"),
        _("Title"),
        _("Description"),
        _("Status"),
        _("Category"),
        _("Pillar"),
        _("Region"),
        _("Location detail"),
        _("Ring"),
        _("Source"),
        _("FGD session"),
        _("Beneficiaries"),
        _("Kind of beneficiaries"),
        _("Estimated cost (Rp)"),
        _("Priority score"),
        _("Supporters"),
        _("Merged into"),
        _("Received on"),
    ]
    if with_contact:
        headers += [_("Submitter"), _("Organisation"), _("Phone"), _("E-mail"), _("Consent given at")]

    def local(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def rows():
        for a in queryset.iterator(chunk_size=500):
            row = [
                a.tracking_code,
                a.title,
                a.description,
                a.get_status_display(),
                str(a.category or ""),
                a.get_pillar_display(),
                str(a.region or ""),
                a.location_detail,
                a.region.effective_ring if a.region else None,
                a.get_source_display(),
                str(a.session or ""),
                a.beneficiaries_count,
                a.beneficiaries_kind,
                a.estimated_cost,
                round(a.priority_score, 1) if a.priority_score is not None else None,  # type: ignore[attr-defined]
                a.supporters,  # type: ignore[attr-defined]
                a.merged_into.tracking_code if a.merged_into else "",
                local(a.created_at),
            ]
            if with_contact:
                row += [
                    a.submitter_name,
                    a.submitter_organization,
                    a.submitter_phone,
                    a.submitter_email,
                    local(a.consent_given_at),
                ]
            yield row

    return headers, rows()


# --- Merges ---------------------------------------------------------------------------------


def merge_undo_refusal(merge: AspirationMerge) -> str:
    """Why `merge` can no longer be undone safely, or "" when it can. The one check for the service,
    the pages' "undo" buttons and the confirmation page.

    Undoing must not overrule a decision taken since: the duplicate must still be merged into the
    same aspiration by this very merge (no status change since, not re-pointed by a later merge of
    its target), and the target must not have been declined since (its submitters were told so).
    """
    duplicate, into = merge.duplicate, merge.into
    if merge.undone_at is not None:
        return _("This merge was already undone.")
    latest = getattr(merge, "latest_change_id", None)  # annotated by fgd.selectors.aspirations.open_merges
    if latest is None:
        latest = duplicate.status_changes.order_by("-changed_at", "-id").values_list("pk", flat=True).first()
    if duplicate.status != Status.MERGED or latest != merge.status_change_id:
        return _("%(code)s has changed status since the merge; change its status instead.") % {
            "code": duplicate.tracking_code
        }
    if duplicate.merged_into_id != into.pk:
        if into.status == Status.MERGED and into.merged_into is not None:
            return _("%(into)s has since been merged into %(main)s: undo that merge first.") % {
                "into": into.tracking_code,
                "main": into.merged_into.tracking_code,
            }
        return _("%(code)s now follows another aspiration; this merge cannot be undone.") % {
            "code": duplicate.tracking_code
        }
    if into.status == Status.DECLINED:
        return _(
            "%(into)s has been declined since the merge, and its submitters were told; change its status first."
        ) % {"into": into.tracking_code}
    return ""


def open_merges(*, aspiration: Aspiration) -> list[AspirationMerge]:
    """The merges not undone that involve `aspiration` (as the duplicate or as the target), newest
    first, each with `refusal` ("" when it can be undone): one query for the detail page."""
    latest = (
        AspirationStatusChange.objects.filter(aspiration=OuterRef("duplicate_id"))
        .order_by("-changed_at", "-id")
        .values("pk")[:1]
    )
    merges: list[AspirationMerge] = list(
        AspirationMerge.objects.filter(Q(duplicate=aspiration) | Q(into=aspiration), undone_at=None)
        .select_related("duplicate", "into__merged_into", "merged_by")
        .annotate(latest_change_id=Subquery(latest))
    )
    for merge in merges:
        merge.refusal = merge_undo_refusal(merge)  # type: ignore[attr-defined]
    return merges


def merge_get(*, pk: int) -> AspirationMerge:
    """One merge with what its confirmation page names; raises DoesNotExist."""
    merge = AspirationMerge.objects.select_related("duplicate", "into__merged_into", "merged_by").get(pk=pk)
    merge.repointed = list(  # type: ignore[attr-defined]
        Aspiration.objects.filter(pk__in=merge.repointed_ids).only("tracking_code", "title").order_by("pk")
    )
    merge.refusal = merge_undo_refusal(merge)  # type: ignore[attr-defined]
    return merge


def merge_moving(*, duplicate: Aspiration) -> list[Aspiration]:
    """The aspirations that follow `duplicate` now and will follow its target after a merge."""
    return list(Aspiration.objects.filter(merged_into=duplicate).only("tracking_code", "title").order_by("pk"))
