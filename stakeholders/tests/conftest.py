import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read the English source strings; the Indonesian catalogue is checked elsewhere."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
