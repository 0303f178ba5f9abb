"""Staff pages of aspirations: the triage queue, exports, bulk actions, the detail page and its forms."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Role, can_see_contact_data, has_role, role_required
from core.errors import DomainError, flash, show_on_form
from core.exports import export_response
from core.http import int_param
from core.page_cache import cached_staff_page
from fgd.forms.aspirations import (
    AspirationFilterForm,
    AspirationForm,
    BulkActionForm,
    MergeForm,
    ScoreForm,
    TransitionForm,
)
from fgd.models import (
    Aspiration,
    AspirationMerge,
    AspirationStatusChange,
    BulkTransitionJob,
    FgdSession,
    note_text,
    ring_score_for,
)
from fgd.selectors.aspirations import (
    aspiration_detail,
    aspiration_export_rows,
    aspiration_list,
    aspiration_matching_ids,
    aspiration_page,
    aspiration_similar,
    bulk_job_get,
    merge_get,
    merge_moving,
    open_merges,
)
from fgd.services.aspirations import (
    aspiration_bulk_change,
    aspiration_bulk_set_category,
    aspiration_edit,
    aspiration_merge,
    aspiration_merge_undo,
    aspiration_record,
    aspiration_score,
    aspiration_transition,
    bulk_job_retry,
    merge_refusal,
)
from fgd.uploads import private_file_response, sniff_content_type

PAGE_SIZE = 50
# The job page lists this many refused aspirations (with why); the count says how many in all.
BULK_REFUSED_SHOWN = 200
# Only an aspiration still in triage can be merged into another.
MERGEABLE_STATUSES = (Aspiration.Status.RECEIVED, Aspiration.Status.UNDER_REVIEW)
Note = AspirationStatusChange.Note


@role_required(Role.VIEWER)
@require_GET
@cached_staff_page("aspirations")
def aspiration_list_view(request: HttpRequest) -> HttpResponse:
    form = AspirationFilterForm(request.GET or None)
    page = aspiration_page(filters=form.filters(), number=request.GET.get("page"), per_page=PAGE_SIZE)
    context = {
        "filter_form": form,
        "page_obj": page,
        "bulk_form": BulkActionForm(auto_id="bulk-%s", initial={"query": request.GET.urlencode()})
        if has_role(request.user, Role.OFFICER)
        else None,
    }
    return render(request, "fgd/aspirations/list.html", context)


@role_required(Role.VIEWER)
@require_GET
def aspiration_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = aspiration_list(filters=AspirationFilterForm(request.GET).filters())
    headers, rows = aspiration_export_rows(queryset=queryset, with_contact=can_see_contact_data(request.user))
    return export_response(basename="aspirations", fmt=fmt, headers=headers, rows=rows)


@role_required(Role.OFFICER)
@require_POST
def aspiration_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkActionForm(request.POST, auto_id="bulk-%s")
    back = request.POST.get("next") or ""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_safe_back(back))
    if form.cleaned_data["everything"]:
        ids = aspiration_matching_ids(filters=form.filters())
    else:
        ids = sorted(set(form.cleaned_data["ids"]))
    if form.cleaned_data["action"] == "set_category":
        selected = Aspiration.objects.filter(pk__in=ids)
        count = aspiration_bulk_set_category(aspirations=selected, category=form.cleaned_data["category"])
        messages.success(
            request,
            ngettext("Category set on %(n)d aspiration.", "Category set on %(n)d aspirations.", count) % {"n": count},
        )
        return redirect(_safe_back(back))
    try:
        outcome = aspiration_bulk_change(ids=ids, to_status=form.cleaned_data["action"], by=request.user)
    except DomainError as error:
        flash(request, error)
        return redirect(_safe_back(back))
    if isinstance(outcome, BulkTransitionJob):
        return redirect(outcome)  # its page follows the worker
    status = Aspiration.Status(form.cleaned_data["action"]).label
    messages.success(
        request,
        ngettext("%(n)d aspiration is now “%(status)s”.", "%(n)d aspirations are now “%(status)s”.", outcome.done)
        % {"n": outcome.done, "status": status},
    )
    if outcome.skipped:
        messages.warning(
            request,
            _("Not changed, their status does not allow it: %(codes)s") % {"codes": ", ".join(outcome.skipped)},
        )
    return redirect(_safe_back(back))


def _bulk_job_or_404(pk: int) -> BulkTransitionJob:
    try:
        return bulk_job_get(pk=pk)
    except BulkTransitionJob.DoesNotExist as exc:
        raise Http404 from exc


@role_required(Role.OFFICER)
@require_GET
def aspiration_bulk_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk status change the worker applies: progress (htmx polls the fragment), then what changed."""
    job = _bulk_job_or_404(pk)
    template = "fgd/aspirations/includes/bulk_progress.html" if request.htmx else "fgd/aspirations/bulk_job.html"
    return render(request, template, {"job": job, "refused": job.skipped[:BULK_REFUSED_SHOWN]})


