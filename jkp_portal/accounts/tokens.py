"""API tokens: issue, list and revoke (django-rest-knox stores only a digest).

Every issue and every revoke writes an audit event on the owner. A password
change, by whatever path (the portal's form, a reset, the admin, a service or
``changepassword``), revokes all of the user's tokens.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError

from .models import ApiToken, User
from .roles import STAFF_ROLES


def api_token_ttl(user: User) -> timedelta:
    """BPJS staff tokens live a working day; everyone else's a month."""
    if any(role in STAFF_ROLES for role in user.roles):
        return timedelta(hours=settings.API_TOKEN_TTL_STAFF_HOURS)
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def api_tokens_of(user: User):
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created", "-id")


@transaction.atomic
def api_token_create(*, user: User, actor=None) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain token is returned once and never stored."""
    instance, token = ApiToken.objects.create(user=user, expiry=api_token_ttl(user))
    audit_record(
        actor=actor or user,
        obj=user,
        action="api_token_issued",
        data={"token_id": instance.pk, "expiry": instance.expiry.isoformat()},
    )
    return instance, token


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int, actor, reason: str = "revoked") -> None:
    """Revoke one of ``user``'s tokens; another user's token is not found (404)."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApplicationError(_("Token tidak ditemukan."), code="not_found", status_code=status.HTTP_404_NOT_FOUND)
    audit_record(actor=actor, obj=user, action="api_token_revoked", reason=reason, data={"token_id": token_id})


@transaction.atomic
def api_tokens_revoke_all(*, user: User, actor, reason: str) -> int:
    """Revoke every token of ``user``; returns how many there were."""
    ids = list(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    if ids:
        ApiToken.objects.filter(pk__in=ids).delete()
        audit_record(
            actor=actor,
            obj=user,
            action="api_tokens_revoked",
            reason=reason,
            data={"token_ids": ids, "count": len(ids)},
        )
    return len(ids)


@receiver(post_save, sender=User, dispatch_uid="accounts_tokens_rotate_on_password_change")
def _revoke_tokens_on_password_change(sender, instance: User, created: bool, **kwargs):
    # AbstractBaseUser.save() keeps the new raw password in ``_password`` until
    # after the save signals, only when set_password() was called; a hash
    # upgrade at sign-in clears it first, so it does not count as a change.
    if created or getattr(instance, "_password", None) is None:
        return
    api_tokens_revoke_all(user=instance, actor=None, reason="password_changed")
