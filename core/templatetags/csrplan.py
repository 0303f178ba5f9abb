import functools

from django import template
from django.conf import settings
from django.db import models
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from core import fragments
from core.access import Role, has_role, user_display_name
from core.choices import badge_for
from core.formatting import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ program.budget|rupiah }} → Rp 1.250.000.000 (IDR 1,250,000,000 in English)."""
    return format_rupiah(amount)


@register.filter
def number(value):
    """{{ indicator.target|number }} → 1.200,5 (1,200.5 in English); "–" for none."""
    return format_number(value)


@register.filter
def role_at_least(user, role_value: str) -> bool:
    """{% if user|role_at_least:"officer" %} … {% endif %}"""
    return has_role(user, Role(role_value))


@register.filter
def person(user) -> str:
    """{{ plan.approved_by|person }} → "Dodi Yapsenang" (the username without a full name, "–" for nobody)."""
    return user_display_name(user, default="–")


@register.simple_tag
def reference_version() -> str:
    """The token that changes with the reference data: `{% cache … reference_version … %}` (core/fragments.py)."""
    return fragments.reference_version()


_LABELS: dict = {}


def choice_label(obj, field: str, choices=None):
    """`obj.get_<field>_display()` from a label table built once per field and language.

    Django's get_FOO_display rebuilds a dict of the field's choices on every call (hashing each
    lazy label): 200 calls made a fifth of the triage queue's time (issue 15).
    """
    value = getattr(obj, field)
    return choice_labels(type(obj), field, choices).get(value, value)


def choice_labels(model, field: str, choices=None) -> dict:
    """{value: label} of a model field's choices in the active language (built once, then shared)."""
    model_field = model._meta.get_field(field)
    key = (model_field, translation.get_language())
    labels = _LABELS.get(key)
    if labels is None:
        pairs = model_field.flatchoices if model_field.choices else getattr(choices, "choices", [])
        labels = _LABELS[key] = {value: str(text) for value, text in pairs}
    return labels


@register.filter(name="choice_label")
def choice_label_filter(obj, field: str):
    """`{{ a|choice_label:"source" }}`: the same as `{{ a.get_source_display }}`, faster."""
    return "" if obj is None else choice_label(obj, field)


@register.simple_tag
def status_badge(obj, field: str = "status", *, label: str = "", testid: str = "", css: str = ""):
    """The one status badge: `{% status_badge plan %}`, `{% status_badge invitation "attendance" %}`,
    or `{% status_badge Status.DONE %}`. Colour and icon come from the badges declared beside the
    TextChoices (core.choices.badges); `label` replaces the choice's label, `css` adds classes.
    The markup is templates/includes/status_badge.html, rendered once per distinct badge (a list
    page shows the same few badges 50 to 200 times)."""
    if isinstance(obj, models.Choices):
        value, choices, text = obj, type(obj), obj.label
    else:
        value, model_field = getattr(obj, field), obj._meta.get_field(field)
        # A generated field keeps no choices: it uses the TextChoices named after it (Stakeholder.Quadrant).
        choices = model_field if model_field.choices else getattr(type(obj), field.title().replace("_", ""))
        text = choice_label(obj, field, choices)
    if value in (None, ""):
        return ""
    args = (badge_for(choices, value), str(label or text), str(testid), str(css))
    return _badge_html(*args) if not settings.DEBUG else _render_badge(*args)


def status_badges(model, field: str = "status", *, testid: str = "") -> dict:
    """{value: what `{% status_badge obj field testid=… %}` prints} for every choice of the field.

    Rows built in Python look each badge up instead of building it (the field's choices, its label
    and the badge map were found again for every cell: 50 to 80 calls a badge; issue 15). Kept per
    language, like the labels; an empty value has no badge, a value outside the choices raises
    KeyError as `status_badge` raises ImproperlyConfigured.
    """
    key = ("badges", model, field, testid, translation.get_language())
    table = _LABELS.get(key)
    if table is None or settings.DEBUG:
        model_field = model._meta.get_field(field)
        choices = model_field if model_field.choices else getattr(model, field.title().replace("_", ""))
        render = _badge_html if not settings.DEBUG else _render_badge
        table = _LABELS[key] = {
            value: render(badge_for(choices, value), str(label), str(testid), "")
            for value, label in choice_labels(model, field, choices).items()
        }
    return table


def _render_badge(badge, label: str, testid: str, css: str) -> str:
    context = {"badge": badge, "label": label, "testid": testid, "css": css}
    return mark_safe(get_template("includes/status_badge.html").render(context))  # noqa: S308 (a template: escaped)


_badge_html = functools.lru_cache(maxsize=4096)(_render_badge)


@register.simple_tag
def fixed_url(name: str) -> str:
    """{% fixed_url 'home' %}: {% url %} for a URL without arguments, reversed once per process.

    The navbar and the footer of every page hold ten of them; `reverse()` costs about 80 Python
    calls each, and these URLs never change while the process runs (kept per script prefix).
    """
    return _fixed_url(name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=64)
def _fixed_url(name: str, _prefix: str, _urlconf) -> str:
    return reverse(name)


_PLACEHOLDER = 987654321


def url_for_pk(name: str):
    """`url_for_pk("aspirations:detail")(7)` → "/aspirations/7/": the pattern reversed once.

    A list page renders 50 to 100 links; `reverse()` per link (one `get_absolute_url` each)
    was a tenth of the triage queue's calls. The reversed pattern is kept per URL name and
    script prefix.
    """
    return _url_for_pk(name, get_script_prefix())


@functools.lru_cache(maxsize=64)
def _url_for_pk(name: str, _prefix: str):
    head, tail = reverse(name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


# Django's escape() as one str.translate: the same five characters, the same entities.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape_text(value) -> str:
    """`escape(value)` for rows built in Python (one call instead of Django's ten; issue 15)."""
    return str(value).translate(_ESCAPES)
