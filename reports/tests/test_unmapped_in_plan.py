"""The plan PDF counts stakeholders not yet mapped on a row of their own (issue 11, item 3)."""

import re

import pytest

from programs.tests.factories import AnnualPlanFactory
from reports.documents import plan_pdf
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_shows_unmapped_people_apart():
    StakeholderFactory.create_batch(2, influence=5, interest=5)
    StakeholderFactory(influence=None, interest=None)
    html = plan_pdf(plan=AnnualPlanFactory(), language="id").html
    assert re.search(r"<td>Kelola dengan erat</td><td class=\"num\">2</td>", html)
    assert re.search(r"<td>Belum dipetakan</td><td class=\"num\">1</td>", html)
