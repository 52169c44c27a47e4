"""The /api/v1 application: one NinjaAPI with our error shape and self-hosted docs."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from kabar.api import articles, search, stories
from kabar.api import comments as comments_api
from kabar.api.errors import install_error_handlers

api = NinjaAPI(
    title="kabar API",
    version="1",
    description=(
        "Read-only JSON access to the articles kabar collects from Japanese media. "
        'Every error has the shape `{"error": {"code": "...", "message": "..."}}`.'
    ),
    urls_namespace="api",
    # Swagger UI's assets ship with django-ninja and are served by us, never from a CDN. The online
    # validator badge would call validator.swagger.io, so it is switched off.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)
api.add_router("/", articles.router)
api.add_router("/", search.router)
api.add_router("/", stories.router)
api.add_router("/", comments_api.router)
