"""Security headers that Django 5.2 does not set by itself."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """Adds a Content-Security-Policy without 'unsafe-inline' scripts (Django 5.2 has no CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class SecureCookieMiddleware:
    """Marks cookies Secure when the request came over HTTPS and debug is off.

    A plain ``SESSION_COOKIE_SECURE = True`` would make ``make run`` on http://127.0.0.1 lose every
    login; a site served over HTTPS gets Secure cookies without any setting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG and request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


class LanguageMiddleware:
    """Indonesian unless the reader chose English with the language switcher.

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so a reader in Jakarta
    with an English browser would land on an English site; kabar is an Indonesian site first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
