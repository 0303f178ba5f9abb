import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy, which Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Bahasa Indonesia first: the language is the one chosen with the switch (a cookie), else
    Indonesian. The browser's Accept-Language is deliberately ignored, since many phones here
    are set to English while their owners expect the Indonesian interface."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.codes:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response


class RejectNullBytesMiddleware:
    """A NUL byte in the path or the query string is never meant: answer 400 before any view.

    PostgreSQL refuses NUL in text, so without this every view that passes a GET parameter to
    a query would answer 500 to such a request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Signs staff out after SESSION_IDLE_SECONDS without a request, and SESSION_MAX_SECONDS after
    signing in whatever they do (ASVS L2: 30 minutes idle, 12 hours absolute).

    The last-seen time is written at most once a minute, so a busy page costs no session write.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get("signed_in_at")
            if started is None:  # a session from before this rule: its clock starts now
                request.session["signed_in_at"] = started = now
            last_seen = request.session.get("last_seen_at", started)
            if now - last_seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_MAX_SECONDS:
                logout(request)
            elif now - last_seen >= self.TOUCH_EVERY:
                request.session["last_seen_at"] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs) -> None:
    """user_logged_in: the session's clock starts with the sign-in, saved with it (no extra write)."""
    if request is not None and hasattr(request, "session"):
        request.session["signed_in_at"] = request.session["last_seen_at"] = int(time.time())


class RefuseBeforeReadingMiddleware:
    """Lets a view refuse a POST before its body is read.

    CsrfViewMiddleware reads request.POST (the whole body, files to disk) before any view runs,
    so a view's own early check comes too late. A view opts in with the `refuses_before_reading`
    decorator; this middleware, placed before CsrfViewMiddleware, calls its check first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        check = getattr(view_func, "refusal_before_reading", None)
        if check is None or request.method != "POST":
            return None
        return check(request)


def refuses_before_reading(check):
    """@refuses_before_reading(check): check(request) → a response to answer unread, or None."""

    def decorate(view):
        view.refusal_before_reading = check
        return view

    return decorate


def declared_body_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
