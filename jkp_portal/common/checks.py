"""System checks of the SMS gateway, and the start-up guard that runs the
portal's own checks (tag ``jkp``) where Django does not run checks by itself:
the WSGI/ASGI application (gunicorn) and the Celery worker.

Outside development and test the SMS gateway must be a real provider, never
the log or file gateway, and fully configured."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

SAFE_ENVIRONMENTS = ("development", "test")
HINT = (
    "Set SMS_GATEWAY=jkp_portal.common.notifications.HttpSmsGateway with SMS_HTTP_URL and SMS_HTTP_API_KEY "
    "(the provider's endpoint and key); see docs/production-adapters.md."
)


@checks.register("jkp")
def check_sms_gateway(app_configs=None, **kwargs):
    path = getattr(settings, "SMS_GATEWAY", "")
    environment = getattr(settings, "DJANGO_ENV", "production")
    if not path:
        return [checks.Error("SMS_GATEWAY is not set: SMS notifications have no provider.", hint=HINT, id="jkp.E002")]
    try:
        gateway = import_string(path)
    except ImportError as exc:
        return [checks.Error(f"SMS_GATEWAY {path!r} cannot be imported ({exc}).", hint=HINT, id="jkp.E002")]
    if getattr(gateway, "simulated", False) and environment not in SAFE_ENVIRONMENTS:
        return [
            checks.Error(
                f"SMS_GATEWAY is {path} in the {environment!r} environment: messages would be written to a "
                "log or a file on the server instead of reaching anyone.",
                hint=HINT,
                id="jkp.E002",
            )
        ]
    return [
        checks.Error(f"{gateway.__name__}: {problem}.", hint=HINT, id="jkp.E004")
        for problem in gateway.configuration_problems()
    ]


def refuse_to_start_if_misconfigured() -> None:
    """Raise ImproperlyConfigured when a ``jkp`` check reports an error (called
    by wsgi.py, asgi.py and the Celery worker's start-up)."""
    errors = [
        message for message in checks.run_checks(tags=["jkp"]) if message.is_serious() and not message.is_silenced()
    ]
    if errors:
        raise ImproperlyConfigured("The portal refuses to start:\n" + "\n".join(str(e) for e in errors))
