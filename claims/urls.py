"""HTML routes of the claims app, one module per feature (namespace ``claims``)."""

from claims.views import urls_calculator, urls_claims, urls_registry

app_name = "claims"

urlpatterns = [*urls_registry.urlpatterns, *urls_calculator.urlpatterns, *urls_claims.urlpatterns]
