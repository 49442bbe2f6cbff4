"""Public benefit simulation API: ``POST /api/v1/eligibility/simulate/`` (no login, rate-limited)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from claims.eligibility import CRITERIA_CODES, PHK_REASONS, RULE_SETS
from claims.forms.calculator.checks import SimulationInputError, check_relations
from claims.forms.calculator.choices import (
    CITIZENSHIP_CHOICES,
    CONTRACT_CHOICES,
    MAX_PAID_MONTHS,
    MAX_PREVIOUS_CLAIMS_API,
    PROGRAM_CHOICES,
    SEGMENT_CHOICES,
    SIZE_CHOICES,
)
from claims.forms.calculator.parsing import parse_month
from claims.forms.calculator.simulation import simulate


class SimulateThrottle(AnonRateThrottle):
    """60 simulations a minute per client address, or per account when logged in.

    The rate is read on every request (not frozen at import as DRF's class
    attribute is), so a settings change or test override takes effect.
    """

    scope = "anon_simulate"

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No default throttle rate set for {self.scope!r} scope")

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


# --- request ------------------------------------------------------------------

_DATE_ERRORS = {
    "invalid": gettext_lazy("Tanggal tidak valid: gunakan format TTTT-BB-HH, mis. 2025-06-15."),
    "datetime": gettext_lazy("Kirim tanggal saja (TTTT-BB-HH), tanpa jam."),
    "required": gettext_lazy("Wajib diisi."),
    "null": gettext_lazy("Wajib diisi."),
}


def _date(**kwargs):
    return serializers.DateField(input_formats=["iso-8601"], error_messages=_DATE_ERRORS, **kwargs)


def _choice(choices, unknown, **kwargs):
    return serializers.ChoiceField(
        choices=choices,
        error_messages={
            "invalid_choice": unknown,
            "required": gettext_lazy("Wajib diisi."),
            "null": gettext_lazy("Wajib diisi."),
        },
        **kwargs,
    )


class _FlatListField(serializers.ListField):
    """A list whose item errors come back as one flat list of messages naming the item,
    so every field's errors keep the ``{"field": ["message", ...]}`` shape."""

    def to_internal_value(self, data):
        if isinstance(data, (str, dict)) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        data = list(data)
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        values, messages = [], []
        for position, item in enumerate(data, start=1):
            try:
                values.append(self.child.run_validation(item))
            except serializers.ValidationError as exc:
                detail = exc.detail if isinstance(exc.detail, list) else [exc.detail]
                for message in detail:
                    messages.append(_("Isian ke-%(n)d: %(message)s") % {"n": position, "message": message})
        if messages:
            raise serializers.ValidationError(messages)
        return values


class _MonthField(serializers.CharField):
    """``"YYYY-MM"`` -> ``(year, month)``."""

    def to_internal_value(self, data):
        try:
            return parse_month(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc))


_LIST_ERRORS = {
    "not_a_list": gettext_lazy("Kirim sebuah daftar (JSON array)."),
    "null": gettext_lazy("Kirim sebuah daftar (JSON array), boleh kosong."),
}


class SimulateRequestSerializer(serializers.Serializer):
    citizenship = _choice(
        CITIZENSHIP_CHOICES, gettext_lazy("“{input}” tidak dikenal: pilih WNI atau WNA."), default="WNI"
    )
    birth_date = _date(help_text="Tanggal lahir.")
    jkp_registered_on = _date(help_text="Tanggal terdaftar JKP.")
    employer_size = _choice(
        SIZE_CHOICES, gettext_lazy("Skala usaha “{input}” tidak dikenal: pilih micro, small, medium atau large.")
    )
    programs = _FlatListField(
        child=_choice(
            PROGRAM_CHOICES, gettext_lazy("Program “{input}” tidak dikenal: pilih JKN, JKK, JKM, JHT atau JP.")
        ),
        default=list,
        max_length=len(PROGRAM_CHOICES) * 2,
        error_messages={**_LIST_ERRORS, "max_length": gettext_lazy("Terlalu banyak program.")},
        help_text="Program yang diikuti: JKN, JKK, JKM, JHT, JP.",
    )
    jkn_segment = _choice(
        SEGMENT_CHOICES, gettext_lazy("Segmen JKN “{input}” tidak dikenal: pilih PPU, PBI atau PBPU.")
    )
    contract_type = _choice(
        CONTRACT_CHOICES, gettext_lazy("Jenis kontrak “{input}” tidak dikenal: pilih PKWT atau PKWTT.")
    )
    contract_end_date = _date(
        required=False, allow_null=True, default=None, help_text="Akhir kontrak; wajib untuk PKWT."
    )
    phk_date = _date(help_text="Tanggal PHK.")
    phk_reason = _choice(
        [(r, r) for r in PHK_REASONS],
        gettext_lazy("Alasan PHK “{input}” tidak dikenal."),
        help_text="Salah satu dari: " + ", ".join(PHK_REASONS) + ".",
    )
    filed_on = _date(
        required=False, allow_null=True, default=None, help_text="Tanggal pengajuan; default decision_date."
    )
    decision_date = _date(
        required=False, allow_null=True, default=None, help_text="Tanggal keputusan; default hari ini (Asia/Jakarta)."
    )
    paid_months = _FlatListField(
        child=_MonthField(),
        default=list,
        max_length=MAX_PAID_MONTHS,
        error_messages={
            **_LIST_ERRORS,
            "max_length": gettext_lazy("Paling banyak {max_length} bulan."),
        },
        help_text='Bulan yang iurannya lunas, "YYYY-MM"; duplikat diabaikan.',
    )
    last_wage = serializers.DecimalField(
        max_digits=15,
        decimal_places=2,
        min_value=0,
        error_messages={
            "invalid": gettext_lazy("Upah harus berupa angka rupiah, mis. 4500000."),
            "min_value": gettext_lazy("Upah tidak boleh negatif."),
            "max_digits": gettext_lazy("Upah terlalu besar."),
            "max_whole_digits": gettext_lazy("Upah terlalu besar."),
            "max_decimal_places": gettext_lazy("Paling banyak 2 angka desimal."),
            "required": gettext_lazy("Wajib diisi."),
            "null": gettext_lazy("Wajib diisi."),
        },
        help_text="Upah terakhir yang dilaporkan (Rp), ≥ 0.",
    )
    employer_arrears_months = serializers.IntegerField(
        min_value=0,
        max_value=MAX_PAID_MONTHS,
        default=0,
        error_messages={
            "invalid": gettext_lazy("Isi jumlah bulan (bilangan bulat)."),
            "min_value": gettext_lazy("Tidak boleh negatif."),
            "max_value": gettext_lazy("Paling banyak {max_value} bulan."),
        },
    )
    employer_bankrupt_or_closed = serializers.BooleanField(default=False)
    previous_claim_phk_dates = _FlatListField(
        child=_date(),
        default=list,
        max_length=MAX_PREVIOUS_CLAIMS_API,
        error_messages={**_LIST_ERRORS, "max_length": gettext_lazy("Paling banyak {max_length} tanggal.")},
        help_text="Tanggal PHK klaim-klaim sebelumnya yang menerima manfaat.",
    )
    reemployed = serializers.BooleanField(default=False)
    kapk_signed = serializers.BooleanField(default=True)

    def validate(self, attrs):
        decision = attrs.get("decision_date") or timezone.localdate()
        values = {
            **attrs,
            "decision_date": decision,
            "filed_on": attrs.get("filed_on") or decision,
            "paid_months": frozenset(attrs["paid_months"]),
        }
        problems = check_relations(values)
        if problems:
            raise serializers.ValidationError(SimulationInputError(problems).as_dict())
        return values


