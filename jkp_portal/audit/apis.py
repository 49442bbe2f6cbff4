from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.common.permissions import HasAnyRole

from .models import AuditEvent
from .selectors import audit_events_for_key, audit_key_in_scope


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "from_state", "to_state", "reason", "data"]


class AuditEventListApi(ListAPIView):
    """The audit trail of one object (BPJS staff only)."""

    serializer_class = AuditEventSerializer
    permission_classes = [HasAnyRole.of(*STAFF_ROLES)]
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("app_label", str, required=True),
            OpenApiParameter("model", str, required=True),
            OpenApiParameter("object_id", str, required=True),
        ],
        tags=["audit"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        try:
            if not audit_key_in_scope(
                user=self.request.user,
                app_label=params.get("app_label", ""),
                model=params.get("model", ""),
                object_id=params.get("object_id", ""),
            ):
                raise Http404
            return audit_events_for_key(
                app_label=params.get("app_label", ""),
                model=params.get("model", ""),
                object_id=params.get("object_id", ""),
            )
        except ContentType.DoesNotExist as exc:
            raise Http404 from exc