@role_required(Role.OFFICER)
@require_POST
def aspiration_bulk_job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _bulk_job_or_404(pk)
    if not bulk_job_retry(job=job):
        messages.info(request, _("This change is not failed: nothing to try again."))
    return redirect(job)


def _safe_back(back: str) -> str:
    # Only our own list page (with its filters) is a valid place to return to.
    return back if back.startswith("/aspirations/") and "//" not in back else "aspirations:list"


def _detail(request, pk: int, *, status: int = 200, **forms) -> HttpResponse:
    try:
        aspiration = aspiration_detail(pk=pk)
    except Aspiration.DoesNotExist as exc:
        raise Http404 from exc
    is_officer = has_role(request.user, Role.OFFICER)
    context = {
        "aspiration": aspiration,
        "show_contact": can_see_contact_data(request.user),
        "is_officer": is_officer,
        "transition_form": forms.get("transition_form") or TransitionForm(aspiration=aspiration),
        "score_form": forms.get("score_form") or ScoreForm(instance=aspiration, initial=_suggested_scores(aspiration)),
        "merge_form": forms.get("merge_form") or MergeForm(aspiration=aspiration),
        "can_merge": _can_merge_from(request, aspiration),
        "open_merges": open_merges(aspiration=aspiration),
    }
    return render(request, "fgd/aspirations/detail.html", context, status=status)


@role_required(Role.VIEWER)
@require_GET
@cached_staff_page("aspiration-similar")
def aspiration_detail_similar(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial of the detail page: the fuzzy search over every aspiration runs after the page
    is on screen (tens of milliseconds at 100,000 aspirations), not before it."""
    aspiration = get_object_or_404(Aspiration.objects.only("title", "status"), pk=pk)
    context = {
        "similar": aspiration_similar(title=aspiration.title, exclude_pk=aspiration.pk, limit=5),
        "merge_from": aspiration if _can_merge_from(request, aspiration) else None,
        "show_empty": True,
    }
    return render(request, "fgd/aspirations/includes/similar.html", context)


def _can_merge_from(request: HttpRequest, aspiration: Aspiration) -> bool:
    return has_role(request.user, Role.OFFICER) and aspiration.status in MERGEABLE_STATUSES


def _suggested_scores(aspiration: Aspiration) -> dict:
    """Until someone scores it, the ring criterion is suggested from the region's ring."""
    suggested = ring_score_for(aspiration.region)
    if aspiration.ring_score is None and suggested:
        return {"ring_score": suggested}
    return {}


@role_required(Role.VIEWER)
@require_GET
@cached_staff_page("aspiration")
def aspiration_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@role_required(Role.OFFICER)
@require_POST
def aspiration_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    aspiration = get_object_or_404(Aspiration, pk=pk)
    form = TransitionForm(request.POST, aspiration=aspiration)
    if form.is_valid():
        try:
            aspiration_transition(
                aspiration=aspiration,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                public_note=form.cleaned_data["public_note"],
                private_note=form.cleaned_data["private_note"],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request, _("Status changed to “%(status)s”.") % {"status": aspiration.get_status_display()}
            )
            return redirect("aspirations:detail", pk=pk)
    return _detail(request, pk, status=400, transition_form=form)


@role_required(Role.OFFICER)
@require_POST
def aspiration_score_view(request: HttpRequest, pk: int) -> HttpResponse:
    aspiration = get_object_or_404(Aspiration, pk=pk)
    form = ScoreForm(request.POST, instance=aspiration)
    if not form.is_valid():
        return _detail(request, pk, status=400, score_form=form)
    aspiration_score(aspiration=aspiration, **form.cleaned_data)
    messages.success(request, _("Priority scores saved."))
    return redirect("aspirations:detail", pk=pk)


@role_required(Role.OFFICER)
@require_POST
def aspiration_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps, without JavaScript: the form (or a "merge into it" button) posts here and gets a
    page naming both aspirations and what will change; that page posts again with `confirmed`."""
    aspiration = get_object_or_404(Aspiration.objects.select_related("merged_into"), pk=pk)
    form = MergeForm(request.POST, aspiration=aspiration)
    if form.is_valid():
        main = form.cleaned_data["into"]
        if refusal := merge_refusal(duplicate=aspiration, into=main):
            show_on_form(form, DomainError(refusal, field="into"))
        elif not request.POST.get("confirmed"):
            return _merge_confirm_page(request, aspiration, main, form.cleaned_data["public_note"])
        else:
            try:
                aspiration_merge(
                    duplicate=aspiration, into=main, by=request.user, public_note=form.cleaned_data["public_note"]
                )
            except DomainError as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request,
                    _("%(dup)s is merged into %(main)s; its submitter now follows %(main)s.")
                    % {"dup": aspiration.tracking_code, "main": main.tracking_code},
                )
                return redirect(main)
    return _detail(request, pk, status=400, merge_form=form)


def _merge_confirm_page(request, duplicate: Aspiration, into: Aspiration, public_note: str) -> HttpResponse:
    typed = public_note.strip()
    context = {
        "duplicate": duplicate,
        "into": into,
        "public_note": public_note,
        "tracking_note": typed or note_text(Note.MERGED_INTO, {"code": into.tracking_code}),
        "moving": merge_moving(duplicate=duplicate),
    }
    return render(request, "fgd/aspirations/merge_confirm.html", context)


@role_required(Role.OFFICER)
@require_http_methods(["GET", "POST"])
def aspiration_merge_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page (what will be restored); POST: the undo."""
    try:
        merge = merge_get(pk=pk)
    except AspirationMerge.DoesNotExist as exc:
        raise Http404 from exc
    if request.method == "GET":
        if merge.refusal:  # type: ignore[attr-defined]
            flash(request, merge.refusal)  # type: ignore[attr-defined]
            return redirect(merge.duplicate)
        context = {
            "merge": merge,
            "tracking_note": note_text(Note.MERGE_UNDONE, {"code": merge.into.tracking_code}),
        }
        return render(request, "fgd/aspirations/merge_undo_confirm.html", context)
    try:
        aspiration_merge_undo(merge=merge, by=request.user)
    except DomainError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            _("The merge is undone: %(dup)s is “%(status)s” again and no longer follows %(main)s.")
            % {
                "dup": merge.duplicate.tracking_code,
                "status": Aspiration.Status(merge.previous_status).label,
                "main": merge.into.tracking_code,
            },
        )
    return redirect(merge.duplicate)


