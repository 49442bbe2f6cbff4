"""Mediation by the area's Disnaker mediator: confirming a report's rows, recording a
collective agreement, marking a dispute and its court decision; the employer's
withdrawal of a row."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.parsers import JSONParser
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors as sel
from ..models import PhkReportRow
from ..services import (
    phk_row_mark_disputed,
    phk_row_record_agreement,
    phk_row_resolve,
    phk_row_withdraw,
    phk_rows_confirm,
)
from .common import REPORT_ROLES, TAGS, _full_nik
from .serializers import PhkReasonSerializer, PhkRowSerializer


class PhkConfirmSerializer(serializers.Serializer):
    row_ids = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PhkAgreementSerializer(serializers.Serializer):
    agreement_number = serializers.CharField(max_length=100)
    deed_number = serializers.CharField(max_length=100)
    deed_date = serializers.DateField()
    court_name = serializers.CharField(max_length=200)
    document = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PhkDisputeSerializer(serializers.Serializer):
    court_case_number = serializers.CharField(max_length=100)
    court_name = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PhkResolveSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=100)
    inkracht_date = serializers.DateField()
    outcome = serializers.ChoiceField(choices=PhkReportRow.Outcome.choices)
    document = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportConfirmApi(APIView):
    permission_classes = [HasAnyRole.of("mediator")]

    @extend_schema(
        tags=TAGS,
        request=PhkConfirmSerializer,
        responses={200: PhkRowSerializer(many=True)},
        description="Konfirmasi PHK yang tidak diperselisihkan: `row_ids` tertentu, atau (tanpa `row_ids`) semua "
        "pekerja yang menunggu dan menerima PHK.",
    )
    def post(self, request, pk: int):
        report = sel.report_get(user=request.user, pk=pk)
        serializer = PhkConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = phk_rows_confirm(
            actor=request.user,
            report=report,
            row_ids=serializer.validated_data.get("row_ids"),
            note=serializer.validated_data["note"],
        )
        return Response(PhkRowSerializer(rows, many=True, context={"full_nik": True}).data)


class _RowActionApi(APIView):
    permission_classes = [HasAnyRole.of("mediator")]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _done(self, request, row):
        row = sel.row_get(user=request.user, pk=row.pk)
        full_nik = _full_nik(request.user, row.report)
        if full_nik:
            # As on the row page: every display of the worker's full NIK is logged.
            log_personal_data_access(request, row.participant, ["nik"])
        return Response(PhkRowSerializer(row, context={"full_nik": full_nik}).data)


class RowDetailApi(_RowActionApi):
    permission_classes = [HasAnyRole.of(*REPORT_ROLES)]

    @extend_schema(tags=TAGS, responses=PhkRowSerializer)
    def get(self, request, pk: int):
        return self._done(request, sel.row_get(user=request.user, pk=pk))


class RowAgreementApi(_RowActionApi):
    @extend_schema(tags=TAGS, request={"multipart/form-data": PhkAgreementSerializer}, responses=PhkRowSerializer)
    def post(self, request, pk: int):
        row = sel.row_get(user=request.user, pk=pk)
        s = PhkAgreementSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        row = phk_row_record_agreement(
            actor=request.user,
            row=row,
            agreement_number=d["agreement_number"],
            deed_number=d["deed_number"],
            deed_date=d["deed_date"],
            court_name=d["court_name"],
            document=d["document"],
            note=d["note"],
        )
        return self._done(request, row)


class RowDisputeApi(_RowActionApi):
    @extend_schema(tags=TAGS, request=PhkDisputeSerializer, responses=PhkRowSerializer)
    def post(self, request, pk: int):
        row = sel.row_get(user=request.user, pk=pk)
        s = PhkDisputeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        row = phk_row_mark_disputed(
            actor=request.user,
            row=row,
            court_case_number=d["court_case_number"],
            court_name=d["court_name"],
            note=d["note"],
        )
        return self._done(request, row)


class RowResolveApi(_RowActionApi):
    @extend_schema(tags=TAGS, request={"multipart/form-data": PhkResolveSerializer}, responses=PhkRowSerializer)
    def post(self, request, pk: int):
        row = sel.row_get(user=request.user, pk=pk)
        s = PhkResolveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        row = phk_row_resolve(
            actor=request.user,
            row=row,
            decision_number=d["decision_number"],
            inkracht_date=d["inkracht_date"],
            outcome=d["outcome"],
            document=d["document"],
            note=d["note"],
        )
        return self._done(request, row)


class RowWithdrawApi(_RowActionApi):
    permission_classes = [HasAnyRole.of("employer")]

    @extend_schema(tags=TAGS, request=PhkReasonSerializer, responses=PhkRowSerializer)
    def post(self, request, pk: int):
        row = sel.row_get(user=request.user, pk=pk)
        s = PhkReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = phk_row_withdraw(actor=request.user, row=row, reason=s.validated_data["reason"])
        return self._done(request, row)
