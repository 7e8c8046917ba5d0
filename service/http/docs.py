"""Swagger UI (/docs) and ReDoc (/redoc) from assets shipped in a package, never a CDN.

FastAPI's default pages load their scripts from a CDN, so an offline newsroom gets blank pages.
fastapi-offline vendors the same swagger-ui-dist and ReDoc standalone bundles; its files are
mounted here and FastAPI's own page builders (its documented self-hosting recipe) point at
them. Every `<script>` carries the response's CSP nonce (`service.http.headers`), so the
pages run under a policy that allows no other script.
"""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
# Swagger UI would send the document to an online validator for its badge: off.
_SWAGGER_PARAMETERS = {"validatorUrl": None}


def install_api_docs(app: FastAPI) -> None:
    """For an app built with `docs_url=None, redoc_url=None`."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=_openapi_url(app, request),
            title=f"{app.title} - Swagger UI",
            swagger_js_url=_asset(request, "swagger-ui-bundle.js"),
            swagger_css_url=_asset(request, "swagger-ui.css"),
            swagger_favicon_url=_asset(request, "favicon.png"),
            swagger_ui_parameters=_SWAGGER_PARAMETERS,
        )
        return _with_nonce(page, request)

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=_openapi_url(app, request),
            title=f"{app.title} - ReDoc",
            redoc_js_url=_asset(request, "redoc.standalone.js"),
            redoc_favicon_url=_asset(request, "favicon.png"),
            with_google_fonts=False,
        )
        return _with_nonce(page, request)


def _asset(request: Request, name: str) -> str:
    return f"{request.scope.get('root_path', '')}{ASSETS_URL}/{name}"


def _openapi_url(app: FastAPI, request: Request) -> str:
    return f"{request.scope.get('root_path', '')}{app.openapi_url}"


def _with_nonce(page: HTMLResponse, request: Request) -> HTMLResponse:
    """FastAPI's page with the nonce on each script tag (its inline setup code included)."""
    nonce = request.state.csp_nonce
    html = bytes(page.body).decode("utf-8").replace("<script", f'<script nonce="{nonce}"')
    return HTMLResponse(html)
