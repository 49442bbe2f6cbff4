"""Registry API for BPJS staff: participant search, detail, and the eligibility
check from the registry's own data; registry imports (staged diff, approve,
reject, cancel) for registry officers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.eligibility import PHK_REASONS, NoRuleSetError, evaluate
from claims.models import Participant
from claims.selectors.registry import (
    mask_nik,
    participant_facts,
    participant_get_for_staff,
    participant_ledger,
    participant_search,
    previous_claim_phk_dates,
    registry_import_flips,
    registry_import_get_for_staff,
    registry_imports_visible_to,
)
from claims.services.registry.decisions import (
    registry_import_approve,
    registry_import_cancel,
    registry_import_may_decide,
    registry_import_reject,
)
from jkp_portal.accounts.roles import STAFF_ROLES, Role
from jkp_portal.audit.serializers import PersonalDataLoggingMixin
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

REGISTRY_ROLES = STAFF_ROLES  # claim staff and the registry officer
IMPORT_ROLES = (Role.REGISTRY_OFFICER,)


class EmployerOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    npp = serializers.CharField()
    name = serializers.CharField()
    size = serializers.CharField()
    sector = serializers.CharField(help_text="KBLI 2020 section, A–U; empty when not known.")
    sector_label = serializers.CharField(source="get_sector_display", help_text="'C — Industri Pengolahan'.")
    kbli_code = serializers.CharField(
        help_text="5-digit KBLI 2020 code; empty when the registry gave only the section."
    )
    province_code = serializers.CharField()
    regency = serializers.CharField()
    office = serializers.CharField(source="office.code", default=None)
    bankrupt_or_closed = serializers.BooleanField()


class ParticipantListOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nik_masked = serializers.SerializerMethodField()
    kpj = serializers.CharField()
    full_name = serializers.CharField()
    contract_type = serializers.CharField()
    employment_status = serializers.CharField()
    employer_npp = serializers.CharField(source="employer.npp", default=None)
    employer_name = serializers.CharField(source="employer.name", default=None)
    regency = serializers.CharField(source="employer.regency", default=None)

    def get_nik_masked(self, obj) -> str:
        return mask_nik(obj.nik)


class LedgerMonthSerializer(serializers.Serializer):
    period = serializers.SerializerMethodField()
    wage = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    status = serializers.CharField(allow_null=True)

    def get_period(self, obj) -> str:
        return obj["period"].strftime("%Y-%m")


class ParticipantDetailOutSerializer(PersonalDataLoggingMixin, serializers.Serializer):
    personal_data_fields = ("nik", "phone", "email")

    id = serializers.IntegerField()
    nik = serializers.CharField()
    kpj = serializers.CharField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField()
    sex = serializers.CharField()
    citizenship = serializers.CharField()
    contract_type = serializers.CharField()
    contract_start = serializers.DateField(allow_null=True)
    contract_end = serializers.DateField(allow_null=True)
    jkp_registered_on = serializers.DateField()
    programs = serializers.ListField(child=serializers.CharField())
    jkn_segment = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    employment_status = serializers.CharField()
    employer = EmployerOutSerializer(allow_null=True)
    ledger = serializers.SerializerMethodField()

    def get_ledger(self, obj) -> list[dict]:
        return LedgerMonthSerializer(participant_ledger(obj, months=24), many=True).data


_DATE_ERRORS = {
    "invalid": gettext_lazy("Tanggal tidak valid: gunakan format TTTT-BB-HH."),
    "required": gettext_lazy("Wajib diisi."),
}


class CheckInSerializer(serializers.Serializer):
    phk_date = serializers.DateField(input_formats=["iso-8601"], error_messages=_DATE_ERRORS)
    phk_reason = serializers.ChoiceField(
        choices=PHK_REASONS,
        error_messages={
            "invalid_choice": gettext_lazy("Alasan PHK tidak dikenal."),
            "required": gettext_lazy("Wajib diisi."),
        },
    )
    decision_date = serializers.DateField(input_formats=["iso-8601"], error_messages=_DATE_ERRORS, required=False)
    filed_on = serializers.DateField(input_formats=["iso-8601"], error_messages=_DATE_ERRORS, required=False)

    def validate(self, attrs):
        decision = attrs.get("decision_date") or timezone.localdate()
        filed = attrs.get("filed_on") or decision
        if attrs["phk_date"] > filed:
            raise serializers.ValidationError({"phk_date": [_("Tanggal PHK setelah tanggal pengajuan.")]})
        attrs["decision_date"] = decision
        attrs["filed_on"] = filed
        return attrs


@extend_schema(
    tags=["registry"],
    parameters=[OpenApiParameter("search", str, description="NIK (awal), KPJ atau nama")],
    responses=ParticipantListOutSerializer(many=True),
)
class ParticipantListApi(ListAPIView):
    """Participants of employers in the staff member's office scope."""

    permission_classes = [HasAnyRole.of(*REGISTRY_ROLES)]
    serializer_class = ParticipantListOutSerializer
    filter_backends = []

    def get_queryset(self):
        return participant_search(user=self.request.user, query=self.request.query_params.get("search", "")[:100])


class ParticipantDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*REGISTRY_ROLES)]

    @extend_schema(tags=["registry"], responses=ParticipantDetailOutSerializer)
    def get(self, request, pk: int):
        participant = participant_get_for_staff(user=request.user, pk=pk)
        return Response(ParticipantDetailOutSerializer(participant, context={"request": request}).data)


class ParticipantCheckApi(APIView):
    """The engine's verdict for this participant from the registry's data, for a
    given PHK date and reason (KAPK assumed signed, not re-employed; earlier
    approved claims count as previous claims)."""

    permission_classes = [HasAnyRole.of(*REGISTRY_ROLES)]

    @extend_schema(tags=["registry"], request=CheckInSerializer, responses={200: dict})
    def post(self, request, pk: int):
        participant: Participant = participant_get_for_staff(user=request.user, pk=pk)
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            facts = participant_facts(
                participant,
                phk_date=data["phk_date"],
                phk_reason=data["phk_reason"],
                decision_date=data["decision_date"],
                filed_on=data["filed_on"],
                previous_claim_phk_dates=previous_claim_phk_dates(participant, before=data["phk_date"]),
            )
            verdict = evaluate(facts)
        except NoRuleSetError:
            raise ApplicationError(
                _("Tidak ada aturan JKP yang berlaku pada tanggal keputusan itu."),
                errors={"decision_date": [_("JKP berlaku sejak 2021-02-02.")]},
            )
        return Response(verdict.as_dict())


# --- imports ----------------------------------------------------------------------------


class RegistryImportOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    source_name = serializers.CharField()
    status = serializers.CharField()
    office = serializers.CharField(source="office.code", default=None)
    started_by = serializers.CharField(source="started_by.username", default=None)
    started_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    rows_total = serializers.IntegerField()
    rows_rejected = serializers.IntegerField()
    rows_new = serializers.IntegerField()
    rows_changed = serializers.IntegerField()
    rows_unchanged = serializers.IntegerField()
    flips = serializers.IntegerField()
    message = serializers.CharField()
    errors = serializers.JSONField()
    can_decide = serializers.SerializerMethodField()

    def get_can_decide(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and obj.status == "staged" and registry_import_may_decide(obj, request.user))


class FlipOutSerializer(serializers.Serializer):
    participant_id = serializers.IntegerField()
    full_name = serializers.CharField(source="participant.full_name")
    nik_masked = serializers.SerializerMethodField()
    eligible_before = serializers.BooleanField()
    eligible_after = serializers.BooleanField()
    failed_before = serializers.ListField(child=serializers.CharField())
    failed_after = serializers.ListField(child=serializers.CharField())

    def get_nik_masked(self, obj) -> str:
        return mask_nik(obj.participant.nik)


class RegistryImportDetailOutSerializer(RegistryImportOutSerializer):
    flip_rows = serializers.SerializerMethodField()

    def get_flip_rows(self, obj) -> list[dict]:
        return FlipOutSerializer(registry_import_flips(obj)[:200], many=True).data


class DecisionInSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


@extend_schema(tags=["registry"], responses=RegistryImportOutSerializer(many=True))
class RegistryImportListApi(ListAPIView):
    """Registry imports of the officer's office scope, newest first."""

    permission_classes = [HasAnyRole.of(*IMPORT_ROLES)]
    serializer_class = RegistryImportOutSerializer
    filter_backends = []

    def get_queryset(self):
        return registry_imports_visible_to(self.request.user)


class RegistryImportDetailApi(APIView):
    permission_classes = [HasAnyRole.of(*IMPORT_ROLES)]

    @extend_schema(tags=["registry"], responses=RegistryImportDetailOutSerializer)
    def get(self, request, pk: int):
        imp = registry_import_get_for_staff(user=request.user, pk=pk)
        return Response(RegistryImportDetailOutSerializer(imp, context={"request": request}).data)


class _RegistryImportTransitionApi(APIView):
    permission_classes = [HasAnyRole.of(*IMPORT_ROLES)]
    service = None
    takes_reason = True

    @extend_schema(tags=["registry"], request=DecisionInSerializer, responses=RegistryImportOutSerializer)
    def post(self, request, pk: int):
        imp = registry_import_get_for_staff(user=request.user, pk=pk)
        data = DecisionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {"registry_import": imp, "actor": request.user}
        if self.takes_reason:
            kwargs["reason"] = data.validated_data.get("reason", "")
        imp = type(self).service(**kwargs)
        return Response(RegistryImportOutSerializer(imp, context={"request": request}).data)


class RegistryImportApproveApi(_RegistryImportTransitionApi):
    """Apply a staged import (a second registry officer, never the uploader)."""

    service = registry_import_approve
    takes_reason = False


class RegistryImportRejectApi(_RegistryImportTransitionApi):
    """Refuse a staged import (a second registry officer)."""

    service = registry_import_reject


class RegistryImportCancelApi(_RegistryImportTransitionApi):
    """Withdraw one's own staged import."""

    service = registry_import_cancel
