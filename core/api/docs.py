"""The API's documentation pages (Swagger UI, ReDoc) under the portal's Content-Security-
Policy. Both load their scripts from 'self' (drf-spectacular-sidecar); Swagger UI's script is
served by URL rather than inline (the split view), and ReDoc's page has no inline script
(core/templates/core/api/redoc.html). Their bundles inject <style> elements and ReDoc runs a
worker from a blob: URL, so these two pages alone allow inline styles and blob: workers."""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

DOCS_PAGE_POLICY = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


def swagger_view(**kwargs):
    return csp_update(DOCS_PAGE_POLICY)(SpectacularSwaggerSplitView.as_view(**kwargs))


def redoc_view(**kwargs):
    return csp_update(DOCS_PAGE_POLICY)(
        SpectacularRedocView.as_view(template_name="core/api/redoc.html", **kwargs)
    )
