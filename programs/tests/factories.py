"""factory_boy factories for plans, programs and what they point at.

Regions, categories and aspirations have their own apps; the small factories here create just what
a plan test needs (with codes that never collide with the reference data), so these tests do not
depend on another app's test helpers.
"""

import factory
from django.contrib.auth import get_user_model

from core.choices import Pillar, Ring
from fgd.models import Aspiration, AspirationCategory
from fgd.services.aspirations import aspiration_create, aspiration_transition
from programs.models import (
    Activity,
    AnnualPlan,
    GoalIndicator,
    Indicator,
    Program,
    ProgramPartner,
    Sdg,
    StrategicGoal,
    StrategicPlan,
)
from stakeholders.models import Organization, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Rina"
    last_name = factory.Sequence(lambda n: f"Staf {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Kelurahan Uji {n}")
    level = Region.Level.DISTRICT
    code = factory.Sequence(lambda n: f"T{n:05d}")
    ring = Ring.RING_1


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AspirationCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    order = 99


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Kelompok Masyarakat {n}")
    type = Organization.Type.COMMUNITY_GROUP


class AspirationFactory(factory.Factory):
    """An aspiration made through the real service (tracking code and history), accepted by default."""

    class Meta:
        model = Aspiration

    title = factory.Sequence(lambda n: f"Aspirasi {n}")
    description = "Usulan dari FGD Banua Patra"
    source = Aspiration.Source.FGD
    category = factory.SubFactory(CategoryFactory)
    region = factory.SubFactory(RegionFactory)
    status = Aspiration.Status.ACCEPTED

    @classmethod
    def _create(cls, model_class, *, status, **fields):
        aspiration = aspiration_create(**fields)
        if status != Aspiration.Status.RECEIVED:
            aspiration_transition(aspiration=aspiration, to_status=status, public_note="Keputusan rapat")
        return aspiration

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("aspirations are always created through fgd.services.aspirations")


class StrategicPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicPlan

    name = "Renstra TJSL 2025–2029"
    start_year = 2025
    end_year = 2029
    vision = "Menjadi mitra pembangunan masyarakat yang berkelanjutan"
    mission = "Memberdayakan masyarakat sekitar wilayah operasi"


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    strategic_plan = factory.SubFactory(StrategicPlanFactory)
    code = factory.Sequence(lambda n: f"SG{n}")
    title = factory.Sequence(lambda n: f"Tujuan strategis {n}")


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(StrategicGoalFactory)
    name = "Kelompok binaan mandiri"
    unit = "kelompok"
    baseline = 2
    yearly_targets = factory.LazyFunction(lambda: {"2025": "4", "2026": "6"})


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    strategic_plan = factory.SubFactory(StrategicPlanFactory)
    year = 2025
    version = 1
    title = "Rencana Kerja TJSL"
    budget_ceiling = 5_000_000_000
    status = AnnualPlan.Status.DRAFT


class ProgramFactory(factory.django.DjangoModelFactory):
    """A complete program: passes every pre-submission check once it has an activity (see `with_activity`)."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    plan = factory.SubFactory(AnnualPlanFactory)
    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Program {n}")
    pillar = Pillar.SOCIAL
    category = factory.SubFactory(CategoryFactory)
    objective = "Meningkatkan kesejahteraan masyarakat"
    beneficiaries_count = 50
    beneficiaries_kind = "kepala keluarga"
    person_in_charge = factory.SubFactory(UserFactory)

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create:
            self.sdgs.set(extracted if extracted is not None else [Sdg.objects.get(number=1)])

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted if extracted is not None else [RegionFactory()])

    @factory.post_generation
    def with_indicator(self, create, extracted, **kwargs):
        if create and extracted is not False:
            IndicatorFactory(program=self)

    @factory.post_generation
    def with_activity(self, create, extracted, **kwargs):
        """with_activity=1_000_000 adds one activity of that budget."""
        if create and extracted:
            ActivityFactory(program=self, budget=extracted)


class ProgramPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPartner

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = ProgramPartner.Role.IMPLEMENTER


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    kind = Indicator.Kind.OUTPUT
    name = "Peserta pelatihan"
    unit = "orang"
    baseline = 0
    target = 40


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Kegiatan {n}")
    months = factory.LazyFunction(lambda: [3, 4, 5])
    budget = 100_000_000
    cost_category = Activity.CostCategory.TRAINING
    responsible_party = "Tim TJSL"
