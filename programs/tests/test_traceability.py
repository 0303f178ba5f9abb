"""Aspirations answered by programs: status changes both ways, coverage, the traceability page."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from fgd.models import Aspiration
from fgd.selectors.aspirations import aspiration_public_status
from programs import services
from programs.selectors import plan_coverage

from .factories import AnnualPlanFactory, AspirationFactory, CategoryFactory, ProgramFactory, RegionFactory

pytestmark = pytest.mark.django_db
Status = Aspiration.Status


@pytest.fixture
def program():
    return ProgramFactory(plan=AnnualPlanFactory(), code="LIN-03", name="Bank Sampah Margasari", with_activity=10)


def _approve(plan, officer, manager):
    services.plan_submit(plan=plan, by=officer)
    return services.plan_approve(plan=plan, by=manager)


def test_linking_to_a_draft_changes_nothing_public_and_approval_publishes_it(program, officer, manager):
    """Issue 11 item 5: "planned" means approved (linking to a draft's program used to publish it)."""
    aspiration = AspirationFactory(title="Bank sampah untuk RT 12")
    changes_before = aspiration.status_changes.count()

    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)

    aspiration.refresh_from_db()
    assert aspiration.status == Status.ACCEPTED and list(aspiration.programs.all()) == [program]
    assert aspiration.status_changes.count() == changes_before
    public = aspiration_public_status(tracking_code=aspiration.tracking_code)
    assert public.status == Status.ACCEPTED and public.programs == []
    assert not Aspiration.objects.filter(status=Status.PLANNED).exists()

    plan = _approve(program.plan, officer, manager)

    aspiration.refresh_from_db()
    assert aspiration.status == Status.PLANNED
    change = aspiration.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == ("accepted", "planned", manager)
    assert change.note_kind == "planned_in_program" and change.note_data["programs"] == ["Bank Sampah Margasari"]
    approved_on = date_format(timezone.localdate(plan.approved_at), "DATE_FORMAT")
    with translation.override("id"):
        assert change.public_text == (
            f"Direncanakan dalam program Bank Sampah Margasari ({plan}, disetujui pada {approved_on})."
        )
    public = aspiration_public_status(tracking_code=aspiration.tracking_code)
    assert public.programs == ["Bank Sampah Margasari"]


def test_unlinking_from_a_draft_changes_nothing_public(program, officer):
    aspiration = AspirationFactory()
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    changes = aspiration.status_changes.count()

    services.program_unlink_aspiration(program=program, aspiration=aspiration, by=officer)

    aspiration.refresh_from_db()
    assert aspiration.status == Status.ACCEPTED and not aspiration.programs.exists()
    assert aspiration.status_changes.count() == changes


def test_staff_see_linked_to_a_draft_program(program, officer, manager, client_for):
    aspiration = AspirationFactory(title="Bank sampah untuk RT 12")
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    client = client_for(officer)
    for url in (reverse("aspirations:list"), reverse("aspirations:detail", args=[aspiration.pk])):
        assert 'data-testid="in-draft-program"' in client.get(url).content.decode()
    _approve(program.plan, officer, manager)
    for url in (reverse("aspirations:list"), reverse("aspirations:detail", args=[aspiration.pk])):
        assert 'data-testid="in-draft-program"' not in client.get(url).content.decode()


def test_only_accepted_aspirations_can_be_linked(program, officer):
    for status in [Status.RECEIVED, Status.UNDER_REVIEW, Status.DEFERRED]:
        aspiration = AspirationFactory(status=status)
        with pytest.raises(services.PlanError):
            services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
        assert not aspiration.programs.exists()


def test_deleting_a_draft_program_drops_its_links_and_nothing_public(program, officer):
    aspiration = AspirationFactory()
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    services.program_delete(program=program, by=officer)
    aspiration.refresh_from_db()
    assert aspiration.status == Status.ACCEPTED and not aspiration.programs.exists()


def test_a_revision_that_drops_an_aspiration_releases_it_only_when_approved(program, officer, manager):
    kept, dropped = AspirationFactory(title="Tetap"), AspirationFactory(title="Dilepas")
    for aspiration in (kept, dropped):
        services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    v1 = program.plan
    services.plan_submit(plan=v1, by=officer)
    services.plan_approve(plan=v1, by=manager)
    v2 = services.plan_revise(plan=v1, by=officer)
    services.program_unlink_aspiration(program=v2.programs.get(), aspiration=dropped, by=officer)
    dropped.refresh_from_db()
    assert dropped.status == Status.PLANNED  # v1 is still the approved plan

    services.plan_submit(plan=v2, by=officer)
    services.plan_approve(plan=v2, by=manager)

    dropped.refresh_from_db()
    kept.refresh_from_db()
    assert dropped.status == Status.ACCEPTED and kept.status == Status.PLANNED
    note = dropped.status_changes.last()
    assert (note.to_status, note.note_kind, note.note_data["version"]) == ("accepted", "no_longer_planned", 2)
    with translation.override("en"):
        assert note.public_text.startswith(f"No longer planned: {v2}, approved on ")
    assert kept.status_changes.filter(to_status="planned").count() == 1  # v2 kept it: no second note


