"""Back-office registrations of the claims app, one module per feature (imported
here so Django's admin autodiscovery registers them)."""

from claims.admin import claims, registry  # noqa: F401
