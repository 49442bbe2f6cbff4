from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from jkp_portal.accounts import views as account_views
from jkp_portal.audit import views as audit_views
from jkp_portal.common.health import healthz

# Error answers: JSON under /api/, pages elsewhere (used when DEBUG is off).
handler400 = "jkp_portal.common.errors.bad_request"
handler403 = "jkp_portal.common.errors.permission_denied"
handler404 = "jkp_portal.common.errors.page_not_found"
handler500 = "jkp_portal.common.errors.server_error"


def api_docs(view):
    """The API schema and docs pages, 404 when settings.API_DOCS_ENABLED is off
    (checked per request, so the setting can change without a new URL map)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.API_DOCS_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


# Each app's routes, named one by one: a wrong module name is an ImportError at start-up.
api_v1 = [
    path("", include("jkp_portal.accounts.api_urls")),
    path("", include("jkp_portal.audit.api_urls")),
    path("", include("claims.api_urls")),
    path("", include("claims.payouts.api_urls")),
    path("", include("claims.phk.api_urls")),
    path("", include("counseling.api_urls")),
    path("", include("training.api_urls")),
    path("", include("jkp_portal.reporting.api_urls")),
]
html = [
    path("", include("claims.urls")),
    path("", include("claims.payouts.urls")),
    path("", include("claims.phk.urls")),
    path("", include("counseling.urls")),
    path("", include("training.urls")),
    path("", include("jkp_portal.reporting.urls")),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("jkp_portal.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("audit/<str:app_label>/<str:model>/<str:object_id>/", audit_views.audit_trail, name="audit_trail"),
    path("admin/", admin.site.urls),
    path("api/schema/", api_docs(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", api_docs(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/redoc/", api_docs(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("api/v1/", include(api_v1)),
    *html,
]