# --- response (documentation of Verdict.as_dict()) -------------------------------

_RULE_SET_CHOICES = [rs.code for rs in RULE_SETS]


class CriterionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=CRITERIA_CODES)
    passed = serializers.BooleanField()
    detail = serializers.CharField(help_text="Data yang dipakai, dalam bahasa Indonesia.")


class ScheduleMonthSerializer(serializers.Serializer):
    month = serializers.IntegerField(min_value=1, max_value=6)
    due_date = serializers.DateField()
    rate = serializers.CharField(help_text='Tarif dari upah dasar, mis. "0.60".')
    amount = serializers.CharField(help_text='Rupiah utuh, mis. "2700000".')
    rule_set = serializers.ChoiceField(choices=_RULE_SET_CHOICES, help_text="Aturan yang berlaku pada jatuh tempo.")


class VerdictSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    rule_set = serializers.ChoiceField(choices=_RULE_SET_CHOICES, help_text="Aturan yang berlaku pada decision_date.")
    payer = serializers.ChoiceField(choices=["bpjs", "employer"])
    criteria = CriterionSerializer(many=True, help_text="Setiap kriteria, dalam urutan aturan.")
    failed = serializers.ListField(
        child=serializers.CharField(), help_text="Kode kriteria yang gagal, dalam urutan aturan (lihat criteria.code)."
    )
    claim_deadline = serializers.DateField()
    wage_base = serializers.CharField(help_text="Upah terakhir dibatasi Rp 5.000.000, rupiah utuh.")
    schedule = ScheduleMonthSerializer(many=True, help_text="Kosong bila tidak memenuhi syarat.")
    total = serializers.CharField(help_text='"0" bila tidak memenuhi syarat.')


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


_EXAMPLE_REQUEST = {
    "citizenship": "WNI",
    "birth_date": "1990-05-01",
    "jkp_registered_on": "2022-01-10",
    "employer_size": "medium",
    "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
    "jkn_segment": "PPU",
    "contract_type": "PKWT",
    "contract_end_date": "2026-12-31",
    "phk_date": "2025-06-15",
    "phk_reason": "efficiency",
    "filed_on": "2025-07-01",
    "decision_date": "2025-07-03",
    "paid_months": [f"{2023 + (6 + i) // 12}-{(6 + i) % 12 + 1:02d}" for i in range(24)],
    "last_wage": 4500000,
    "employer_arrears_months": 0,
    "employer_bankrupt_or_closed": False,
    "previous_claim_phk_dates": [],
    "reemployed": False,
    "kapk_signed": True,
}


class SimulateApi(APIView):
    """Check eligibility for JKP and simulate the six-month cash benefit.

    No login needed. Answers with every criterion of the rules, the rule set in
    force on ``decision_date``, the payer, the claim deadline, the wage base and
    the month-by-month schedule. Limited to 60 requests a minute per address
    (per account when logged in).
    """

    permission_classes = [AllowAny]
    throttle_classes = [SimulateThrottle]

    def throttled(self, request, wait):
        raise exceptions.Throttled(
            wait=wait, detail=_("Terlalu banyak permintaan simulasi. Tunggu sebentar lalu coba lagi.")
        )

    @extend_schema(
        operation_id="eligibility_simulate",
        summary="Cek kelayakan & simulasi manfaat JKP",
        request=SimulateRequestSerializer,
        responses={200: VerdictSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        examples=[OpenApiExample("Contoh", value=_EXAMPLE_REQUEST, request_only=True)],
        auth=[],
        tags=["eligibility"],
    )
    def post(self, request):
        serializer = SimulateRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Impossible input found by the shared checks raises SimulationInputError: a 400 with field errors.
        verdict = simulate(serializer.validated_data)
        return Response(verdict.as_dict())
