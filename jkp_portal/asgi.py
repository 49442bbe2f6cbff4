import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jkp_portal.settings.base")
application = get_asgi_application()

# gunicorn/uvicorn do not run system checks: refuse to serve with a simulated
# bank or SMS gateway (or none) outside development and test.
from jkp_portal.common.checks import refuse_to_start_if_misconfigured  # noqa: E402

refuse_to_start_if_misconfigured()
