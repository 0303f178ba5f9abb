"""The staff outbox (officer and up) and each person's notifications and preferences."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import Role, role_required

from . import selectors, services
from .forms import PreferenceForm
from .models import Message, Notification


@role_required(Role.OFFICER)
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    context = {
        "page_obj": selectors.message_page(status=status, number=request.GET.get("page")),
        "status": status,
        "statuses": Message.Status.choices,
    }
    return render(request, "notifications/outbox.html", context)


@role_required(Role.OFFICER)
@require_GET
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.all(), pk=pk)
    subject, body = selectors.message_content(message)  # a bulk message not sent yet: rendered to show
    return render(request, "notifications/message_detail.html", {"message": message, "subject": subject, "body": body})


@role_required(Role.OFFICER)
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.all(), pk=pk)
    if services.message_retry(message=message):
        messages.success(request, _("The message is queued again."))
    else:
        messages.info(request, _("Only a failed message can be retried."))
    return redirect("notifications:outbox")


@role_required(Role.VIEWER)
def inbox(request: HttpRequest) -> HttpResponse:
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference, prefix="pref")
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:inbox")
    page = selectors.notification_page(user=request.user, number=request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page, "form": form})


@role_required(Role.VIEWER)
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    services.notification_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@role_required(Role.VIEWER)
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read_all(user=request.user)
    return redirect("notifications:inbox")
