"""Opt-in: reports the number of SQL queries of each request in an `X-Query-Count` header, and
the time spent in SQL and in the whole request in `Server-Timing` (`sql;dur=…, app;dur=…`, ms).

The benchmark (`make bench`) measures pages through a real server (gunicorn), where Django's
test tools are not available. Enabled only when the QUERY_COUNT_HEADER environment variable is
true (see the end of settings.py); never in production.
"""

import time

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count, sql_seconds = 0, 0.0

        def counter(execute, sql, params, many, context):
            nonlocal count, sql_seconds
            count += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds += time.perf_counter() - started

        started = time.perf_counter()
        with _wrap_all(counter):
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        response["X-Query-Count"] = str(count)
        response["Server-Timing"] = f"sql;dur={sql_seconds * 1000:.2f}, app;dur={total_ms:.2f}"
        return response


class _wrap_all:
    """connection.execute_wrapper on every configured database at once."""

    def __init__(self, wrapper):
        self.managers = [connections[alias].execute_wrapper(wrapper) for alias in connections]

    def __enter__(self):
        for manager in self.managers:
            manager.__enter__()

    def __exit__(self, *exc):
        for manager in reversed(self.managers):
            manager.__exit__(*exc)