def test_coverage_by_region_ring_and_category(program, officer):
    north = RegionFactory(name="Balikpapan Utara", ring=1)
    penajam = RegionFactory(name="Penajam", ring=3)
    health = CategoryFactory(name_id="Kesehatan", name_en="Health")
    answered = AspirationFactory(region=north, category=health)
    AspirationFactory(region=north, category=health)
    AspirationFactory(region=penajam, category=health)
    AspirationFactory(status=Status.DEFERRED, region=penajam)  # not in scope
    services.program_link_aspiration(program=program, aspiration=answered, by=officer)

    coverage = plan_coverage(plan=program.plan)

    assert (coverage.total, coverage.planned, coverage.percent) == (3, 1, 33.3)
    by_region = {(r.label, r.planned, r.total) for r in coverage.by_region}
    assert by_region == {("Balikpapan Utara", 1, 2), ("Penajam", 0, 1)}
    assert [(r.key, r.planned, r.total) for r in coverage.by_ring] == [(1, 1, 2), (3, 0, 1)]
    assert [(r.planned, r.total) for r in coverage.by_category] == [(1, 3)]


def test_the_traceability_page_plans_defers_and_declines(program, officer, client_for):
    to_plan, to_defer, to_decline = AspirationFactory(), AspirationFactory(), AspirationFactory()
    client = client_for(officer)
    url = reverse("programs:traceability", args=[program.plan.pk])
    page = client.get(url).content.decode()
    assert to_plan.tracking_code in page and 'data-testid="unanswered"' in page

    client.post(reverse("programs:traceability_plan", args=[program.plan.pk, to_plan.pk]), {"program": program.pk})
    decide = "programs:traceability_decide"
    client.post(reverse(decide, args=[program.plan.pk, to_defer.pk]), {"decision": "deferred", "public_note": ""})
    client.post(reverse(decide, args=[program.plan.pk, to_decline.pk]), {"decision": "declined", "public_note": ""})

    statuses = dict(Aspiration.objects.values_list("pk", "status"))
    assert statuses[to_plan.pk] == Status.ACCEPTED  # linked to this draft: planned once it is approved
    assert statuses[to_defer.pk] == Status.DEFERRED
    assert statuses[to_decline.pk] == Status.ACCEPTED  # a decline needs a public reason
    client.post(
        reverse(decide, args=[program.plan.pk, to_decline.pk]),
        {"decision": "declined", "public_note": "Di luar wilayah ring perusahaan"},
    )
    assert Aspiration.objects.get(pk=to_decline.pk).status == Status.DECLINED
    page = client.get(url).content.decode()
    assert f'data-testid="program-aspirations-{program.code}"' in page and to_plan.title in page


def test_each_unanswered_row_opens_its_forms_on_demand_with_or_without_javascript(program, officer, client_for):
    """Issue 15: the rows carry a link, not 50 copies of the forms with every program as an option."""
    aspiration = AspirationFactory()
    client = client_for(officer)
    page = client.get(reverse("programs:traceability", args=[program.plan.pk])).content.decode()
    row_url = reverse("programs:traceability_row", args=[program.plan.pk, aspiration.pk])
    assert f'href="{row_url}" data-hx-get="{row_url}"' in page
    assert 'name="program"' not in page and 'name="decision"' not in page
    plan_url = reverse("programs:traceability_plan", args=[program.plan.pk, aspiration.pk])
    decide_url = reverse("programs:traceability_decide", args=[program.plan.pk, aspiration.pk])
    # Without JavaScript: a page of its own; with htmx: the forms alone, for the row's cell.
    for headers, whole_page in [({}, True), ({"HTTP_HX_REQUEST": "true"}, False)]:
        html = client.get(row_url, **headers).content.decode()
        assert f'action="{plan_url}"' in html and f'action="{decide_url}"' in html
        assert f'<option value="{program.pk}">{program.code} ' in html
        assert ("<html" in html) is whole_page


def test_a_viewer_sees_traceability_but_cannot_decide(program, viewer, client_for):
    aspiration = AspirationFactory()
    client = client_for(viewer)
    assert client.get(reverse("programs:traceability", args=[program.plan.pk])).status_code == 200
    response = client.post(
        reverse("programs:traceability_plan", args=[program.plan.pk, aspiration.pk]), {"program": program.pk}
    )
    assert response.status_code == 403
    assert client.get(reverse("programs:traceability_row", args=[program.plan.pk, aspiration.pk])).status_code == 403
