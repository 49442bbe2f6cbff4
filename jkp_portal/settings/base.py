"""Settings for every environment, read from the environment (12-factor).

DJANGO_ENV selects the defaults: ``development`` (make run) allows DEBUG and a
throw-away secret; anything else (``production``, ``test``) requires a real
SECRET_KEY and never turns DEBUG on by itself. See `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import environ
import plotly
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "jkp_portal"

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.exists():
    env.read_env(str(_env_file), overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="production")
DEVELOPMENT = DJANGO_ENV == "development"
TESTING = DJANGO_ENV == "test"

# Variables with no default outside development and test, checked together so
# that one message names every missing one (manage.py prints it as one line).
REQUIRED_OUTSIDE_DEVELOPMENT = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS")
if not (DEVELOPMENT or TESTING):
    _missing = [name for name in REQUIRED_OUTSIDE_DEVELOPMENT if not env.str(name, default="").strip()]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        # django-environ's own wording for one variable: "Set the SECRET_KEY environment variable".
        raise ImproperlyConfigured(
            f"Set the {' and '.join(_missing)} environment variable{'s' if len(_missing) > 1 else ''}"
        )

DEBUG = env.bool("DJANGO_DEBUG", default=DEVELOPMENT)
# A form sent after its page expired gets the portal's page, in Indonesian (not Django's English one).
CSRF_FAILURE_VIEW = "jkp_portal.common.errors.csrf_failure"
if DEVELOPMENT or TESTING:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-" + "x" * 40)
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required: no default secret outside development

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "jkp_portal.accounts.apps.BackOfficeAdminConfig",  # django.contrib.admin, admin role only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_ratelimit",
    "jkp_portal.accounts",
    "jkp_portal.audit",
    "jkp_portal.common",
    "claims",
    "claims.payouts",
    "claims.phk",
    "counseling",
    "training",
    "jkp_portal.reporting",
]
if DEVELOPMENT or TESTING:
    # Demo data and `make run` (docs/architecture.md): never installed in production.
    INSTALLED_APPS.append("jkp_portal.demo")

MIDDLEWARE = [
    # Load-balancer probes of /healthz, answered before the HTTPS redirect and the Host check.
    "jkp_portal.common.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jkp_portal.common.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL byte in the path, the query or a form is a 400 before any view runs.
    "jkp_portal.common.middleware.RejectNulBytesMiddleware",
    # Answers to signed-in people and /api/ are not stored by browsers or proxies.
    "jkp_portal.common.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jkp_portal.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "jkp_portal.accounts.ratelimit.AddressLimitMiddleware",
]

ROOT_URLCONF = "jkp_portal.urls"
WSGI_APPLICATION = "jkp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jkp_portal.common.context_processors.portal",
            ],
            "builtins": ["jkp_portal.accounts.templatetags.regions", "jkp_portal.accounts.templatetags.phones"],
        },
    },
]

# --- Data stores -----------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/jkp"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default="test_jkp")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
if TESTING and os.environ.get("PYTEST_VERSION"):
    # Under pytest each xdist worker (and each engineer's run, REDIS_TEST_DB_BASE)
    # gets a Redis database of its own, flushed at the start of its session.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{env.int('REDIS_TEST_DB_BASE', default=1) + _worker % 4}"
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="jkp"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True  # a killed worker's task is redelivered; tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Auth ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses an address that used up its failures before anything hashes.
    "jkp_portal.accounts.ratelimit.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jkp_portal.accounts.validators.CharacterClassValidator"},
    {"NAME": "jkp_portal.accounts.validators.PersonalDataValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a user name *from one address* after repeated failures, so
# an attacker elsewhere cannot lock an approver out of work (docs/security-login.md).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jkp_portal.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "jkp_portal.accounts.ratelimit.client_ip"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Failed sign-ins one address may make in a window before it gets 429 without
# any password being hashed (django-ratelimit rate: count/period, e.g. 30/15m).
# Generous, because workers often share an office or kiosk address.
LOGIN_FAILURES_PER_ADDRESS = env.str("LOGIN_FAILURES_PER_ADDRESS", default="30/15m")

# API tokens (django-rest-knox): only a hash is stored; each token expires.
# BPJS staff (verifier, approver, supervisor, admin) get short-lived tokens,
# everyone else (workers, konselor, employers, mediators) long-lived ones.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# The token model is ours (accounts.ApiToken, with a short id to revoke by), so
# knox's own migrations, which create a knox_authtoken table, are not run.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
API_TOKEN_TTL_STAFF_HOURS = env.int("API_TOKEN_TTL_STAFF_HOURS", default=8)
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",  # clients keep sending `Authorization: Token <token>`
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    # accounts.tokens.api_token_create sets each token's expiry by role; this
    # shortest one applies to any token made without it.
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_STAFF_HOURS),
}

# Second factor (django-otp, TOTP + single-use recovery codes) for the roles
# that approve money or registry changes, supervise offices or administer the portal.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["approver", "supervisor", "registry_officer", "admin"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="JKP Portal")
OTP_RECOVERY_CODES = 10

# --- i18n ------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PORTAL_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [
    PORTAL_DIR / "static",
    ("vendor/bootstrap", Path(bootstrap_wrapper.get_bootstrap_dir())),
    # The dashboards' charts: plotly.js as shipped inside the plotly wheel.
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside the static tree and are only served by
# permission-checked views (never under MEDIA_URL).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# --- Mail and notifications ----------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="JKP Portal <noreply@jkp.example.id>")
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=["email"])
# The SMS provider (a class with send(phone=, text=, reference=)). Production:
# HttpSmsGateway with SMS_HTTP_URL and SMS_HTTP_API_KEY. The demo appends to
# var/sms.log, the tests keep messages in memory; neither may run elsewhere
# (system check jkp.E002), and outside development/test there is no default.
SMS_GATEWAY = env.str(
    "SMS_GATEWAY",
    default="jkp_portal.common.notifications.FileSmsGateway"
    if DEVELOPMENT
    else "jkp_portal.common.notifications.LogSmsGateway"
    if TESTING
    else "",
)
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_API_KEY = env.str("SMS_HTTP_API_KEY", default="")
SMS_HTTP_SENDER = env.str("SMS_HTTP_SENDER", default="BPJSTK")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=BASE_DIR / "var" / "sms.log")
# Inbound SMS (a worker texts "STATUS <claim number>" and gets the status back,
# claims/services/sms_status.py): the provider POSTs each message to /sms/masuk/
# signed with HMAC-SHA256 under SMS_INBOUND_SECRET (no secret: every callback is
# refused); SMS_INBOUND_NUMBER is the number printed on receipts for it
# (system check jkp.E005/W005); a sender gets at most SMS_INBOUND_PER_HOUR replies an hour.
SMS_INBOUND_SECRET = env.str("SMS_INBOUND_SECRET", default="")
SMS_INBOUND_NUMBER = env.str("SMS_INBOUND_NUMBER", default="99175" if DEVELOPMENT else "")
SMS_INBOUND_PER_HOUR = env.int("SMS_INBOUND_PER_HOUR", default=10)
# The portal's public address, for links in e-mails and on printed receipts.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000" if DEVELOPMENT else "")

# --- The paying bank -------------------------------------------------------------
# Class path of the bank adapter (claims/payouts/bank_adapters.py). Production:
# FileExchangeBank (PAYOUT_BANK_OUTBOX/INBOX/ARCHIVE: folders shared with the
# bank) or HostToHostBank (PAYOUT_BANK_H2H_*). The simulated bank serves the
# demo and the tests only (system check jkp.E001); elsewhere there is no default.
PAYOUT_BANK_ADAPTER = env.str(
    "PAYOUT_BANK_ADAPTER",
    default="claims.payouts.bank_adapters.SimulatedBank" if (DEVELOPMENT or TESTING) else "",
)
# A Celery payout run still marked running this long after it started has lost
# its chunks (killed worker, emptied broker): the next run_daily resumes it.
PAYOUT_RUN_STALE_MINUTES = env.int("PAYOUT_RUN_STALE_MINUTES", default=120)
PAYOUT_BANK_OUTBOX = env.str("PAYOUT_BANK_OUTBOX", default="")
PAYOUT_BANK_INBOX = env.str("PAYOUT_BANK_INBOX", default="")
PAYOUT_BANK_ARCHIVE = env.str("PAYOUT_BANK_ARCHIVE", default="")
PAYOUT_BANK_H2H_URL = env.str("PAYOUT_BANK_H2H_URL", default="")
PAYOUT_BANK_H2H_API_KEY = env.str("PAYOUT_BANK_H2H_API_KEY", default="")
PAYOUT_BANK_H2H_CLIENT_CERT = env.str("PAYOUT_BANK_H2H_CLIENT_CERT", default="")
PAYOUT_BANK_H2H_CLIENT_KEY = env.str("PAYOUT_BANK_H2H_CLIENT_KEY", default="")
PAYOUT_BANK_H2H_CA_BUNDLE = env.str("PAYOUT_BANK_H2H_CA_BUNDLE", default="")
PAYOUT_BANK_H2H_TIMEOUT = env.float("PAYOUT_BANK_H2H_TIMEOUT", default=30.0)
PAYOUT_BANK_H2H_RETRIES = env.int("PAYOUT_BANK_H2H_RETRIES", default=3)
PAYOUT_BANK_H2H_BACKOFF = env.float("PAYOUT_BANK_H2H_BACKOFF", default=1.0)

# Key for encrypting bank account numbers at rest (Fernet, urlsafe base64, 32 bytes).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS",
    default=["Vt2S0v4oWJ3C2x8q7Zx7b1mP0gH0bqgA5m2cC8b1xQE="] if (DEVELOPMENT or TESTING) else [],
)
if not FIELD_ENCRYPTION_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set outside development (bank accounts are encrypted).")

# --- REST API ----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jkp_portal.common.pagination.PortalPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jkp_portal.common.exceptions.api_exception_handler",
    # The JSON parser refuses deeply nested bodies with a 400 (RecursionError otherwise).
    "DEFAULT_PARSER_CLASSES": [
        "jkp_portal.common.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon_simulate": env.str("THROTTLE_SIMULATE", default="60/min"),
        "anon_auth": env.str("THROTTLE_AUTH", default="30/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Proxies in front of the portal whose X-Forwarded-For is trusted for throttling
    # (0: use the socket address, so a client cannot fake its address).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# The OpenAPI schema and its Swagger/Redoc pages (/api/schema/, /api/docs/,
# /api/redoc/). On in development and tests; production.py turns them off unless
# API_DOCS_ENABLED=true (off: those URLs answer 404).
API_DOCS_ENABLED = env.bool("API_DOCS_ENABLED", default=True)
SPECTACULAR_SETTINGS = {
    "TITLE": "JKP Portal API",
    "DESCRIPTION": "API Jaminan Kehilangan Pekerjaan (BPJS Ketenagakerjaan).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every app has its own "status", "mode", "source" and "kind": name each choice set.
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.claims.ClaimStatus",
        "DocumentKindEnum": "claims.models.claims.DocumentKind",
        "ContributionStatusEnum": "claims.models.registry.Contribution.Status",
        "RegistryImportKindEnum": "claims.models.registry.RegistryImport.Kind",
        "RegistryImportStatusEnum": "claims.models.registry.RegistryImport.Status",
        "BenefitStatusEnum": "claims.payouts.models.benefits.BenefitStatus",
        "MonthStatusEnum": "claims.payouts.models.benefits.MonthStatus",
        "BatchKindEnum": "claims.payouts.models.payments.BatchKind",
        "BatchStatusEnum": "claims.payouts.models.payments.BatchStatus",
        "PaymentStatusEnum": "claims.payouts.models.payments.PaymentStatus",
        "RunStatusEnum": "claims.payouts.models.payments.RunStatus",
        "ReimbursementStatusEnum": "claims.payouts.models.reimbursements.ReimbursementStatus",
        "ActivityKindEnum": "claims.payouts.models.evidence.ActivityKind",
        "PhkReportSourceEnum": "claims.phk.models.PhkReport.Source",
        "PhkRowStatusEnum": "claims.phk.models.RowStatus",
        "PhkDocumentKindEnum": "claims.phk.models.PhkDocument.Kind",
        "PhkUploadStatusEnum": "claims.phk.models.PhkUpload.Status",
        "OutreachEventStatusEnum": "claims.phk.models.OutreachEvent.Status",
        "DashboardRefreshStatusEnum": "jkp_portal.reporting.models.DashboardRefresh.Status",
        "CaseStatusEnum": "counseling.models.CaseStatus",
        "SessionModeEnum": "counseling.models.SessionMode",
        "SessionStatusEnum": "counseling.models.SessionStatus",
        "DeliveryModeEnum": "training.models.providers.DeliveryMode",
        "ProgrammeStatusEnum": "training.models.providers.ProgrammeStatus",
        "RecommendationStatusEnum": "training.models.enrolments.RecommendationStatus",
        "EnrolmentStatusEnum": "training.models.enrolments.EnrolmentStatus",
        "EnrolmentSourceEnum": "training.models.enrolments.EnrolmentSource",
        "AttendanceSourceEnum": "training.models.enrolments.AttendanceSource",
        "VacancyStatusEnum": "training.models.jobs.VacancyStatus",
        "VacancySourceEnum": "training.models.jobs.VacancySource",
        "ApplicationStatusEnum": "training.models.jobs.ApplicationStatus",
        "TrainingImportKindEnum": "training.models.jobs.TrainingImport.Kind",
    },
}

# --- Security headers (production.py tightens the rest) -------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"  # document previews are framed by our own pages
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "worker-src": ["'self'", "blob:"],
    }
}

# Permissions-Policy (django-permissions-policy): the portal uses none of these
# browser features, so no page - nor anything injected into one - may ask for
# them. Document photos use <input type="file" capture>, which opens the phone's
# own camera app and needs no camera permission.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # NIKs, phone numbers and account numbers never reach a log, whoever logs them.
    "filters": {
        "redact": {"()": "jkp_portal.common.logredact.RedactingFilter"},
        "refusal_without_traceback": {"()": "jkp_portal.common.logredact.RefusalWithoutTraceback"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusal_without_traceback", "redact"],
        },
        # runserver's request lines (a search URL can carry a NIK): Django's own handler, plus the filter.
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
