"""API routes of the claims app (mounted under /api/v1/), one module per feature."""

from claims.apis import urls_calculator, urls_claims, urls_registry

urlpatterns = [*urls_registry.urlpatterns, *urls_calculator.urlpatterns, *urls_claims.urlpatterns]
