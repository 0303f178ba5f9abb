"""Reports' own test data: a plan full of programs, an FGD session with its minutes, report jobs.

Plans, programs and aspirations come from programs' factories, sessions and invitations from fgd's,
stakeholders from the register's; only what a report needs on top of them is defined here.
"""

import factory
from django.utils import timezone

from fgd.models import FgdSession, Invitation
from fgd.tests import session_factories
from programs.models import AnnualPlan, Sdg
from programs.tests import factories as program_factories
from programs.tests.factories import (
    ActivityFactory,
    AspirationFactory,
    CategoryFactory,
    ProgramFactory,
    RegionFactory,
    StrategicGoalFactory,
)
from reports.models import ReportJob
from stakeholders.tests.factories import StakeholderFactory


class AnnualPlanFactory(program_factories.AnnualPlanFactory):
    # A report test often holds several plans of the same year (a job's plan besides its own).
    version = factory.Sequence(lambda n: n + 1)


class FgdSessionFactory(session_factories.FgdSessionFactory):
    """A held session with everything its minutes print."""

    facilitators = "Dr. Andi Pratama"
    organiser = "Unit TJSL"
    agenda = "1. Pembukaan\n2. Paparan Renstra\n3. Diskusi kelompok\n4. Kesepakatan"
    discussion_points = "Pemasaran produk sabut kelapa\nPanen air hujan"
    agreements = "Program prioritas disusun bersama Bappedalitbang"
    status = FgdSession.Status.HELD


class InvitationFactory(session_factories.InvitationFactory):
    """An invitation accepted and attended: the minutes' attendance list counts it."""

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
    """A plan whose programs have activities of Rp 150.000.000 each, an indicator, a region, SDGs and
    traced aspirations; all programs share one goal, category and region."""
    plan = AnnualPlanFactory(**plan_fields)
    goal = StrategicGoalFactory(strategic_plan=plan.strategic_plan)
    category, place = CategoryFactory(), RegionFactory()
    sdgs = list(Sdg.objects.filter(number__in=[1, 8]))
    for _ in range(programs):
        program = ProgramFactory(plan=plan, strategic_goal=goal, category=category, regions=[place], sdgs=sdgs)
        ActivityFactory.create_batch(activities, program=program, budget=150_000_000)
        program.aspirations.add(*AspirationFactory.create_batch(aspirations))
    return plan
