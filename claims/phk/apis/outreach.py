"""Mass layoffs and outreach: the cases, their workers, and the outreach events
(invitations, attendance, cancellation)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.selectors.registry import mask_nik
from jkp_portal.accounts.models import Office
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors as sel
from ..models import MassLayoffCase, OutreachEvent
from ..services import (
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
)
from .common import CASE_ROLES, TAGS
from .serializers import PhkEmployerBriefSerializer, PhkReasonSerializer


class PhkCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    employer = PhkEmployerBriefSerializer()
    is_closure = serializers.BooleanField()
    opened_at = serializers.DateTimeField()
    first_phk_date = serializers.DateField()


class PhkCaseSummarySerializer(serializers.Serializer):
    workers = serializers.IntegerField()
    signed_up = serializers.IntegerField()
    filed = serializers.IntegerField()
    approved = serializers.IntegerField()
    earliest_deadline = serializers.DateField(allow_null=True)
    latest_deadline = serializers.DateField(allow_null=True)
    due_30_not_filed = serializers.IntegerField()


class PhkCaseWorkerSerializer(serializers.Serializer):
    row_id = serializers.IntegerField(source="row.pk")
    participant_id = serializers.IntegerField(source="row.participant_id")
    full_name = serializers.CharField(source="row.participant.full_name")
    nik = serializers.SerializerMethodField()
    phk_date = serializers.DateField(source="row.phk_date")
    phk_status = serializers.CharField(source="row.status")
    signed_up = serializers.BooleanField()
    claim_id = serializers.IntegerField(source="row.claim_id", allow_null=True)
    claim_status = serializers.CharField(source="row.claim_status", allow_null=True)
    filed = serializers.BooleanField(source="row.filed")
    deadline = serializers.DateField()
    days_left = serializers.IntegerField()

    def get_nik(self, obj) -> str:
        return mask_nik(obj.row.participant.nik)


class PhkEventSerializer(serializers.ModelSerializer):
    organiser_office = serializers.SlugRelatedField(
        slug_field="code", queryset=Office.objects.all(), required=False, allow_null=True
    )
    invited = serializers.IntegerField(source="n_invited", read_only=True, default=None)
    attended = serializers.IntegerField(source="n_attended", read_only=True, default=None)

    class Meta:
        model = OutreachEvent
        fields = [
            "id",
            "case_id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "organiser_office",
            "organiser_disnaker",
            "konselor_names",
            "description",
            "status",
            "held_at",
            "invited",
            "attended",
        ]
        read_only_fields = ["id", "case_id", "status", "held_at", "invited", "attended"]


class PhkInvitationSerializer(serializers.Serializer):
    participant_id = serializers.IntegerField()
    full_name = serializers.CharField(source="participant.full_name")
    invited_at = serializers.DateTimeField()
    attended = serializers.BooleanField(allow_null=True)


class PhkEventDetailSerializer(PhkEventSerializer):
    invitations = serializers.SerializerMethodField()

    class Meta(PhkEventSerializer.Meta):
        fields = [*PhkEventSerializer.Meta.fields, "invitations"]

    def get_invitations(self, obj) -> list[dict]:
        return PhkInvitationSerializer(sel.event_invitations(obj), many=True).data


class PhkAttendanceSerializer(serializers.Serializer):
    attended = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, help_text="participant ids")
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _case_dict(case) -> dict:
    return PhkCaseSerializer(
        {
            "id": case.pk,
            "number": case.number,
            "employer": case.employer,
            "is_closure": case.is_closure,
            "opened_at": case.opened_at,
            "first_phk_date": case.first_phk_date,
        }
    ).data


class MassLayoffListApi(GenericAPIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]
    serializer_class = PhkCaseSerializer

    queryset = MassLayoffCase.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MassLayoffCase.objects.none()
        return sel.mass_layoff_list(user=self.request.user)

    @extend_schema(tags=TAGS, responses=PhkCaseSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_case_dict(c) | {"workers": c.n_workers} for c in page])


class MassLayoffDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]

    @extend_schema(
        tags=TAGS,
        responses=inline_serializer(
            "PhkMassLayoff", {"case": PhkCaseSerializer(), "summary": PhkCaseSummarySerializer()}
        ),
    )
    def get(self, request, pk: int):
        case = sel.mass_layoff_get(user=request.user, pk=pk)
        summary = sel.case_summary(case)
        return Response({"case": _case_dict(case), "summary": PhkCaseSummarySerializer(summary).data})


class MassLayoffWorkersApi(GenericAPIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]
    serializer_class = PhkCaseWorkerSerializer
    queryset = MassLayoffCase.objects.none()

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("status", str, enum=list(sel.CASE_WORKER_FILTERS))],
        responses=PhkCaseWorkerSerializer(many=True),
    )
    def get(self, request, pk: int):
        case = sel.mass_layoff_get(user=request.user, pk=pk)
        status_filter = request.query_params.get("status", "all")
        if status_filter not in sel.CASE_WORKER_FILTERS:
            status_filter = "all"
        today = timezone.localdate()
        page = self.paginate_queryset(sel.case_workers(case, status=status_filter, today=today))
        return self.get_paginated_response(
            PhkCaseWorkerSerializer(sel.as_case_workers(page, today=today), many=True).data
        )


class MassLayoffEventsApi(GenericAPIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]
    serializer_class = PhkEventSerializer
    queryset = OutreachEvent.objects.none()

    @extend_schema(tags=TAGS, responses=PhkEventSerializer(many=True))
    def get(self, request, pk: int):
        case = sel.mass_layoff_get(user=request.user, pk=pk)
        return Response(PhkEventSerializer(sel.case_events(case), many=True).data)

    @extend_schema(tags=TAGS, request=PhkEventSerializer, responses={201: PhkEventSerializer})
    def post(self, request, pk: int):
        case = sel.mass_layoff_get(user=request.user, pk=pk)
        s = PhkEventSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        event = outreach_event_create(actor=request.user, case=case, **s.validated_data)
        return Response(PhkEventSerializer(sel.event_get(user=request.user, pk=event.pk)).data, status=201)


class EventDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]

    @extend_schema(tags=TAGS, responses=PhkEventDetailSerializer)
    def get(self, request, pk: int):
        return Response(PhkEventDetailSerializer(sel.event_get(user=request.user, pk=pk)).data)


class EventInviteApi(APIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses=inline_serializer(
            "PhkInvited", {"invited": serializers.IntegerField(), "event": PhkEventSerializer()}
        ),
        description="Undang (email dan SMS) semua pekerja terdampak yang belum diundang; ulangan tidak mengirim lagi.",
    )
    def post(self, request, pk: int):
        event = sel.event_get(user=request.user, pk=pk)
        n = outreach_event_invite(actor=request.user, event=event)
        return Response({"invited": n, "event": PhkEventSerializer(sel.event_get(user=request.user, pk=pk)).data})


class EventAttendanceApi(APIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]

    @extend_schema(tags=TAGS, request=PhkAttendanceSerializer, responses=PhkEventDetailSerializer)
    def post(self, request, pk: int):
        event = sel.event_get(user=request.user, pk=pk)
        s = PhkAttendanceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        outreach_event_record_attendance(
            actor=request.user,
            event=event,
            attended_participant_ids=s.validated_data["attended"],
            note=s.validated_data["note"],
        )
        return Response(PhkEventDetailSerializer(sel.event_get(user=request.user, pk=pk)).data)


class EventCancelApi(APIView):
    permission_classes = [HasAnyRole.of(*CASE_ROLES)]

    @extend_schema(tags=TAGS, request=PhkReasonSerializer, responses=PhkEventSerializer)
    def post(self, request, pk: int):
        event = sel.event_get(user=request.user, pk=pk)
        s = PhkReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        outreach_event_cancel(actor=request.user, event=event, reason=s.validated_data["reason"])
        return Response(PhkEventSerializer(sel.event_get(user=request.user, pk=pk)).data)
