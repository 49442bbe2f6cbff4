"""Development-only demo data and the `make run` stack (docs/architecture.md).

Installed only when DJANGO_ENV is ``development`` or ``test``
(``jkp_portal/settings/base.py``); in production ``load_demo_data`` does not
exist. One module (or package) per area, the steps listed once, in order, in
``steps.py``. Nothing imports this app (the top layer of the import-linter
contracts in ``pyproject.toml``)."""
