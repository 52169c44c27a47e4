"""Security headers that Django 5.2 does not set by itself."""

from __future__ import annotations

from django.conf import settings


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
