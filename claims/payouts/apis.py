"""The payouts API: a worker's benefit and monthly report; payout batches for staff."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.parsers import JSONParser
from jkp_portal.common.permissions import HasAnyRole

from .models import ActivityKind, BatchStatus, Benefit, BenefitStatus, EmploymentStatus, PayoutBatch
from .selectors import (
    BATCH_ROLES,
    MAX_ID,
    batch_for_staff,
    batches_for_staff,
    benefit_for_user,
    benefit_ledger,
    benefits_for_user,
    job_search_progress,
)
from .services import payout_batch_approve, payout_batch_import_results, payout_batch_send
from .services.batches import SEND_ROLES
from .services.evidence import CHANNELS, EmploymentFormInput, ReportEntry, job_search_report_submit

# --- serializers ------------------------------------------------------------------


class PaymentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="pending | paid | failed | reissue_ready | cancelled")
    batch_id = serializers.IntegerField()
    batch_status = serializers.CharField(help_text="prepared | approved | sent | reconciled")
    bank_status = serializers.CharField(help_text="Kode hasil bank (ACSC, AC04, BE01, ...) atau kosong")
    bank_reason = serializers.CharField()
    paid_on = serializers.DateField(allow_null=True)
    sla_deadline = serializers.DateField()
    late = serializers.BooleanField()
    attempt = serializers.IntegerField()
    account = serializers.CharField(help_text="Rekening tujuan (disamarkan)")


class MonthOutSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    due_date = serializers.DateField()
    rule_set = serializers.CharField()
    rate = serializers.DecimalField(max_digits=4, decimal_places=2)
    wage_base = serializers.DecimalField(max_digits=14, decimal_places=0)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0)
    status = serializers.CharField(
        help_text="scheduled | due | withheld | forfeited | stopped | employer | prepared | approved | sent | paid | "
        "failed | reissue_ready | cancelled"
    )
    status_label = serializers.CharField()
    payment = PaymentOutSerializer(allow_null=True)


class ProgressSerializer(serializers.Serializer):
    month = serializers.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    applications = serializers.IntegerField()
    interviews = serializers.IntegerField()
    attendance_ok = serializers.BooleanField(allow_null=True)
    counselling_ok = serializers.BooleanField(allow_null=True)
    form_ok = serializers.BooleanField(allow_null=True)
    sufficient = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class BenefitOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    status = serializers.CharField()
    rule_set = serializers.CharField()
    payer = serializers.CharField()
    wage_base = serializers.DecimalField(max_digits=14, decimal_places=0)
    decision_date = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    bank_name = serializers.CharField()
    account = serializers.CharField()
    account_holder = serializers.CharField()
    months = MonthOutSerializer(many=True)
    totals = serializers.DictField(child=serializers.DictField())
    entitled = serializers.DecimalField(
        max_digits=16, decimal_places=0, help_text="The months still owed or paid: paid + remaining + employer."
    )
    paid = serializers.DecimalField(max_digits=16, decimal_places=0)
    remaining = serializers.DecimalField(
        max_digits=16, decimal_places=0, help_text="Still to be paid by BPJS (scheduled, in process, withheld, failed)."
    )
    employer = serializers.DecimalField(
        max_digits=16, decimal_places=0, help_text="Paid by the employer (in arrears), not by BPJS."
    )
    forfeited = serializers.DecimalField(
        max_digits=16, decimal_places=0, help_text="Forfeited or stopped months: never paid, no longer entitled."
    )
    job_search = ProgressSerializer(allow_null=True)


def benefit_payload(benefit: Benefit) -> dict:
    today = timezone.localdate()
    ledger = benefit_ledger(benefit, today)
    progress = job_search_progress(participant_ids=[benefit.participant_id], today=today).get(benefit.participant_id)
    months = []
    for row in ledger.rows:
        m, p = row.month, row.payment
        months.append(
            {
                "month": m.month_no,
                "due_date": m.due_date,
                "rule_set": m.rule_set,
                "rate": m.rate,
                "wage_base": m.wage_base,
                "amount": m.amount,
                "status": row.state,
                "status_label": row.label,
                "payment": None
                if p is None
                else {
                    "id": p.pk,
                    "status": p.status,
                    "batch_id": p.batch_id,
                    "batch_status": p.batch.status,
                    "bank_status": p.result_code,
                    "bank_reason": p.result_reason,
                    "paid_on": p.paid_on,
                    "sla_deadline": p.sla_deadline,
                    "late": row.sla_late,
                    "attempt": p.attempt,
                    "account": p.account_masked,
                },
            }
        )
    job = None
    if progress is not None and progress.benefit_id == benefit.pk:
        job = {
            "month": progress.next_month_no,
            "due_date": progress.next_due_date,
            "deadline": progress.deadline,
            "applications": progress.applications,
            "interviews": progress.interviews,
            "attendance_ok": progress.attendance_ok,
            "counselling_ok": progress.counselling_ok,
            "form_ok": progress.form_ok,
            "sufficient": progress.sufficient,
            "missing": progress.missing,
        }
    return {
        "id": benefit.pk,
        "claim_id": benefit.claim_id,
        "status": benefit.status,
        "rule_set": benefit.rule_set,
        "payer": benefit.payer,
        "wage_base": benefit.wage_base,
        "decision_date": benefit.decision_date,
        "ended_on": benefit.ended_on,
        "end_reason": benefit.end_reason,
        "bank_name": benefit.bank_name,
        "account": benefit.account_masked,
        "account_holder": benefit.bank_account_holder,
        "months": months,
        "totals": {k: {"count": v["count"], "amount": str(v["amount"])} for k, v in ledger.totals.items()},
        "entitled": ledger.entitled,
        "paid": ledger.paid,
        "remaining": ledger.remaining,
        "employer": ledger.employer,
        "forfeited": ledger.forfeited,
        "job_search": job,
    }


def _benefit_or_404(user, pk: int) -> Benefit:
    if pk > MAX_ID:
        raise Http404
    try:
        return benefit_for_user(user=user, benefit_id=pk)
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc


class BenefitListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    rule_set = serializers.CharField()
    payer = serializers.CharField()
    decision_date = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    office = serializers.CharField(source="office.code", allow_null=True, default=None)
    url = serializers.SerializerMethodField()

    def get_url(self, benefit) -> str:
        return reverse("api-benefit-detail", args=[benefit.pk])


class BenefitListApi(ListAPIView):
    """The benefits the user may see, newest decision first (paginated): a
    worker their own (usually one), staff their office scope's. ``status``
    filters (active, ended); an unknown status answers 400."""

    permission_classes = [IsAuthenticated]
    serializer_class = BenefitListItemSerializer

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=[value for value, _label in BenefitStatus.choices])],
        tags=["benefits"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Benefit.objects.none()
        status_filter = self.request.query_params.get("status", "")
        if status_filter not in ("", *BenefitStatus.values):
            raise ApplicationError(_("Status tidak dikenal."), errors={"status": [_("Pilihan tidak valid.")]})
        return benefits_for_user(user=self.request.user, status=status_filter)


class BenefitDetailApi(APIView):
    """A benefit with its six months: status, amount, due date, the payment and
    its bank status, totals, and what the coming month still needs. A worker
    sees only their own benefit (others: 404); staff those of their office."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: BenefitOutSerializer}, tags=["benefits"])
    def get(self, request, pk: int):
        benefit = _benefit_or_404(request.user, pk)
        return Response(BenefitOutSerializer(benefit_payload(benefit)).data)


