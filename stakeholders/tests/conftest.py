import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(request, settings):
    """Assertions read the English source strings; browser journeys run in the default language (id)."""
    if "live_server" in request.fixturenames:
        yield
        return
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
