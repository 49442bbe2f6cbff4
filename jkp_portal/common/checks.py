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


def adapter_errors(*, setting: str, simulated_harm: str, unset: str, hint: str, ids: tuple[str, str]) -> list:
    """The errors of an adapter named by ``setting``: unset, not importable, a
    simulated one outside development/test (``ids[0]``), or one whose
    ``configuration_problems()`` lists anything (``ids[1]``)."""
    path = getattr(settings, setting, "")
    environment = getattr(settings, "DJANGO_ENV", "production")
    chosen_id, config_id = ids
    if not path:
        return [checks.Error(f"{setting} is not set: {unset}.", hint=hint, id=chosen_id)]
    try:
        adapter = import_string(path)
    except ImportError as exc:
        return [checks.Error(f"{setting} {path!r} cannot be imported ({exc}).", hint=hint, id=chosen_id)]
    if getattr(adapter, "simulated", False) and environment not in SAFE_ENVIRONMENTS:
        return [
            checks.Error(
                f"{setting} is {path} in the {environment!r} environment: {simulated_harm}.", hint=hint, id=chosen_id
            )
        ]
    return [
        checks.Error(f"{adapter.__name__}: {problem}.", hint=hint, id=config_id)
        for problem in adapter.configuration_problems()
    ]


@checks.register("jkp")
def check_sms_gateway(app_configs=None, **kwargs):
    return adapter_errors(
        setting="SMS_GATEWAY",
        unset="SMS notifications have no provider",
        simulated_harm="messages would be written to a log or a file on the server instead of reaching anyone",
        hint=HINT,
        ids=("jkp.E002", "jkp.E004"),
    )


def refuse_to_start_if_misconfigured() -> None:
    """Raise ImproperlyConfigured when a ``jkp`` check reports an error (called
    by wsgi.py, asgi.py and the Celery worker's start-up)."""
    errors = [
        message for message in checks.run_checks(tags=["jkp"]) if message.is_serious() and not message.is_silenced()
    ]
    if errors:
        raise ImproperlyConfigured("The portal refuses to start:\n" + "\n".join(str(e) for e in errors))