class ApplicationInSerializer(serializers.Serializer):
    company = serializers.CharField(max_length=200)
    position = serializers.CharField(max_length=200)
    date = serializers.DateField()
    channel = serializers.ChoiceField(choices=[c for c, _label in CHANNELS])
    evidence = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Multipart only: name of the file part holding the evidence (PDF, JPEG or PNG, at most 10 MB)",
    )


class InterviewInSerializer(serializers.Serializer):
    company = serializers.CharField(max_length=200)
    position = serializers.CharField(max_length=200)
    date = serializers.DateField(help_text="Tanggal undangan tes/wawancara")


class EmploymentFormInSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EmploymentStatus.choices)
    employer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReportInSerializer(serializers.Serializer):
    applications = ApplicationInSerializer(many=True, required=False, default=list)
    interviews = InterviewInSerializer(many=True, required=False, default=list)
    employment_status = EmploymentFormInSerializer(required=False, allow_null=True, default=None)


def _report_data(request) -> dict:
    """JSON as is; multipart/form-data with the three fields as JSON strings."""
    if request.content_type and request.content_type.startswith("application/json"):
        return request.data
    data = {}
    for key in ("applications", "interviews", "employment_status"):
        raw = request.data.get(key)
        if raw in (None, ""):
            continue
        try:
            data[key] = json.loads(raw)
        except (TypeError, ValueError):
            raise ApplicationError(_("Data tidak valid."), errors={key: [_("Harus JSON.")]})
    return data


