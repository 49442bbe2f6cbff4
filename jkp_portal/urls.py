from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from jkp_portal.accounts import views as account_views
from jkp_portal.audit import views as audit_views
from jkp_portal.common.health import healthz

# Each app contributes `urls.py` (HTML) and `api_urls.py` (under /api/v1/) when it has them.
APPS_WITH_URLS = ["claims", "claims.payouts", "claims.phk", "counseling", "training", "jkp_portal.reporting"]

api_v1 = [path("", include("jkp_portal.accounts.api_urls")), path("", include("jkp_portal.audit.api_urls"))]
html = []
for app in APPS_WITH_URLS:
    if find_spec(f"{app}.api_urls"):
        api_v1.append(path("", include(f"{app}.api_urls")))
    if find_spec(f"{app}.urls"):
        html.append(path("", include(f"{app}.urls")))

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("jkp_portal.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("audit/<str:app_label>/<str:model>/<str:object_id>/", audit_views.audit_trail, name="audit_trail"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include(api_v1)),
    *html,
]
