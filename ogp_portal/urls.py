from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ogp_portal import languages
from ogp_portal.accounts import audit_views
from ogp_portal.accounts.views import account_overview
from ogp_portal.health import healthz, readyz
from ogp_portal.pages.home import robots_txt
from ogp_portal.sitemaps import SITEMAPS

handler500 = "core.errors.server_error"

# One address for every language: machines' endpoints (ogp_portal.languages).
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Bulk progress CSV and open-data dumps; before the API router (upload/ is not a detail).
    path("api/v1/", include("commitments.api.progress_urls")),
    path("api/v1/", include("ogp_portal.open_data.urls")),
    path("api/v1/", include("ogp_portal.notifications.api_urls")),
    path("api/v1/", include("ogp_portal.api_urls")),
    path("i18n/setlang/", languages.set_language, name="set_language"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

# The pages people read: in English here, in Spanish under /es/, in French under /fr/.
urlpatterns += languages.language_patterns(
    path("accounts/", account_overview, name="account_overview"),
    path("accounts/", include("ogp_portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("irm/", include(("irm_reviews.urls", "irm"))),
    path("notifications/", include("ogp_portal.notifications.urls")),
    path("", include("ogp_portal.pages.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
