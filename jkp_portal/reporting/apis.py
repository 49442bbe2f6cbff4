"""``GET /api/v1/dashboards/summary/``: the dashboard figures as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Participant, Sector
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole

from .dimensions import AGE_BANDS, Percentile
from .filters import MAX_MONTHS, filters_for
from .selectors import dashboard_summary
from .views import DASHBOARD_ROLES


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-03"})
class MonthField(serializers.Field):
    """A calendar month as ``YYYY-MM``."""

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class DaysField(serializers.FloatField):
    """A decision-time percentile in days; 91 stands for "more than 90 days"."""

    def to_representation(self, value):
        if value is None:
            return None
        if isinstance(value, Percentile):
            return round(value.days, 1)
        return round(float(value), 1)


class FiltersSerializer(serializers.Serializer):
    start = serializers.CharField()
    end = serializers.CharField()
    office = serializers.CharField(allow_null=True)
    province = serializers.CharField(allow_null=True)
    sector = serializers.CharField(allow_null=True)
    sex = serializers.CharField(allow_null=True)
    age_band = serializers.IntegerField(allow_null=True)
    contract_type = serializers.CharField(allow_null=True)
    rule_set = serializers.CharField(allow_null=True)

    def to_representation(self, instance):
        return super().to_representation(instance.as_dict())


class FreshnessSerializer(serializers.Serializer):
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="When the summary tables were last rebuilt.")
    age_minutes = serializers.IntegerField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True, help_text="How long that rebuild took.")
    stale = serializers.BooleanField(help_text="True when older than an hour (the 15-minute task is not running).")


class KpisSerializer(serializers.Serializer):
    filed = serializers.IntegerField()
    filed_prev_year = serializers.IntegerField()
    filed_change_pct = serializers.FloatField(allow_null=True)
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    approval_rate_pct = serializers.FloatField(allow_null=True)
    in_progress = serializers.IntegerField()
    median_days = DaysField(allow_null=True)
    p90_days = DaysField(allow_null=True)
    paid_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_count = serializers.IntegerField()
    on_time_pct = serializers.FloatField(allow_null=True)
    overdue_count = serializers.IntegerField()
    back_1m_pct = serializers.FloatField(allow_null=True)
    unassigned = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share_pct = serializers.FloatField(allow_null=True, required=False)
    prev_year = serializers.IntegerField(required=False)


class ClaimMonthSerializer(serializers.Serializer):
    month = MonthField()
    filed = serializers.IntegerField()
    filed_prev_year = serializers.IntegerField()
    filed_change_pct = serializers.FloatField(allow_null=True)
    approved = serializers.IntegerField()
    approved_prev_year = serializers.IntegerField()
    rejected = serializers.IntegerField()
    rejected_prev_year = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    decided = serializers.IntegerField()
    median_days = DaysField(allow_null=True)
    p90_days = DaysField(allow_null=True)
    mean_days = DaysField(allow_null=True)
    top_reason = ReasonSerializer(allow_null=True)


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="Province code, office code, sector (KBLI 2020 section letter; empty: not known), "
        "age band (0–4) or sex."
    )
    label = serializers.CharField(
        help_text="For a sector: the section and its official title, 'C — Industri Pengolahan'."
    )
    filed = serializers.IntegerField()
    share_pct = serializers.FloatField(allow_null=True)
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    approval_rate_pct = serializers.FloatField(allow_null=True)
    in_progress = serializers.IntegerField()


class PaymentMonthSerializer(serializers.Serializer):
    month = MonthField()
    paid_count = serializers.IntegerField()
    paid_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    on_time_count = serializers.IntegerField(help_text="Paid on or before the stored SLA deadline (3 working days).")
    late_count = serializers.IntegerField()
    on_time_pct = serializers.FloatField(allow_null=True)
    overdue_count = serializers.IntegerField(help_text="Not paid yet although the deadline (in this month) has passed.")
    withheld_count = serializers.IntegerField()
    withheld_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    forfeited_count = serializers.IntegerField()
    forfeited_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    failed_count = serializers.IntegerField()
    failed_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    reissued_count = serializers.IntegerField()
    reissued_amount = serializers.DecimalField(max_digits=18, decimal_places=2)


class FunnelSerializer(serializers.Serializer):
    claimants = serializers.IntegerField(help_text="Beneficiaries: claims approved in the period.")
    assessed = serializers.IntegerField()
    counselled = serializers.IntegerField()
    trained = serializers.IntegerField()
    placed = serializers.IntegerField(help_text="Back at work as a wage earner (any source).")
    due_1m = serializers.IntegerField()
    back_1m = serializers.IntegerField()
    back_1m_pct = serializers.FloatField(allow_null=True)
    due_3m = serializers.IntegerField()
    back_3m = serializers.IntegerField()
    back_3m_pct = serializers.FloatField(allow_null=True)
    due_6m = serializers.IntegerField()
    back_6m = serializers.IntegerField()
    back_6m_pct = serializers.FloatField(allow_null=True)


class FunnelMonthSerializer(FunnelSerializer):
    month = MonthField()


class FunnelProvinceSerializer(FunnelSerializer):
    key = serializers.CharField()
    label = serializers.CharField()


class KonselorSerializer(serializers.Serializer):
    konselor_id = serializers.IntegerField()
    name = serializers.CharField()
    office = serializers.CharField()
    capacity = serializers.IntegerField()
    open_cases = serializers.IntegerField()
    new_cases = serializers.IntegerField()
    active_cases = serializers.IntegerField()
    in_training = serializers.IntegerField()
    load_pct = serializers.FloatField(allow_null=True)
    takes_cases = serializers.BooleanField()


class KonselorOfficeSerializer(serializers.Serializer):
    office = serializers.CharField()
    konselors = serializers.IntegerField()
    taking_cases = serializers.IntegerField()
    capacity = serializers.IntegerField()
    open_cases = serializers.IntegerField()
    load_pct = serializers.FloatField(allow_null=True)


class UnassignedSerializer(serializers.Serializer):
    office = serializers.CharField()
    province = serializers.CharField()
    waiting = serializers.IntegerField()
    over_7_days = serializers.IntegerField()
    oldest_days = serializers.IntegerField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    filters = FiltersSerializer()
    freshness = FreshnessSerializer()
    kpis = KpisSerializer()
    claims_by_month = ClaimMonthSerializer(many=True)
    rejection_reasons = ReasonSerializer(many=True)
    by_office = BreakdownSerializer(many=True)
    by_province = BreakdownSerializer(many=True)
    by_sector = BreakdownSerializer(many=True)
    by_age_band = BreakdownSerializer(many=True)
    by_sex = BreakdownSerializer(many=True)
    payments_by_month = PaymentMonthSerializer(many=True)
    funnel = FunnelSerializer()
    funnel_by_month = FunnelMonthSerializer(many=True)
    funnel_by_province = FunnelProvinceSerializer(many=True)
    konselors = KonselorSerializer(many=True)
    konselor_offices = KonselorOfficeSerializer(many=True)
    unassigned = UnassignedSerializer(many=True)


def _choices(pairs) -> str:
    return ", ".join(f"`{value}`" for value, _label in pairs)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "start", OpenApiTypes.STR, description="First month, `YYYY-MM` (default: 11 months before `end`)."
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.STR,
        description=f"Last month, `YYYY-MM` (default: this month). At most {MAX_MONTHS} months.",
    ),
    OpenApiParameter(
        "office",
        OpenApiTypes.STR,
        description="Office code within your scope; a regional office includes its branches.",
    ),
    OpenApiParameter("province", OpenApiTypes.STR, description="Province code (BPS), e.g. `64`."),
    OpenApiParameter(
        "sector",
        OpenApiTypes.STR,
        description=f"Employer sector, the KBLI 2020 section letter: {_choices(Sector.choices)}.",
    ),
    OpenApiParameter("sex", OpenApiTypes.STR, description=f"{_choices(Participant.Sex.choices)}."),
    OpenApiParameter(
        "age_band",
        OpenApiTypes.INT,
        description="Age at submission: " + ", ".join(f"`{code}` = {label}" for code, _low, label in AGE_BANDS) + ".",
    ),
    OpenApiParameter("contract_type", OpenApiTypes.STR, description=f"{_choices(Participant.ContractType.choices)}."),
    OpenApiParameter("rule_set", OpenApiTypes.STR, description="`PP37_2021` or `PP6_2025` (the claim's rule set)."),
]


class DashboardSummaryApi(APIView):
    permission_classes = [HasAnyRole.of(*DASHBOARD_ROLES)]

    @extend_schema(
        operation_id="dashboards_summary",
        summary="Dashboard figures for your offices",
        description=(
            "The figures of the JKP dashboard as JSON, read from the summary tables (see `freshness`). "
            "Scoped to the caller's office: a branch sees its branch, a regional office its region, "
            "the head office and admins everything. Claims filed count in the month of submission, "
            "decisions in the month of decision (Asia/Jakarta); each monthly row carries the same month "
            "a year earlier. Money amounts are decimal strings in rupiah. Invalid filters give 400 with "
            "`errors` per parameter."
        ),
        parameters=FILTER_PARAMETERS,
        responses=SummarySerializer,
        tags=["dashboards"],
    )
    def get(self, request):
        filters, form = filters_for(request.user, request.query_params)
        if form.errors:
            raise ApplicationError(
                _("Filter tidak valid."),
                code="invalid_filter",
                errors={field: [str(m) for m in messages] for field, messages in form.errors.items()},
            )
        summary = dashboard_summary(filters)
        summary["freshness"] = {
            "refreshed_at": summary["freshness"].refreshed_at,
            "age_minutes": summary["freshness"].age_minutes,
            "duration_ms": summary["freshness"].duration_ms,
            "stale": summary["freshness"].stale,
        }
        return Response(SummarySerializer(summary).data)
