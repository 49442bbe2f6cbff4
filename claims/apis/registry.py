"""Registry API for BPJS staff: participant search, detail, and the eligibility
check from the registry's own data."""

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
)
from jkp_portal.audit.serializers import PersonalDataLoggingMixin
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

REGISTRY_ROLES = ("verifier", "approver", "supervisor", "admin")


class EmployerOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    npp = serializers.CharField()
    name = serializers.CharField()
    size = serializers.CharField()
    sector = serializers.CharField()
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