@role_required(Role.OFFICER)
def aspiration_create_view(request: HttpRequest) -> HttpResponse:
    initial = {}
    session = FgdSession.objects.filter(pk=int_param(request.GET.get("session"))).first()
    if session:
        initial = {"session": session, "source": Aspiration.Source.FGD}
    form = AspirationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "consent"}
        try:
            aspiration = aspiration_record(by=request.user, consent=form.cleaned_data["consent"], **fields)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Aspiration %(code)s recorded.") % {"code": aspiration.tracking_code})
            return redirect(aspiration)
    return render(request, "fgd/aspirations/form.html", {"form": form, "aspiration": None})


@role_required(Role.OFFICER)
def aspiration_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    aspiration = get_object_or_404(Aspiration, pk=pk)
    form = AspirationForm(request.POST or None, instance=aspiration)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "consent"}
        try:
            aspiration_edit(aspiration=aspiration, consent=form.cleaned_data["consent"], **fields)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("aspirations:detail", pk=pk)
    return render(request, "fgd/aspirations/form.html", {"form": form, "aspiration": aspiration})


@role_required(Role.VIEWER)
@require_GET
def aspiration_staff_similar(request: HttpRequest) -> HttpResponse:
    """htmx partial under the title field of the staff form."""
    items = aspiration_similar(title=request.GET.get("title", ""), exclude_pk=int_param(request.GET.get("exclude")))
    return render(request, "fgd/aspirations/includes/similar.html", {"similar": items})


@role_required(Role.VIEWER)
@require_GET
def aspiration_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The photo or PDF sent with an aspiration, streamed to staff only (MEDIA_URL is never served)."""
    aspiration = get_object_or_404(Aspiration, pk=pk)
    if not aspiration.attachment:
        raise Http404
    handle = aspiration.attachment.open("rb")
    content_type = sniff_content_type(handle) or "application/octet-stream"
    return private_file_response(handle, content_type=content_type, name=aspiration.attachment.name)
