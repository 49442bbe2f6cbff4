"""Back-office registrations of the claims app, one module per feature."""

from importlib import import_module
from importlib.util import find_spec

for _name in ("claims.admin_registry", "claims.admin_claims"):
    if find_spec(_name):
        import_module(_name)
