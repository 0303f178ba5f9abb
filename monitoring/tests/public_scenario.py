"""An FGD whose minutes are final, with an aspiration at every stage, and an approved plan with one
program under way: the data of the public pages' tests (monitoring) and of their PDF (reports)."""

from fgd.models import Aspiration, FgdSession
from fgd.services.aspirations import aspiration_merge, aspiration_transition
from fgd.tests.session_factories import FgdSessionFactory
from monitoring import services
from programs.models import AnnualPlan
from programs.tests.factories import (
    ActivityFactory,
    AnnualPlanFactory,
    AspirationFactory,
    ProgramFactory,
    RegionFactory,
    UserFactory,
)
from stakeholders.models import Region
from stakeholders.tests.factories import StakeholderFactory

Status = Aspiration.Status
# Names, numbers and addresses the data holds and the public pages must never show.
SECRETS = [
    "Budi Santoso", "+6281299990001", "budi@example.id", "Siti Rahmawati", "081255551234", "siti@x.id",
    "Dr. Andi Pratama", "Rahmat", "Hidayatullah", "Keputusan rapat",
]  # fmt: skip


def through(aspiration, *statuses):
    for status in statuses:
        aspiration_transition(aspiration=aspiration, to_status=status, public_note="")
    return aspiration


def build(officer) -> dict:
    city = RegionFactory(name="Kota Balikpapan", level=Region.Level.REGENCY, code="T6471")
    district = RegionFactory(name="Balikpapan Barat", level=Region.Level.DISTRICT, code="T647101", parent=city)
    kelurahan = RegionFactory(name="Margo Mulyo", level=Region.Level.SUBDISTRICT, code="T64710101", parent=district)
    other = RegionFactory(name="Penajam", level=Region.Level.DISTRICT, code="T640901")
    plan = AnnualPlanFactory(status=AnnualPlan.Status.APPROVED, year=2025)
    pic = UserFactory(first_name="Rahmat", last_name="Hidayatullah")
    started = ProgramFactory(plan=plan, name="Bank sampah Margo Mulyo", regions=[kelurahan], person_in_charge=pic)
    waiting = ProgramFactory(plan=plan, name="Mangrove Penajam", regions=[other, kelurahan], person_in_charge=pic)
    activity = ActivityFactory(program=started, months=[1, 2], budget=100_000_000)
    ActivityFactory(program=waiting, months=[9], budget=50_000_000)
    # Recorded before any aspiration is linked, so that it moves none of them.
    services.realisation_save(activity=activity, month=1, version=0, by=officer, status="on_track", progress=50)

    session = FgdSessionFactory(status=FgdSession.Status.MINUTES_FINAL, facilitators="Dr. Andi Pratama")
    speaker = StakeholderFactory(name="Budi Santoso", phone="+6281299990001", email="budi@example.id")
    made = {}

    def make(key, *statuses, source=Aspiration.Source.FGD, **fields):
        aspiration = AspirationFactory(
            status=Status.RECEIVED, session=session, source=source, region=kelurahan, title=f"Usulan {key}", **fields
        )
        made[key] = through(aspiration, *statuses)
        return made[key]

    make("received", stakeholder=speaker)
    make("accepted", Status.ACCEPTED)
    started.aspirations.add(make("under-way", Status.ACCEPTED, Status.PLANNED, Status.IN_PROGRESS))
    started.aspirations.add(make("done", Status.ACCEPTED, Status.PLANNED, Status.IN_PROGRESS, Status.DONE))
    waiting.aspirations.add(make("planned", Status.ACCEPTED, Status.PLANNED))
    aspiration_transition(aspiration=make("declined"), to_status=Status.DECLINED, public_note="Di luar wilayah operasi")
    aspiration_merge(duplicate=make("merged"), into=made["planned"])
    public = {"submitter_name": "Siti Rahmawati", "submitter_phone": "081255551234", "submitter_email": "siti@x.id"}
    make("unread", source=Aspiration.Source.PUBLIC_FORM, **public)
    make("public", Status.ACCEPTED, source=Aspiration.Source.PUBLIC_FORM, **public)
    for aspiration in made.values():
        aspiration.refresh_from_db()
    return {"session": session, "plan": plan, "started": started, "waiting": waiting, "aspirations": made}
