import pytest
from django.utils import translation
@pytest.fixture(autouse=True)
def _lang_leak(request):
    yield
    lang = translation.get_language()
    if lang and not lang.startswith("id"):
        print(f"\nLANGLEAK {lang} after {request.node.nodeid}")
        translation.activate("id")
