"""The register's table rows: `{% load register_rows %}`."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.csrplan import choice_labels, status_badges, url_for_pk
from core.templatetags.csrplan import escape_text as _e
from stakeholders.models import NOT_MAPPED, Organization, Stakeholder
from stakeholders.phones import display_phone

register = template.Library()


@register.simple_tag
def stakeholder_rows(people, *, show_contact: bool = False):
    """The register's rows (stakeholders/includes/table.html), built in Python from the named
    tuples of `stakeholders.selectors.stakeholder_rows`.

    As on the triage queue (fgd's `aspiration_rows`): the template loop was most of the page's
    calls; labels, badges and the URL pattern are looked up once per page (issue 15).
    stakeholders/tests/test_register_rows.py compares the markup with the loop it replaced.
    """
    detail = url_for_pk("stakeholders:detail")
    types = choice_labels(Organization, "type")
    quadrants, attitudes = status_badges(Stakeholder, "quadrant"), status_badges(Stakeholder, "attitude")
    hero, archived, unmapped = _e(_("Local hero")), _e(_("Archived")), _e(NOT_MAPPED)
    hero_badge = (
        f' <span class="badge text-bg-warning ms-1" title="{hero}"><i class="bi bi-star-fill" aria-hidden="true"></i>'
        f'<span class="visually-hidden">{hero}</span></span>'
    )
    archived_badge = f' <span class="badge text-bg-secondary ms-1">{archived}</span>'
    unmapped_badge = f'<span class="badge quadrant-unmapped">{unmapped}</span>'
    rows = []
    for person in people:
        has_organization = person.organization_name is not None
        org_name = _e(person.organization_name) if has_organization else ""
        org_type = _e(types.get(person.organization_type, person.organization_type)) if has_organization else ""
        parent = (
            f'<div class="small text-body-secondary">{_e(person.region_parent_name)}</div>'
            if person.region_parent_name is not None
            else ""
        )
        phone = (
            f'<td class="d-none d-lg-table-cell text-nowrap">{_e(display_phone(person.phone) or "—")}</td>'
            if show_contact
            else ""
        )
        quadrant = quadrants[person.quadrant] if person.quadrant else unmapped_badge
        rows.append(
            ("<tr>" if person.is_active else '<tr class="text-body-secondary">')
            + f'<td><a href="{detail(person.pk)}" class="fw-semibold">{_e(person.name)}</a>'
            f"{hero_badge if person.is_local_hero else ''}{'' if person.is_active else archived_badge}"
            f'<div class="small text-body-secondary">{_e(person.position)}</div>'
            f'<div class="small d-sm-none">{org_name}</div></td>'
            f'<td class="d-none d-sm-table-cell">{org_name or "—"}'
            f'<div class="small text-body-secondary">{org_type}</div></td>'
            f'<td class="d-none d-md-table-cell">{_e(person.region_name) if person.region_name else "—"}{parent}</td>'
            f"{phone}"
            f'<td class="text-center d-none d-sm-table-cell">{person.influence or "–"}</td>'
            f'<td class="text-center d-none d-sm-table-cell">{person.interest or "–"}</td>'
            f"<td>{quadrant}<div>{attitudes[person.attitude] if person.attitude else ''}</div></td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value from the database went through escape_text)


@register.simple_tag
def organization_rows(organizations):
    """The organisations list's rows (`stakeholders.selectors.organization_rows`), built in Python.

    As the register's: one URL pattern and the labels per page, each value escaped with `_e`
    (issue 15). stakeholders/tests/test_register_rows.py compares the markup with the loop it replaced.
    """
    detail = url_for_pk("stakeholders:organization_detail")
    types, partner = choice_labels(Organization, "type"), choice_labels(Organization, "partner_status")
    rows = []
    for org in organizations:
        status = (
            f"{_e(partner.get(org.partner_status, org.partner_status))} ({org.partner_status_year})"
            if org.partner_status
            else "—"
        )
        rows.append(
            f'<tr><td><a href="{detail(org.pk)}" class="fw-semibold">{_e(org.name)}</a></td>'
            f"<td>{_e(types.get(org.type, org.type))}</td>"
            f'<td class="d-none d-md-table-cell">{_e(org.region_name) if org.region_name else "—"}</td>'
            f'<td class="d-none d-md-table-cell">{status}</td>'
            f'<td class="text-end">{org.people}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value from the database went through escape_text)
