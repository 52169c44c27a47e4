"""The one error shape of the API: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's defaults (422 with a "detail" list, 404 with "detail") with our shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return api.create_response(request, error_body(exc.code, exc.message), status=exc.status)

    @api.exception_handler(ValidationError)
    def invalid_parameter(request, exc: ValidationError):
        # Bad parameters are a client error like any other, so 400 rather than ninja's 422.
        problems = []
        for item in exc.errors:
            where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "request"
            problems.append(f"{where}: {item.get('msg', 'invalid value')}")
        return api.create_response(request, error_body("invalid_parameter", "; ".join(problems)), status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return api.create_response(request, error_body("not_found", "Not found."), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = "not_found" if exc.status_code == 404 else "error"
        return api.create_response(request, error_body(code, exc.message), status=exc.status_code)


def unknown_path(request, path: str = ""):
    """Any /api/v1/ URL that matches no endpoint."""
    return JsonResponse(error_body("not_found", "No such API endpoint; see /api/v1/docs."), status=404)
