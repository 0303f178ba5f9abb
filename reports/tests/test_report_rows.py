"""The reports list's rows, built in Python (`{% report_rows %}`), say what the template loop said.

REFERENCE is the loop the tag replaced (issue 15), with the document's subject from the include the
detail page still uses; both render the same jobs in both languages, with hostile text, and must
give the same markup.
"""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.access import Role
from reports.models import ReportJob
from reports.selectors import report_job_list
from reports.templatetags.report_rows import report_rows
from reports.tests.factories import AnnualPlanFactory, FgdSessionFactory, ReportJobFactory

pytestmark = pytest.mark.django_db
Kind, Status = ReportJob.Kind, ReportJob.Status

REFERENCE = Template(
    "{% load i18n csrplan %}{% for job in jobs %}<tr>"
    '<td><a href="{{ job.get_absolute_url }}">{{ job.pk }}</a></td>'
    '<td><div>{% include "reports/includes/target_label.html" %}</div><div class="small text-body-secondary">'
    '{{ job|choice_label:"kind" }}{% if job.reused_from_id %} · {% translate "reused" %}{% endif %}</div></td>'
    "<td>{{ job.language|upper }}</td>"
    '<td>{{ job.requester_name|default:"–" }}</td>'
    '<td class="text-nowrap">{{ job.queued_at|date:"DATETIME_FORMAT" }}</td>'
    '<td>{% status_badge job testid="job-status" %}{% if job.status == job.Status.RUNNING %}'
    ' <span class="small">{{ job.progress }}%</span>{% endif %}</td>'
    '<td class="text-end">{{ job.page_count|default:"" }}</td>'
    '<td class="text-end text-nowrap">'
    "{% if job.status == job.Status.DONE and job.kind in allowed_kinds %}"
    '<a class="btn btn-sm btn-outline-primary" href="{% url \'reports:download\' job.pk %}">'
    '<i class="bi bi-download" aria-hidden="true"></i> {% translate "Download" %}</a>'
    "{% else %}"
    '<a class="btn btn-sm btn-outline-secondary" href="{{ job.get_absolute_url }}">{% translate "Open" %}</a>'
    "{% endif %}</td></tr>{% endfor %}"
)


@pytest.fixture
def jobs(make_user):
    someone = make_user(Role.OFFICER, "officer-rows", first_name="Bu <b>Ani</b>", last_name="& 'Co'")
    plan = AnnualPlanFactory(title='Rencana "<i>Hijau</i>" & Co')
    session = FgdSessionFactory(title="FGD <Desa> & 'warga'")
    first = ReportJobFactory(plan=plan, requested_by=someone, status=Status.DONE, page_count=42)
    ReportJobFactory(plan=plan, status=Status.DONE, reused_from=first, language="en")
    ReportJobFactory(kind=Kind.REALISATION_PDF, plan=plan, quarter=3, status=Status.RUNNING, progress=40)
    ReportJobFactory(kind=Kind.REALISATION_PDF, plan=plan, quarter=0, status=Status.FAILED)
    ReportJobFactory(kind=Kind.FGD_MINUTES_PDF, plan=None, fgd_session=session, status=Status.DONE)
    ReportJobFactory(kind=Kind.PLAN_PDF, plan=None, fgd_session=session)  # its plan deleted
    return list(report_job_list().order_by("pk"))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("allowed_kinds", [[Kind.PLAN_PDF, Kind.FGD_MINUTES_PDF], []])
def test_report_rows_match_the_template_they_replaced(jobs, language, allowed_kinds):
    with translation.override(language):
        expected = REFERENCE.render(Context({"jobs": jobs, "allowed_kinds": allowed_kinds}))
        built = report_rows(jobs, allowed_kinds=allowed_kinds)
    assert built == expected
    assert "Bu &lt;b&gt;Ani&lt;/b&gt; &amp; &#x27;Co&#x27;" in built and "FGD &lt;Desa&gt;" in built
    assert ("/download/" in built) is bool(allowed_kinds)
