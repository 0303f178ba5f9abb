"""The loop closes for the public: a program starting and finishing moves its aspirations, with a
public note, and the tracking page shows the program's progress."""

from django.urls import reverse

from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_transition
from monitoring import services
from programs.tests.factories import ActivityFactory, AspirationFactory

Status = Aspiration.Status


def test_start_then_done_moves_the_aspiration_and_the_tracking_page_shows_progress(activity, officer, client):
    program = activity.program
    program.beneficiaries_kind = "perajin"
    program.save()
    aspiration = AspirationFactory(title="Pemasaran sabut kelapa Koperasi KIM")
    program.aspirations.add(aspiration)  # linked while the plan was a draft (programs' service)
    aspiration_transition(aspiration=aspiration, to_status=Status.PLANNED, public_note="Masuk rencana")
    second = ActivityFactory(program=program, months=[4], budget=10_000_000)

    services.realisation_save(activity=activity, month=1, version=0, by=officer, status="on_track", progress=50)
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS
    assert program.name in aspiration.status_changes.last().public_text  # an event, worded when shown

    page = client.get(reverse("aspirations:track_detail", args=[aspiration.tracking_code])).content.decode()
    assert 'data-testid="public-program-progress"' in page and "45%" in page  # (50×90 + 0×10) / 100

    services.realisation_save(
        activity=activity, month=3, version=0, by=officer, status="done", progress=100, beneficiaries_reached=25
    )
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS  # the second activity is not done yet
    services.realisation_save(
        activity=second, month=4, version=0, by=officer, status="done", progress=100, beneficiaries_reached=5
    )
    aspiration.refresh_from_db()
    assert aspiration.status == Status.DONE
    note = aspiration.status_changes.last().public_text
    assert program.name in note and "30 perajin" in note and activity.name in note
