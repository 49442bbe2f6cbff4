"""Supervisors: the konselors with their load, the cases waiting for a konselor,
assignment, reassignment and a konselor's caseload handover."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors, services
from ..models import Case
from .common import SUPERVISORS
from .serializers import CaseParticipantSerializer, KonselorBriefSerializer


class CaseReassignSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=5000)
    to_konselor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)


class CaseloadHandoverSerializer(serializers.Serializer):
    to_konselor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)
    deactivate = serializers.BooleanField(required=False, default=False)


class KonselorLoadSerializer(KonselorBriefSerializer):
    nip = serializers.CharField()
    capacity = serializers.IntegerField()
    load = serializers.IntegerField()
    new_cases = serializers.IntegerField()
    active = serializers.BooleanField()
    on_leave = serializers.BooleanField()
    on_leave_until = serializers.DateField(allow_null=True)
    regencies = serializers.ListField(child=serializers.CharField())
    province_codes = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    skills = serializers.ListField(child=serializers.CharField())


class UnassignedCaseSerializer(serializers.ModelSerializer):
    participant = CaseParticipantSerializer()
    office = serializers.CharField(source="office.name", allow_null=True)
    age_days = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "claim", "participant", "office", "province_code", "regency", "opened_at", "age_days"]

    def get_age_days(self, case) -> int:
        return selectors.case_age_days(case)


def _konselor_in_scope(request, pk):
    if pk is None:
        return None
    qs = selectors.konselors_visible_to(request.user)
    konselor = qs.filter(pk=pk).first()
    if konselor is None:
        raise ApplicationError(
            _("Konselor tidak ditemukan."),
            code="not_found",
            errors={"to_konselor": [_("Tidak ditemukan.")]},
            status_code=404,
        )
    return konselor


class KonselorListApi(ListAPIView):
    """Konselors of the supervisor's offices with their load and leave."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]
    serializer_class = KonselorLoadSerializer
    filter_backends = []

    @extend_schema(tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.konselors_with_load(selectors.konselors_visible_to(self.request.user)).select_related("user")


class UnassignedListApi(ListAPIView):
    """The queue of cases waiting for a konselor, oldest first, with their age."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]
    serializer_class = UnassignedCaseSerializer
    filter_backends = []

    @extend_schema(tags=["counseling"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.unassigned_cases(self.request.user)


class AssignPendingApi(APIView):
    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "AssignPendingResult",
            {
                "assigned": serializers.IntegerField(),
                "waiting": serializers.IntegerField(),
                "by_tier": serializers.DictField(child=serializers.IntegerField()),
            },
        ),
        tags=["counseling"],
    )
    def post(self, request):
        result = services.cases_assign_pending(actor=request.user, office_ids=office_scope_ids(request.user))
        return Response({"assigned": result.assigned, "waiting": result.waiting, "by_tier": result.by_tier})


_REASSIGN_RESULT = inline_serializer(
    "ReassignResult",
    {
        "moved": serializers.IntegerField(),
        "kept": serializers.IntegerField(),
        "to_konselors": serializers.DictField(child=serializers.IntegerField()),
    },
)


class ReassignApi(APIView):
    """Move cases to a konselor (``to_konselor``) or, with null, spread them automatically. A reason is required."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(request=CaseReassignSerializer, responses=_REASSIGN_RESULT, tags=["counseling"])
    def post(self, request):
        serializer = CaseReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wanted = set(data["cases"])
        visible = set(selectors.cases_visible_to(request.user).filter(pk__in=wanted).values_list("pk", flat=True))
        if visible != wanted:
            raise ApplicationError(
                _("Sebagian kasus tidak ditemukan."),
                code="not_found",
                errors={"cases": [f"#{pk}" for pk in sorted(wanted - visible)]},
                status_code=404,
            )
        result = services.cases_reassign(
            case_ids=sorted(visible),
            to_konselor=_konselor_in_scope(request, data["to_konselor"]),
            reason=data["reason"],
            actor=request.user,
        )
        return Response(
            {
                "moved": result.moved,
                "kept": result.kept,
                "to_konselors": {str(k): v for k, v in result.to_konselors.items()},
            }
        )


class HandoverApi(APIView):
    """Hand a konselor's whole open caseload to another konselor or (null) spread it automatically."""

    permission_classes = [HasAnyRole.of(*SUPERVISORS)]

    @extend_schema(request=CaseloadHandoverSerializer, responses=_REASSIGN_RESULT, tags=["counseling"])
    def post(self, request, pk: int):
        konselor = get_object_or_404(selectors.konselors_visible_to(request.user), pk=pk)
        serializer = CaseloadHandoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.konselor_hand_over(
            konselor=konselor,
            to_konselor=_konselor_in_scope(request, data["to_konselor"]),
            reason=data["reason"],
            deactivate=data["deactivate"],
            actor=request.user,
        )
        return Response(
            {
                "moved": result.moved,
                "kept": result.kept,
                "to_konselors": {str(k): v for k, v in result.to_konselors.items()},
            }
        )
