"""PHK reports: the employer files one (JSON lines or a CSV upload) and sees its
summary; employer, mediator and staff read the reports in their scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.parsers import JSONParser
from jkp_portal.common.permissions import HasAnyRole

from .. import selectors as sel
from ..models import PhkReport
from ..services import PhkLinesInvalid, phk_report_submit, phk_report_submit_csv
from .common import REPORT_ROLES, TAGS, _full_nik
from .serializers import PhkEmployerBriefSerializer, PhkReportDetailSerializer, PhkReportSerializer


class PhkReportCreateSerializer(serializers.Serializer):
    notice_letter = serializers.FileField(help_text="Surat pemberitahuan PHK: PDF, JPEG atau PNG, maks. 10 MB.")
    csv_file = serializers.FileField(
        required=False, help_text="CSV dengan kolom nik, phk_date, reason, accepted, notes (atau kirim `rows`)."
    )
    rows = serializers.JSONField(
        required=False,
        help_text='Daftar pekerja (JSON), bila tanpa csv_file: [{"nik": "3372…", "phk_date": "2025-10-31", '
        '"reason": "business_closure", "accepted": "yes", "notes": ""}]',
    )
    is_closure = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    def validate_rows(self, value):
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise serializers.ValidationError("rows harus berupa daftar objek.")
        return value

    def validate(self, attrs):
        if bool(attrs.get("csv_file")) == bool(attrs.get("rows")):
            raise serializers.ValidationError({"rows": ["Kirim csv_file atau rows (salah satu)."]})
        return attrs


class PhkInvalidRowsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField()
    lines = serializers.ListField(child=serializers.DictField())
    upload_id = serializers.IntegerField(allow_null=True)


class ReportListCreateApi(GenericAPIView):
    permission_classes = [HasAnyRole.of(*REPORT_ROLES)]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = PhkReportSerializer

    queryset = PhkReport.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PhkReport.objects.none()
        return sel.reports_visible_to(self.request.user).annotate(**sel.row_counts()).order_by("-submitted_at", "-id")

    @extend_schema(tags=TAGS, responses=PhkReportSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PhkReportSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": PhkReportCreateSerializer},
        responses={201: PhkReportDetailSerializer, 400: PhkInvalidRowsSerializer},
        description="Laporkan PHK satu atau banyak pekerja perusahaan Anda (peran employer). Kirim `csv_file` "
        "atau `rows` (JSON: nik, phk_date, reason, accepted, notes) beserta `notice_letter`. Bila ada baris yang "
        "salah, tidak ada yang disimpan dan jawaban 400 `invalid_rows` berisi kesalahan per baris.",
    )
    def post(self, request):
        if not request.user.has_role("employer"):
            raise ApplicationError("Hanya pemberi kerja yang dapat melaporkan PHK.", code="forbidden", status_code=403)
        serializer = PhkReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data.get("csv_file"):
                report = phk_report_submit_csv(
                    actor=request.user,
                    csv_file=data["csv_file"],
                    notice_letter=data["notice_letter"],
                    is_closure=data["is_closure"],
                    notes=data["notes"],
                    source=PhkReport.Source.API,
                )
            else:
                lines = [dict(item, line=item.get("line") or i) for i, item in enumerate(data["rows"], start=1)]
                report = phk_report_submit(
                    actor=request.user,
                    lines=lines,
                    notice_letter=data["notice_letter"],
                    is_closure=data["is_closure"],
                    notes=data["notes"],
                    source=PhkReport.Source.API,
                )
        except PhkLinesInvalid as exc:
            return Response(
                {
                    "detail": str(exc.message),
                    "code": exc.code,
                    "errors": exc.errors,
                    "lines": [r.as_dict() for r in exc.lines if r.errors],
                    "upload_id": exc.upload_id,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        report = sel.report_get(user=request.user, pk=report.pk)
        body = PhkReportDetailSerializer(report, context={"full_nik": True}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*REPORT_ROLES)]

    @extend_schema(tags=TAGS, responses=PhkReportDetailSerializer)
    def get(self, request, pk: int):
        report = sel.report_get(user=request.user, pk=pk)
        full_nik = _full_nik(request.user, report)
        if full_nik and sel.is_area_mediator(request.user, report.employer):
            # As on the report page: the mediator's view of the workers' full NIKs is logged.
            log_personal_data_access(request, report, ["nik"])
        return Response(PhkReportDetailSerializer(report, context={"full_nik": full_nik}).data)


class EmployerSummaryApi(APIView):
    permission_classes = [HasAnyRole.of("employer")]

    @extend_schema(
        tags=TAGS,
        responses=inline_serializer(
            "PhkEmployerSummary",
            {
                "employer": PhkEmployerBriefSerializer(),
                "arrears": inline_serializer(
                    "PhkArrears",
                    {
                        "months_in_arrears": serializers.IntegerField(),
                        "consecutive_streak": serializers.IntegerField(),
                        "latest_period": serializers.DateField(allow_null=True),
                        "total_wages": serializers.CharField(),
                        "jkp_amount": serializers.CharField(),
                        "months": serializers.ListField(child=serializers.DictField()),
                    },
                ),
                "benefits_owed": serializers.ListField(child=serializers.DictField()),
            },
        ),
        description="Tunggakan iuran perusahaan dan manfaat JKP yang menjadi tanggungan perusahaan (pembayar: employer).",
    )
    def get(self, request):
        employer = sel.employer_for_user(request.user)
        arrears = sel.employer_arrears(employer)
        return Response(
            {
                "employer": PhkEmployerBriefSerializer(employer).data,
                "arrears": {
                    "months_in_arrears": arrears.months_count,
                    "consecutive_streak": arrears.streak,
                    "latest_period": arrears.latest_period,
                    "total_wages": f"{arrears.total_wages:.0f}",
                    "jkp_amount": f"{arrears.total_jkp_amount:.0f}",
                    "months": [
                        {
                            "period": m.period,
                            "workers": m.workers,
                            "wages": f"{m.wages:.0f}",
                            "jkp_amount": f"{m.jkp_amount:.0f}",
                        }
                        for m in arrears.months
                    ],
                },
                "benefits_owed": [
                    {
                        "claim_id": b.claim_id,
                        "worker": b.worker,
                        "decision_date": b.decision_date,
                        "total": f"{b.total:.0f}",
                        "owed": f"{b.owed:.0f}",
                        "months": [
                            {
                                "month": m["month"],
                                "due_date": m["due_date"],
                                "amount": f"{m['amount']:.0f}",
                                "status": m["status"],
                                "owed": m["owed"],
                            }
                            for m in b.months
                        ],
                        "reimbursements": [
                            {
                                "status": r["status_label"],
                                "amount": f"{r['amount']:.0f}",
                                "requested_at": r["requested_at"],
                            }
                            for r in b.reimbursements
                        ],
                    }
                    for b in sel.employer_paid_benefits(employer)
                ],
            }
        )
