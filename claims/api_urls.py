"""API routes of the claims app (mounted under /api/v1/), gathered from its feature modules."""

from importlib import import_module
from importlib.util import find_spec

FEATURE_MODULES = ["claims.apis.urls_registry", "claims.apis.urls_calculator", "claims.apis.urls_claims"]

urlpatterns = []
for _name in FEATURE_MODULES:
    if find_spec(_name.rsplit(".", 1)[0]) and find_spec(_name):
        urlpatterns += import_module(_name).urlpatterns
