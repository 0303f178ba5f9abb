import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from programs.models import AnnualPlan
from programs.tests.factories import ActivityFactory, AnnualPlanFactory, ProgramFactory


def photo(name: str = "serah-terima.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def approved_plan(db):
    return AnnualPlanFactory(status=AnnualPlan.Status.APPROVED, year=2025)


@pytest.fixture
def activity(approved_plan):
    program = ProgramFactory(plan=approved_plan, name="Sabut kelapa Koperasi KIM")
    return ActivityFactory(program=program, months=[1, 2, 3], budget=90_000_000, name="Pelatihan anyaman")
