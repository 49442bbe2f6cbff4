"""What the training API modules share: the reason items of a match and the ``limit`` parameter."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from jkp_portal.common.exceptions import ApplicationError


class TrainingReasonItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


def _limit_param(request, default: int = 20, most: int = 50) -> int:
    """The ``limit`` query parameter (default 20, at most 50); not a number: 400."""
    raw = request.query_params.get("limit") or str(default)
    if not raw.isdigit():
        raise ApplicationError(_("Parameter tidak valid."), errors={"limit": [_("Harus berupa angka.")]})
    return max(1, min(int(raw), most))
