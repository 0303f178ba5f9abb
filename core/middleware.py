from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy, which Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Bahasa Indonesia first: the language is the one chosen with the switch (a cookie), else
    Indonesian. The browser's Accept-Language is deliberately ignored, since many phones here
    are set to English while their owners expect the Indonesian interface."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.codes:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response
