"""The benchmark's ceiling: a bare 50-row list, one query and a minimal template.

`make bench` serves it (BENCH_REFERENCE=true) from the same gunicorn with the same settings as
the product, and prints each page's requests per second as a share of this page's: what the
stack itself costs (WSGI, middleware, one query, a template) is the ceiling no page can beat.
Off by default: the URL does not exist unless the setting is on (see csrplan/urls.py).
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import public_view
from fgd.models import Aspiration


@public_view
@require_GET
def bench_reference(request):
    rows = Aspiration.objects.order_by("-pk").values_list("pk", "tracking_code", "title", "status")[:50]
    return render(request, "bench/reference.html", {"rows": rows})
