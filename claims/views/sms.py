"""The SMS provider's inbound callback: a worker's text to the portal's number.

``POST /sms/masuk/`` with the JSON body ``{"from": "+62812…", "text": "STATUS 123",
"reference": "<the provider's message id>"}`` and the header
``X-Jkp-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw body under
``SMS_INBOUND_SECRET``. No CSRF token (the provider is not a browser); no
session: the signature is the authentication. Answers:

* 200 ``{"status": "accepted"}`` (or ``"duplicate"`` for a reference seen before);
* 400 for a body that is not JSON or lacks a field;
* 403 without a secret configured, without a signature or with a wrong one;
* 405 for another method, 413 for a body over ``MAX_BODY`` bytes.

The reply to the worker goes out by SMS (claims/services/sms_status.py), never
in this answer."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from claims.services.sms_status import sms_status_receive

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Jkp-Signature"
MAX_BODY = 4096  # an SMS is at most a few hundred characters; the JSON around it is small


def sign(body: bytes, secret: str) -> str:
    """The signature header's value for ``body`` (the provider computes the same)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _read_body(request) -> bytes | None:
    """The raw body, or None when it is over MAX_BODY (told or found while reading)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY:
        return None
    body = request.read(MAX_BODY + 1)
    return None if len(body) > MAX_BODY else body


@csrf_exempt
@require_POST
def sms_inbound(request):
    secret = getattr(settings, "SMS_INBOUND_SECRET", "")
    if not secret:
        logger.warning("inbound SMS refused: SMS_INBOUND_SECRET is not set")
        return _refuse(403, "inbound SMS is not configured")
    body = _read_body(request)
    if body is None:
        return _refuse(413, "body too large")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not given or not hmac.compare_digest(given.strip().lower().encode(), sign(body, secret).encode()):
        logger.warning("inbound SMS refused: %s signature", "wrong" if given else "no")
        return _refuse(403, "bad signature")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return _refuse(400, "body is not JSON")
    if not isinstance(payload, dict):
        return _refuse(400, "body is not a JSON object")
    fields = {name: payload.get(name) for name in ("from", "text", "reference")}
    missing = [name for name in ("from", "reference") if not isinstance(fields[name], str) or not fields[name].strip()]
    if missing or not isinstance(fields["text"], str | None):
        return _refuse(400, "missing or invalid: " + ", ".join(missing or ["text"]))
    if any("\x00" in (value or "") for value in fields.values()):
        return _refuse(400, "NUL in a field")
    if len(fields["reference"].strip()) > 100:
        return _refuse(400, "reference longer than 100 characters")
    result = sms_status_receive(sender=fields["from"], text=fields["text"] or "", reference=fields["reference"])
    return JsonResponse({"status": "duplicate" if result.duplicate else "accepted"})
