"""Back-office registrations of the claims app, one module per feature (imported
here so Django's admin autodiscovery registers them)."""

from claims import admin_claims, admin_registry  # noqa: F401
