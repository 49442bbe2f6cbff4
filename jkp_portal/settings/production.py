"""Production settings: everything in base.py, plus the transport and cookie
hardening that `manage.py check --deploy` asks for."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe /healthz on plain HTTP (HealthCheckMiddleware answers it
# first anyway; this keeps it exempt should the middleware order change).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The API's schema and documentation pages map every endpoint: off unless the
# operator turns them on (integrators use a staging instance or `manage.py spectacular`).
API_DOCS_ENABLED = env.bool("API_DOCS_ENABLED", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Claim documents are previewed in a frame of the portal's own claim page, so
# framing stays allowed for the same origin (X-Frame-Options SAMEORIGIN and CSP
# frame-ancestors 'self'); other sites can never frame the portal.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
