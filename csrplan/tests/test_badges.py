"""The one status badge: every declared choice has a badge, and the tag renders it from a model."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.template import Context, Template
from django.utils import translation

from core.choices import Badge, badges
from fgd.models import Aspiration, Invitation
from programs.models import AnnualPlan
from stakeholders.models import Stakeholder


def _render(source: str, **context) -> str:
    return Template("{% load csrplan %}" + source).render(Context(context))


class Colour(models.TextChoices):
    RED = "red", "Red"
    BLUE = "blue", "Blue"


def test_a_choice_without_a_badge_is_refused_at_import():
    with pytest.raises(ImproperlyConfigured, match="blue"):
        badges(Colour, {Colour.RED: Badge("text-bg-danger")})


def test_the_badge_comes_from_the_model_field_with_its_icon_and_label():
    plan = AnnualPlan(status=AnnualPlan.Status.APPROVED)
    with translation.override("en"):
        html = _render('{% status_badge plan testid="plan-status" %}', plan=plan)
    assert html == (
        '<span class="badge text-bg-success" data-testid="plan-status">'
        '<i class="bi bi-lock-fill" aria-hidden="true"></i> Approved</span>'
    )


def test_another_field_a_label_and_extra_classes():
    invitation = Invitation(attendance=Invitation.Attendance.REPRESENTED, represented_by="Budi")
    html = _render('{% status_badge inv "attendance" label="Represented by Budi" css="ms-1" %}', inv=invitation)
    assert 'class="badge text-bg-success ms-1"' in html and "bi-person-check" in html
    assert "Represented by Budi" in html


def test_an_enum_member_and_a_field_that_repeats_the_choices():
    assert "text-bg-dark" in _render("{% status_badge s %}", s=Aspiration.Status.DONE)
    change = Aspiration.status_changes.rel.related_model(to_status=Aspiration.Status.DECLINED)
    assert "text-bg-danger" in _render('{% status_badge c "to_status" %}', c=change)


def test_a_generated_field_uses_the_choices_named_after_it_and_empty_shows_nothing():
    person = Stakeholder(attitude=Stakeholder.Attitude.SUPPORTIVE, quadrant=Stakeholder.Quadrant.MONITOR)
    assert "quadrant-monitor" in _render('{% status_badge p "quadrant" %}', p=person)
    assert "attitude-supportive" in _render('{% status_badge p "attitude" %}', p=person)
    assert _render('{% status_badge p "quadrant" %}', p=Stakeholder(quadrant=None)) == ""


def test_a_badge_rendered_once_is_reused_in_its_own_language_and_escapes_its_label():
    """Issue 15: the markup of each distinct badge is rendered once per process, never across languages."""
    plan = AnnualPlan(status=AnnualPlan.Status.APPROVED)
    labels = {}
    for code in ("id", "en", "id"):
        with translation.override(code):
            labels[code] = _render("{% status_badge plan %}", plan=plan)
            assert str(AnnualPlan.Status.APPROVED.label) in labels[code]
    assert labels["id"] != labels["en"]
    shown = _render("{% status_badge plan label=name %}", plan=plan, name="<b>Disetujui</b>")
    assert "&lt;b&gt;Disetujui&lt;/b&gt;" in shown and "<b>" not in shown


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("model", "field", "testid"),
    [
        (AnnualPlan, "status", "plan-status"),
        (Stakeholder, "quadrant", ""),  # a generated field: the choices named after it
        (Stakeholder, "attitude", ""),
        (Invitation, "attendance", ""),
        (Aspiration, "status", ""),
    ],
)
def test_the_badge_table_holds_what_the_tag_prints_for_every_choice(model, field, testid, language):
    """`status_badges`, which rows built in Python look badges up in, prints what `{% status_badge %}` prints."""
    from core.templatetags.csrplan import status_badges

    choices = getattr(model, field.title().replace("_", ""))
    with translation.override(language):
        table = status_badges(model, field, testid=testid)
        assert set(table) == set(choices.values)
        for value in choices.values:
            obj = model(**{field: value}) if field != "quadrant" else model()
            if field == "quadrant":
                obj.quadrant = value
            printed = _render("{% status_badge obj field testid=testid %}", obj=obj, field=field, testid=testid)
            assert table[value] == printed
