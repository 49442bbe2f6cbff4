"""One business exception for the whole portal, and the one place that turns
errors into API responses.

Every API error body has the same shape::

    {"detail": "human message", "code": "machine_code", "errors": {"field": ["message", ...]}}

``errors`` is present for validation problems (one list of messages per field).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business rule refused the action. The message is shown to the user."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, errors: dict | None = None, status_code=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.errors = errors or {}
        if status_code:
            self.status_code = status_code


class StateConflictError(ApplicationError):
    """The object is not in a state that allows the action (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    code = "state_conflict"


class ForbiddenError(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            if isinstance(item, (dict, list)):
                flat.append(_flatten(item))
            else:
                flat.append(str(item))
        return flat
    return [str(detail)]


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.errors:
            body["errors"] = _flatten(exc.errors)
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Data tidak ditemukan."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail})
        response.data = {"detail": _("Data yang dikirim tidak valid."), "code": "invalid", "errors": errors}
    else:
        detail = exc.detail if not isinstance(exc.detail, (list, dict)) else _flatten(exc.detail)
        code = getattr(exc, "default_code", "error")
        if hasattr(exc, "get_codes"):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        response.data = {"detail": str(detail) if not isinstance(detail, (list, dict)) else detail, "code": code}
        if isinstance(exc, exceptions.ParseError):
            response.data["errors"] = {"body": [str(detail)]}
    return response
