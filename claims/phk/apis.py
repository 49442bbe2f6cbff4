"""REST API of PHK reports, mediation, mass layoffs and outreach (under /api/v1/phk/).

Scoping is the selectors': an employer reaches only its own reports, a
mediator only its area, staff their office scope; anything else is 404.
Wrong state answers 409 with the current state in the message.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.selectors.registry import mask_nik
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.parsers import JSONParser
from jkp_portal.common.permissions import HasAnyRole

from . import selectors as sel
from .models import MassLayoffCase, OutreachEvent, PhkDocument, PhkReport, PhkReportRow
from .services import (
    PhkLinesInvalid,
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
    phk_report_submit,
    phk_report_submit_csv,
    phk_row_mark_disputed,
    phk_row_record_agreement,
    phk_row_resolve,
    phk_row_withdraw,
    phk_rows_confirm,
)

REPORT_ROLES = ("employer", "mediator", *STAFF_ROLES)
CASE_ROLES = ("mediator", *STAFF_ROLES)
TAGS = ["phk"]


# ---------------------------------------------------------------------------
# Serializers


class PhkDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PhkDocument
        fields = ["id", "kind", "original_name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("phk:document", args=[obj.pk])


class PhkEmployerBriefSerializer(serializers.Serializer):
    npp = serializers.CharField()
    name = serializers.CharField()
    regency = serializers.CharField()


class PhkParticipantBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.SerializerMethodField()

    def get_nik(self, obj) -> str:
        return obj.nik if self.context.get("full_nik") else mask_nik(obj.nik)


class PhkRowSerializer(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField()
    mediator = serializers.SerializerMethodField()
    documents = PhkDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = PhkReportRow
        fields = [
            "id",
            "report_id",
            "line",
            "participant",
            "phk_date",
            "reason",
            "accepted",
            "notes",
            "status",
            "mediator",
            "confirmed_at",
            "agreement_number",
            "agreement_deed_number",
            "agreement_deed_date",
            "court_name",
            "court_case_number",
            "disputed_at",
            "decision_number",
            "decision_inkracht_date",
            "outcome",
            "mediator_note",
            "documents",
        ]

    def get_participant(self, obj) -> dict:
        return PhkParticipantBriefSerializer(obj.participant, context=self.context).data

    def get_mediator(self, obj) -> str:
        m = obj.mediator
        return (m.get_full_name() or m.username) if m else ""


class PhkReportSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    employer = PhkEmployerBriefSerializer(read_only=True)
    counts = serializers.SerializerMethodField()
    mass_layoff_case = serializers.SerializerMethodField()

    class Meta:
        model = PhkReport
        fields = [
            "id",
            "number",
            "employer",
            "submitted_at",
            "source",
            "is_closure",
            "notes",
            "workers_count",
            "counts",
            "mass_layoff_case",
        ]

    def get_counts(self, obj) -> dict:
        return {
            "reported": getattr(obj, "n_reported", None),
            "disputed": getattr(obj, "n_disputed", None),
            "settled": getattr(obj, "n_settled", None),
        }

    def get_mass_layoff_case(self, obj) -> dict | None:
        case = obj.mass_layoff_case
        return {"id": case.pk, "number": case.number} if case else None


class PhkReportDetailSerializer(PhkReportSerializer):
    documents = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()

    class Meta(PhkReportSerializer.Meta):
        fields = [*PhkReportSerializer.Meta.fields, "documents", "rows"]

    def get_documents(self, obj) -> list[dict]:
        return PhkDocumentSerializer(obj.documents.filter(row__isnull=True), many=True).data

    def get_rows(self, obj) -> list[dict]:
        return PhkRowSerializer(sel.report_rows(obj), many=True, context=self.context).data


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


class PhkReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


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


# ---------------------------------------------------------------------------
# Reports and mediation


def _full_nik(user, report: PhkReport) -> bool:
    return sel.is_area_mediator(user, report.employer) or (
        user.has_role("employer") and user.employer_npp == report.employer.npp
    )


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


# ---------------------------------------------------------------------------
# Mass layoffs and outreach


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
