"""Factories for the data the reports render: a plan with programs, an FGD with attendance."""

import datetime

import factory
from django.utils import timezone

from fgd.models import Aspiration, AspirationCategory, FgdSession, Invitation
from fgd.services import new_tracking_code
from programs.models import Activity, AnnualPlan, Indicator, Program, Sdg, StrategicGoal, StrategicPlan
from reports.models import ReportJob
from stakeholders.models import Organization, Region, Stakeholder

WITA = datetime.timezone(datetime.timedelta(hours=8))


def region(name: str = "Balikpapan Barat", code: str = "64.71.01", ring: int | None = 1) -> Region:
    regency, _ = Region.objects.get_or_create(
        code="64.71", defaults={"name": "Kota Balikpapan", "level": Region.Level.REGENCY}
    )
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": Region.Level.DISTRICT, "parent": regency, "ring": ring}
    )
    return obj


def category(code: str = "ekonomi", name_id: str = "Ekonomi", name_en: str = "Economy") -> AspirationCategory:
    obj, _ = AspirationCategory.objects.get_or_create(code=code, defaults={"name_id": name_id, "name_en": name_en})
    return obj


def sdg(number: int) -> Sdg:
    obj, _ = Sdg.objects.get_or_create(
        number=number, defaults={"name_id": f"Tujuan {number}", "name_en": f"Goal {number}"}
    )
    return obj


class StrategicPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicPlan

    name = "Renstra TJSL 2025–2029"
    start_year = 2025
    end_year = 2029
    vision = "Menjadi mitra pembangunan berkelanjutan bagi masyarakat Balikpapan."
    mission = "Memberdayakan ekonomi lokal dan menjaga lingkungan pesisir."


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    strategic_plan = factory.SubFactory(StrategicPlanFactory)
    code = factory.Sequence(lambda n: f"SG{n + 1}")
    title = "Kemandirian ekonomi mitra binaan"


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    strategic_plan = factory.SubFactory(StrategicPlanFactory)
    year = 2025
    version = factory.Sequence(lambda n: n + 1)
    title = "Rencana Kerja TJSL"
    budget_ceiling = 5_000_000_000


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    plan = factory.SubFactory(AnnualPlanFactory)
    code = factory.Sequence(lambda n: f"P{n + 1:02d}")
    name = factory.Sequence(lambda n: f"Program Pemberdayaan {n + 1}")
    pillar = "economic"
    objective = "Meningkatkan pendapatan kelompok usaha sabut kelapa."
    beneficiaries_count = 120
    beneficiaries_kind = "pelaku UMKM"
    start_month = 2
    end_month = 11


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Pelatihan pemasaran daring {n + 1}")
    months = [3, 4, 5]
    budget = 150_000_000
    cost_category = Activity.CostCategory.TRAINING


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    name = "Kenaikan omzet kelompok"
    unit = "%"
    baseline = 0
    target = 25


class AspirationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aspiration

    tracking_code = factory.LazyFunction(new_tracking_code)
    title = factory.Sequence(lambda n: f"Pemasaran produk sabut kelapa {n + 1}")
    description = "Kelompok meminta pendampingan pemasaran produk."
    status = Aspiration.Status.PLANNED
    source = Aspiration.Source.FGD


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Koperasi Kriya Inovasi Mandara {n + 1}")
    type = Organization.Type.COOPERATIVE


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Siti Rahmawati {n + 1}")
    organization = factory.SubFactory(OrganizationFactory)
    influence = 4
    interest = 4


class FgdSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FgdSession

    title = "FGD Rencana Kerja TJSL 2025"
    theme = "Penyusunan program TJSL 2025"
    starts_at = datetime.datetime(2024, 10, 15, 9, 0, tzinfo=WITA)
    venue = "Banua Patra"
    facilitators = "Dr. Andi Pratama"
    organiser = "Unit TJSL"
    agenda = "1. Pembukaan\n2. Paparan Renstra\n3. Diskusi kelompok\n4. Kesepakatan"
    discussion_points = "Pemasaran produk sabut kelapa\nPanen air hujan"
    agreements = "Program prioritas disusun bersama Bappedalitbang"
    status = FgdSession.Status.HELD
    public_code = factory.Sequence(lambda n: f"FGD{n:05d}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(FgdSessionFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)
    response = Invitation.Response.ACCEPTED
    attendance = Invitation.Attendance.PRESENT


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = ReportJob.Kind.PLAN_PDF
    plan = factory.SubFactory(AnnualPlanFactory)
    language = "id"


def approved(plan: AnnualPlan, by=None) -> AnnualPlan:
    plan.status = AnnualPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = by
    plan.save()
    return plan


def plan_with_programs(*, programs: int = 3, activities: int = 2, aspirations: int = 2, **plan_fields) -> AnnualPlan:
    """A plan whose programs have activities, an indicator, a region, SDGs and traced aspirations."""
    plan = AnnualPlanFactory(**plan_fields)
    goal = StrategicGoalFactory(strategic_plan=plan.strategic_plan)
    place = region()
    for _ in range(programs):
        program = ProgramFactory(plan=plan, strategic_goal=goal, category=category())
        program.regions.add(place)
        program.sdgs.add(sdg(1), sdg(8))
        IndicatorFactory(program=program)
        ActivityFactory.create_batch(activities, program=program)
        program.aspirations.add(*AspirationFactory.create_batch(aspirations))
    return plan
