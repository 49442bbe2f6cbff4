"""HTML routes of the claims app, gathered from its feature modules."""

from importlib import import_module
from importlib.util import find_spec

app_name = "claims"

FEATURE_MODULES = ["claims.views.urls_registry", "claims.views.urls_calculator", "claims.views.urls_claims"]

urlpatterns = []
for _name in FEATURE_MODULES:
    if find_spec(_name.rsplit(".", 1)[0]) and find_spec(_name):
        urlpatterns += import_module(_name).urlpatterns
