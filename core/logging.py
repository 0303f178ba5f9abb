"""Log filters: a client's mistake (4xx) is one line, without a traceback; server errors keep theirs."""

import contextlib
import logging


class ClientErrorOnce(logging.Filter):
    """On the console handler: a 400/403/429 answered to a client is logged once, without a traceback.

    Django logs a SuspiciousOperation twice (django.security.* with its traceback, then django.request
    "Bad Request") and a PermissionDenied with its traceback; a client's mistake is not the server's
    error, and a traceback per refused request drowns the logs under a scan. The first record of a
    request wins; 5xx records pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        request = getattr(record, "request", None)
        if request is not None:
            if getattr(request, "_client_error_logged", False):
                return False
            with contextlib.suppress(AttributeError):  # a request that takes no attributes: logged anyway
                request._client_error_logged = True
        record.exc_info = None
        record.exc_text = None
        return True
