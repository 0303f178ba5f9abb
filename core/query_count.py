"""Opt-in: reports the number of SQL queries of each request in an `X-Query-Count` header.

The benchmark (`make bench`) measures pages through a real server (gunicorn), where Django's
test tools are not available. Enabled only when the QUERY_COUNT_HEADER environment variable is
true (see the end of settings.py); never in production.
"""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with _wrap_all(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
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