class BenefitReportApi(APIView):
    """The worker's monthly job-search report for the coming month: job
    applications (company, position, date, channel, optional evidence file)
    and invitations to tests or interviews; before month 6 also the
    employment-status form. Send JSON, or multipart/form-data with
    ``applications``/``interviews``/``employment_status`` as JSON strings and
    each evidence file in the part named by its application's ``evidence``."""

    permission_classes = [HasAnyRole.of("worker")]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": ReportInSerializer, "multipart/form-data": ReportInSerializer},
        responses={201: ProgressSerializer, 400: OpenApiResponse(description="invalid"), 409: OpenApiResponse()},
        tags=["benefits"],
    )
    def post(self, request, pk: int):
        if pk > MAX_ID:
            raise Http404
        try:
            benefit = Benefit.objects.select_related("participant").get(pk=pk, participant__user=request.user)
        except Benefit.DoesNotExist as exc:
            raise Http404 from exc
        serializer = ReportInSerializer(data=_report_data(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = []
        for item in data["applications"]:
            evidence = None
            if item.get("evidence"):
                evidence = request.FILES.get(item["evidence"])
                if evidence is None:
                    raise ApplicationError(
                        _("Berkas bukti '%(n)s' tidak ada dalam permintaan.") % {"n": item["evidence"]},
                        errors={"applications": [_("Berkas bukti tidak ditemukan.")]},
                    )
            entries.append(
                ReportEntry(
                    ActivityKind.APPLICATION, item["company"], item["position"], item["date"], item["channel"], evidence
                )
            )
        for item in data["interviews"]:
            entries.append(ReportEntry(ActivityKind.INTERVIEW, item["company"], item["position"], item["date"]))
        form = data.get("employment_status")
        job_search_report_submit(
            benefit=benefit,
            actor=request.user,
            entries=entries,
            employment_form=EmploymentFormInput(**form) if form else None,
        )
        payload = benefit_payload(Benefit.objects.get(pk=benefit.pk))
        job = payload["job_search"] or {
            "month": None,
            "due_date": None,
            "deadline": None,
            "applications": 0,
            "interviews": 0,
            "attendance_ok": None,
            "counselling_ok": None,
            "form_ok": None,
            "sufficient": True,
            "missing": [],
        }
        return Response(ProgressSerializer(job).data, status=status.HTTP_201_CREATED)


# --- payout batches -----------------------------------------------------------------


class BatchOutSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.code", allow_null=True, default=None)
    prepared_by = serializers.CharField(source="prepared_by.username", allow_null=True, default=None)
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True, default=None)
    difference = serializers.SerializerMethodField()

    class Meta:
        model = PayoutBatch
        fields = [
            "id",
            "office",
            "bank_code",
            "bank_name",
            "kind",
            "status",
            "payment_count",
            "total_amount",
            "paid_count",
            "paid_total",
            "failed_count",
            "failed_total",
            "difference",
            "prepared_by",
            "prepared_at",
            "approved_by",
            "approved_at",
            "sent_at",
            "message_id",
            "file_sha256",
            "reconciled_at",
        ]

    def get_difference(self, obj) -> str:
        """Approved total minus what the bank settled or rejected (still open at the bank)."""
        return str(obj.total_amount - obj.paid_total - obj.failed_total)


class PayoutBatchListApi(ListAPIView):
    """Payout batches of the user's office (approvers, supervisors, admins), newest first."""

    permission_classes = [HasAnyRole.of(*BATCH_ROLES)]
    serializer_class = BatchOutSerializer

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=["prepared", "approved", "sent", "reconciled"])],
        tags=["payout-batches"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PayoutBatch.objects.none()
        status_filter = self.request.query_params.get("status", "")
        if status_filter not in ("", "prepared", "approved", "sent", "reconciled"):
            raise ApplicationError(_("Status tidak dikenal."), errors={"status": [_("Pilihan tidak valid.")]})
        return batches_for_staff(self.request.user, status=status_filter)


def _batch_or_404(user, pk: int) -> PayoutBatch:
    if pk > MAX_ID:
        raise Http404
    try:
        return batch_for_staff(user=user, batch_id=pk)
    except PayoutBatch.DoesNotExist as exc:
        raise Http404 from exc


class PayoutBatchApproveApi(APIView):
    """Approve a prepared batch (approver role; not the person who prepared it). Wrong state: 409."""

    permission_classes = [HasAnyRole.of("approver")]

    @extend_schema(request=None, responses={200: BatchOutSerializer}, tags=["payout-batches"])
    def post(self, request, pk: int):
        batch = _batch_or_404(request.user, pk)
        batch = payout_batch_approve(batch_id=batch.pk, actor=request.user)
        return Response(BatchOutSerializer(batch).data)


class PayoutBatchSendApi(APIView):
    """Send an approved batch to the bank (approver role): produces its ISO 20022
    pain.001.001.09 file, hands it to the bank and marks the batch sent (audited).
    Sending a batch already sent changes nothing. A prepared batch: 409."""

    permission_classes = [HasAnyRole.of(*SEND_ROLES)]

    @extend_schema(request=None, responses={200: BatchOutSerializer}, tags=["payout-batches"])
    def post(self, request, pk: int):
        batch = _batch_or_404(request.user, pk)
        batch = payout_batch_send(batch_id=batch.pk, actor=request.user)
        return Response(BatchOutSerializer(batch).data)


class PayoutBatchFileApi(APIView):
    """Download the pain.001.001.09 file of a sent batch; a GET never changes the
    batch. Not sent yet: 409 (send it first); file missing: 404."""

    permission_classes = [HasAnyRole.of(*BATCH_ROLES)]

    @extend_schema(
        responses={(200, "application/xml"): OpenApiResponse(description="pain.001.001.09")}, tags=["payout-batches"]
    )
    def get(self, request, pk: int):
        return file_response(_batch_or_404(request.user, pk))


def file_response(batch: PayoutBatch) -> FileResponse:
    """The batch's bank file as a download (never cached). StateConflictError
    (409) when the batch has not been sent, Http404 when its file is gone."""
    if batch.status not in (BatchStatus.SENT, BatchStatus.RECONCILED):
        raise StateConflictError(
            _("Batch #%(id)s belum dikirim ke bank (status: %(status)s); berkasnya dibuat saat ditandai terkirim.")
            % {"id": batch.pk, "status": batch.get_status_display()},
            errors={"status": [batch.status]},
        )
    if not batch.file:
        raise Http404(_("Berkas bank batch ini tidak ditemukan."))
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Berkas bank batch ini tidak ditemukan.")) from exc
    response = FileResponse(
        handle, content_type="application/xml", as_attachment=True, filename=f"pain001-batch{batch.pk}.xml"
    )
    response["X-Content-SHA256"] = batch.file_sha256
    response["Cache-Control"] = "private, no-store"
    return response


class PayoutBatchResultsApi(APIView):
    """Import the bank's answer for a sent batch: a pain.002 status report or a
    CSV ``payment_id,status,reason_code``. A file with any problem is refused
    as a whole (400, with one message per problem). The staff member who
    approved the batch may not import its results (403, separation of duties):
    a second person does."""

    permission_classes = [HasAnyRole.of(*BATCH_ROLES)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": inline_serializer("BankResults", {"file": serializers.FileField()})},
        responses={
            200: inline_serializer(
                "BankResultsSummary",
                {
                    "kind": serializers.CharField(),
                    "paid": serializers.IntegerField(),
                    "failed": serializers.IntegerField(),
                    "pending": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "reconciled": serializers.BooleanField(),
                    "batch": BatchOutSerializer(),
                },
            )
        },
        tags=["payout-batches"],
    )
    def post(self, request, pk: int):
        batch = _batch_or_404(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Unggah berkas hasil bank."), errors={"file": [_("Wajib diisi.")]})
        if upload.size > 50 * 1024 * 1024:
            raise ApplicationError(_("Berkas hasil terlalu besar."), errors={"file": [_("Maksimal 50 MB.")]})
        summary = payout_batch_import_results(
            batch_id=batch.pk, actor=request.user, content=upload.read(), source_name=upload.name or ""
        )
        batch.refresh_from_db()
        return Response(
            {
                "kind": summary.kind,
                "paid": summary.paid,
                "failed": summary.failed,
                "pending": summary.pending,
                "unchanged": summary.unchanged,
                "reconciled": summary.reconciled,
                "batch": BatchOutSerializer(batch).data,
            }
        )
