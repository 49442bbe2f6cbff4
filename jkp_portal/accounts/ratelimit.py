"""A per-address limit on failed sign-ins, checked before any password is hashed.

Hashing a password is deliberately slow, so a flood of wrong passwords (with a
new user name each time, which the per-account lockout never sees) would burn
the CPU of every worker process. Three small pieces, no change to any view:

- ``AddressLimitBackend`` sits first in ``AUTHENTICATION_BACKENDS``. Every
  ``authenticate()`` call (browser login, admin login, API token, whatever
  login view replaces them) reaches it before the hashing backends; once the
  address has used up its failures it refuses with ``PermissionDenied``, which
  stops Django from asking the other backends.
- ``count_failure`` listens to ``user_login_failed`` and counts one failure
  for the address in Redis (django-ratelimit's fixed-window counter). Only
  failures count: an office full of people signing in correctly never trips it.
- ``AddressLimitMiddleware`` turns a refused request into 429 with
  ``Retry-After`` (JSON under ``/api/``, a page otherwise).

The budget is ``LOGIN_FAILURES_PER_ADDRESS`` (``"30/15m"`` by default: many
workers share a kiosk or office address, so it is generous). The address is the
one DRF's throttles use: the socket address, or, when ``NUM_PROXIES`` trusted
proxies sit in front, the address they forwarded.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

GROUP = "accounts.login-failures"
LIMITED_ATTR = "jkp_login_retry_after"


def client_ip(request) -> str:
    """The client's address as the API throttles see it (honours NUM_PROXIES).
    Also axes' ``AXES_CLIENT_IP_CALLABLE``, so lockouts and limits agree."""
    return BaseThrottle().get_ident(request) or ""


def _address_key(group, request) -> str:
    """IPv6 clients get a whole /64 each (what one subscriber is given), so an
    attacker cannot step through addresses of their own prefix."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _usage(request, *, increment: bool) -> dict | None:
    return get_usage(
        request, group=GROUP, key=_address_key, rate=settings.LOGIN_FAILURES_PER_ADDRESS, increment=increment
    )


def _django_request(request):
    # DRF authentication classes pass their own Request wrapper to authenticate().
    return getattr(request, "_request", request)


class AddressLimitBackend:
    """Refuses, without hashing anything, a sign-in from an address that has
    used up its failures. It never signs anyone in, so it has no ``get_user``
    (``force_login`` and the session then skip it, as they skip axes')."""

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        usage = _usage(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            setattr(_django_request(request), LIMITED_ATTR, max(usage["time_left"], 1))
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="jkp_login_address_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(_django_request(request), LIMITED_ATTR, None):
        return
    _usage(request, increment=True)


def limited_response(request, retry_after: int):
    minutes = max(1, -(-retry_after // 60))
    message = _(
        "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini. Coba lagi dalam %(minutes)d menit."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "address_limited"}, status=429)
    else:
        response = render(request, "registration/address_limited.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class AddressLimitMiddleware:
    """Answers 429 for a sign-in that ``AddressLimitBackend`` refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        retry_after = getattr(request, LIMITED_ATTR, None)
        if retry_after:
            return limited_response(request, retry_after)
        return response
