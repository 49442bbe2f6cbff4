"""Claims API (``/api/v1/claims/...``): the worker files, staff decide.

Scoping: a worker reaches only their own claims and staff their office's;
anything else answers 404. A role acting outside its rights answers 403, an
action in the wrong state 409 naming the current state.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.apis.calculator import ScheduleMonthSerializer, VerdictSerializer
from claims.eligibility import CRITERIA_CODES, PHK_REASONS
from claims.models import Claim, ClaimDocument, ClaimStatus, DocumentKind, ProofType
from claims.models.claims import CORRECTABLE_FIELDS, DOCUMENT_PROBLEM_CODES, INDONESIAN_BANKS, required_document_kinds
from claims.selectors import claims as sel
from claims.selectors.assisted import assisted_line
from claims.selectors.completeness import missing_items
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft, claim_update_draft
from claims.services.transitions import (
    claim_approve,
    claim_reject,
    claim_request_correction,
    claim_resubmit,
    claim_submit,
    claim_verify,
    claim_withdraw,
)
from jkp_portal.accounts.roles import STAFF_ROLES, Role
from jkp_portal.audit.serializers import PersonalDataLoggingMixin
from jkp_portal.common.downloads import download_name
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

S = ClaimStatus
READ_ROLES = (Role.WORKER, *sorted(STAFF_ROLES))
REASON_CODES = (*CRITERIA_CODES, *DOCUMENT_PROBLEM_CODES)

# ---------------------------------------------------------------------------
# serializers


class ClaimDraftSerializer(serializers.Serializer):
    """The wizard fields; every one optional (a draft may be saved half-filled)."""

    phk_date = serializers.DateField(required=False, allow_null=True)
    phk_reason = serializers.ChoiceField(choices=PHK_REASONS, required=False, allow_blank=True)
    proof_type = serializers.ChoiceField(choices=ProofType.choices, required=False, allow_blank=True)
    bank_name = serializers.ChoiceField(choices=INDONESIAN_BANKS, required=False, allow_blank=True)
    bank_account_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    bank_account_holder = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kapk_signed = serializers.BooleanField(required=False)


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "review",
            "review_note",
            "uploaded_at",
            "replaced",
            "url",
        ]

    def get_url(self, obj) -> str:
        return reverse("api-claim-document-file", args=[obj.claim_id, obj.pk])


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    actor = serializers.CharField(help_text="Staff see the user name; a worker sees 'pekerja' or 'petugas'.")


class ParticipantBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nik = serializers.CharField()
    kpj = serializers.CharField()
    full_name = serializers.CharField()


class CorrectionRequestSerializer(serializers.Serializer):
    documents = serializers.ListField(child=serializers.CharField(), required=False)
    fields = serializers.ListField(child=serializers.CharField(), required=False)
    note = serializers.CharField(required=False)
    requested_at = serializers.DateTimeField(required=False)


class ClaimListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    participant_name = serializers.CharField(source="participant.full_name", read_only=True)
    participant_nik = serializers.SerializerMethodField(help_text="Masked in lists.")
    office = serializers.CharField(source="office.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            "status_label",
            "participant_name",
            "participant_nik",
            "office",
            "phk_date",
            "phk_reason",
            "proof_type",
            "submitted_at",
            "filed_on",
            "claim_deadline",
            "decision_date",
        ]

    def get_participant_nik(self, obj) -> str:
        return sel.mask_nik(obj.participant.nik)


class AssistedSerializer(serializers.Serializer):
    line = serializers.CharField()
    officer = serializers.CharField(allow_null=True, help_text="User name of the officer (staff only).")
    office = serializers.CharField(allow_null=True)
    desk = serializers.CharField()
    consent = serializers.ChoiceField(choices=["code", "form", ""])


class ClaimDetailSerializer(PersonalDataLoggingMixin, serializers.ModelSerializer):
    personal_data_fields = ("nik",)

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    participant = serializers.SerializerMethodField()
    office = serializers.CharField(source="office.code", read_only=True, allow_null=True, default=None)
    correction_request = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    required_documents = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    eligibility = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    assisted = serializers.SerializerMethodField()
    benefit = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            "status_label",
            "participant",
            "office",
            "phk_date",
            "phk_reason",
            "proof_type",
            "bank_name",
            "bank_account_last4",
            "bank_account_holder",
            "kapk_signed",
            "kapk_signed_at",
            "submitted_at",
            "filed_on",
            "claim_deadline",
            "decision_date",
            "decision_note",
            "rejection_reasons",
            "correction_request",
            "rule_set",
            "payer",
            "required_documents",
            "missing",
            "documents",
            "eligibility",
            "events",
            "schedule",
            "assisted",
            "benefit",
        ]

    def personal_data_subject(self, claim):
        return claim.participant

    @extend_schema_field(
        inline_serializer(
            "ClaimBenefitLink",
            {"id": serializers.IntegerField(), "url": serializers.CharField()},
            allow_null=True,
        )
    )
    def get_benefit(self, claim):
        """The cash benefit an approved claim set (``GET /api/v1/benefits/{id}/``), else null."""
        benefit_id = type(claim).objects.filter(pk=claim.pk).values_list("benefit__id", flat=True).first()
        if benefit_id is None:
            return None
        return {"id": benefit_id, "url": reverse("api-benefit-detail", args=[benefit_id])}

    @extend_schema_field(ParticipantBriefSerializer)
    def get_participant(self, obj) -> dict:
        p = obj.participant
        return {"id": p.pk, "nik": p.nik, "kpj": p.kpj, "full_name": p.full_name}

    @extend_schema_field(CorrectionRequestSerializer(allow_null=True))
    def get_correction_request(self, obj):
        request = dict(obj.correction_request or {})
        if not self.context["staff"]:
            request.pop("requested_by", None)  # the worker is told what to fix, not by whom
        return request or None

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        return DocumentSerializer(self.context["documents"], many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=DocumentKind.choices)))
    def get_required_documents(self, obj):
        return list(required_document_kinds(obj.proof_type, obj.participant.contract_type)) if obj.proof_type else []

    @extend_schema_field(serializers.DictField(child=serializers.ListField(child=serializers.CharField())))
    def get_missing(self, obj):
        if obj.status not in (S.DRAFT, S.NEEDS_CORRECTION):
            return {}
        return missing_items(obj, self.context["documents"])

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_eligibility(self, obj):
        return self.context.get("eligibility")

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, obj):
        staff = self.context["staff"]
        worker_id = obj.participant.user_id
        rows = []
        for e in self.context["events"]:
            if staff:
                actor = e.actor_label
            else:
                actor = "pekerja" if e.actor_id == worker_id else ("petugas" if e.actor_id else "sistem")
            rows.append(
                {
                    "at": e.at,
                    "action": e.action,
                    "from_state": e.from_state,
                    "to_state": e.to_state,
                    "reason": e.reason,
                    "actor": actor,
                }
            )
        return EventSerializer(rows, many=True).data

    @extend_schema_field(AssistedSerializer(allow_null=True))
    def get_assisted(self, obj):
        """Filed with the worker at a service desk: by whom, where, and the consent."""
        if obj.assisted_by_id is None:
            return None
        session = obj.assisted_session
        return {
            "line": assisted_line(obj),
            "officer": obj.assisted_by.get_username() if self.context["staff"] else None,
            "office": session.office.code if session else None,
            "desk": session.desk if session else "",
            "consent": session.consent if session else "",
        }

    @extend_schema_field(ScheduleMonthSerializer(many=True, allow_null=True))
    def get_schedule(self, obj):
        if obj.status != S.APPROVED:
            return None
        return (obj.verdict or {}).get("schedule", [])


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField(allow_empty_file=True, use_url=False)


class VerifySerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[S.VERIFIED.value, S.NEEDS_CORRECTION.value, S.REJECTED.value])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=REASON_CODES), required=False, default=list, help_text="For rejected."
    )
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DocumentKind.choices),
        required=False,
        default=list,
        help_text="For needs_correction: the documents to upload again.",
    )
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=list(CORRECTABLE_FIELDS)),
        required=False,
        default=list,
        help_text="For needs_correction: the fields to correct.",
    )
    checklist = serializers.DictField(
        child=serializers.BooleanField(), required=False, help_text="For verified: the ticked checklist items."
    )


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=REASON_CODES), min_length=1)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# ---------------------------------------------------------------------------
# views


def _detail_response(request, claim: Claim, *, status_code=status.HTTP_200_OK) -> Response:
    claim = sel.claim_get_for_user(user=request.user, pk=claim.pk)
    documents = sel.claim_documents(claim)
    events = sel.claim_events(claim)
    if claim.status in (S.APPROVED, S.REJECTED) and claim.verdict:
        eligibility = claim.verdict
    else:
        try:
            verdict = sel.claim_verdict(claim, decision_date=timezone.localdate())
        except ApplicationError:
            verdict = None
        eligibility = verdict.as_dict() if verdict is not None else None
    context = {
        "documents": documents,
        "events": events,
        "eligibility": eligibility,
        "staff": sel.is_staff(request.user),
        "request": request,
    }
    return Response(ClaimDetailSerializer(claim, context=context).data, status=status_code)


class ClaimListCreateApi(GenericAPIView):
    """``GET``: a worker's own claims, or staff their office's (``?status=``).
    ``POST``: the worker starts a draft; with an ``Idempotency-Key`` header a
    retried request returns the same claim (200) instead of a second one."""

    serializer_class = ClaimListSerializer
    filter_backends = []

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), HasAnyRole.of(Role.WORKER)()]
        return [IsAuthenticated(), HasAnyRole.of(*READ_ROLES)()]

    def get_queryset(self):
        qs = sel.claims_visible_to(self.request.user)
        wanted = [s for s in self.request.query_params.getlist("status") if s in S.values]
        if wanted:
            qs = qs.filter(status__in=wanted)
        if sel.is_staff(self.request.user):
            return qs.order_by("submitted_at", "id")
        return qs.order_by("-created_at", "-id")

    @extend_schema(
        parameters=[OpenApiParameter("status", str, many=True, enum=S.values, description="Filter by status.")],
        responses={200: ClaimListSerializer(many=True)},
        tags=["claims"],
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ClaimListSerializer(page, many=True).data)

    @extend_schema(
        request=ClaimDraftSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="A retried request with the same key returns the claim the first one created.",
            )
        ],
        responses={201: ClaimDetailSerializer, 200: ClaimDetailSerializer},
        tags=["claims"],
    )
    def post(self, request):
        serializer = ClaimDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim, created = claim_create_draft(
            actor=request.user, idempotency_key=request.headers.get("Idempotency-Key"), **serializer.validated_data
        )
        return _detail_response(request, claim, status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ClaimDetailApi(APIView):
    """``GET``: the claim with its status, eligibility (the verdict now, or the
    one frozen at the decision), events, documents and, once approved, the
    schedule. ``PATCH``: the worker saves wizard fields on a draft (or the
    fields a verifier asked to correct)."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsAuthenticated(), HasAnyRole.of(Role.WORKER)()]
        return [IsAuthenticated(), HasAnyRole.of(*READ_ROLES)()]

    @extend_schema(responses={200: ClaimDetailSerializer}, tags=["claims"])
    def get(self, request, pk: int):
        return _detail_response(request, sel.claim_get_for_user(user=request.user, pk=pk))

    @extend_schema(request=ClaimDraftSerializer, responses={200: ClaimDetailSerializer}, tags=["claims"])
    def patch(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = ClaimDraftSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        claim_update_draft(claim=claim, actor=request.user, **serializer.validated_data)
        return _detail_response(request, claim)


class ClaimDocumentsApi(APIView):
    """``POST`` (multipart ``kind`` and ``file``): attach a PDF, JPEG or PNG
    (judged by content, ≤ 10 MB, no PDF JavaScript) to a draft or to a claim
    sent back for correction. ``GET``: the current documents."""

    parser_classes = [MultiPartParser, FormParser]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), HasAnyRole.of(Role.WORKER)()]
        return [IsAuthenticated(), HasAnyRole.of(*READ_ROLES)()]

    @extend_schema(responses={200: DocumentSerializer(many=True)}, tags=["claims"])
    def get(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        return Response(DocumentSerializer(sel.claim_documents(claim), many=True).data)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        tags=["claims"],
    )
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = claim_document_upload(
            claim=claim,
            actor=request.user,
            kind=serializer.validated_data["kind"],
            upload=serializer.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class ClaimDocumentFileApi(APIView):
    """The document's bytes, to the claim's worker and its office's staff only."""

    permission_classes = [IsAuthenticated, HasAnyRole.of(*READ_ROLES)]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, tags=["claims"])
    def get(self, request, pk: int, doc_pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        document = sel.claim_document_get(claim=claim, pk=doc_pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            content_type=document.content_type,
            as_attachment=True,
            filename=download_name(document.original_name, document.content_type),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class _ActionApi(APIView):
    roles: tuple[str, ...] = ()

    def get_permissions(self):
        return [IsAuthenticated(), HasAnyRole.of(*self.roles)()]


class ClaimSubmitApi(_ActionApi):
    """Submit a complete draft, or resubmit a claim after the requested
    correction. Refused when the claim deadline has passed or the lifetime
    limit of three benefits is reached."""

    roles = (Role.WORKER,)

    @extend_schema(request=None, responses={200: ClaimDetailSerializer}, tags=["claims"])
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        if claim.status == S.NEEDS_CORRECTION:
            claim_resubmit(claim=claim, actor=request.user)
        else:
            claim_submit(claim=claim, actor=request.user)
        return _detail_response(request, claim)


class ClaimWithdrawApi(_ActionApi):
    """The worker withdraws a claim before a decision."""

    roles = (Role.WORKER,)

    @extend_schema(request=WithdrawSerializer, responses={200: ClaimDetailSerializer}, tags=["claims"])
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_withdraw(claim=claim, actor=request.user, reason=serializer.validated_data["reason"])
        return _detail_response(request, claim)


class ClaimVerifyApi(_ActionApi):
    """The verifier's decision on a submitted claim: ``verified``,
    ``needs_correction`` (with ``documents``/``fields`` to fix and a ``note``)
    or ``rejected`` (with coded ``reasons`` and a ``note``)."""

    roles = (Role.VERIFIER,)

    @extend_schema(request=VerifySerializer, responses={200: ClaimDetailSerializer}, tags=["claims"])
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["decision"] == S.VERIFIED:
            claim_verify(claim=claim, actor=request.user, note=data["note"], checklist=data.get("checklist"))
        elif data["decision"] == S.NEEDS_CORRECTION:
            claim_request_correction(
                claim=claim, actor=request.user, documents=data["documents"], fields=data["fields"], note=data["note"]
            )
        else:
            claim_reject(claim=claim, actor=request.user, reasons=data["reasons"], note=data["note"])
        return _detail_response(request, claim)


class ClaimApproveApi(_ActionApi):
    """The approver (not the verifier of the claim: 403) approves a verified
    claim; the verdict is recomputed for today and frozen into the claim."""

    roles = (Role.APPROVER,)

    @extend_schema(
        request=ApproveSerializer,
        responses={
            200: ClaimDetailSerializer,
            403: OpenApiResponse(description="Maker-checker: the approver verified this claim, or lacks the role."),
        },
        tags=["claims"],
    )
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_approve(claim=claim, actor=request.user, note=serializer.validated_data["note"])
        return _detail_response(request, claim)


class ClaimRejectApi(_ActionApi):
    """Reject with coded reasons (eligibility criteria codes or document
    problem codes) and a note: the verifier a submitted claim, the approver a
    verified one."""

    roles = (Role.VERIFIER, Role.APPROVER)

    @extend_schema(request=RejectSerializer, responses={200: ClaimDetailSerializer}, tags=["claims"])
    def post(self, request, pk: int):
        claim = sel.claim_get_for_user(user=request.user, pk=pk)
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim_reject(claim=claim, actor=request.user, reasons=data["reasons"], note=data["note"])
        return _detail_response(request, claim)
