"""Registry pages for BPJS staff: participant search, participant page with the
eligibility check from the registry's own data, and the CSV import."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from claims.eligibility import PHK_REASONS, NoRuleSetError, evaluate
from claims.forms.calculator.choices import REASON_CHOICES
from claims.models import RegistryImport
from claims.selectors.registry import (
    mask_nik,
    participant_facts,
    participant_get_for_staff,
    participant_ledger,
    participant_search,
    previous_claim_phk_dates,
    registry_import_flips,
    registry_import_get_for_staff,
    registry_import_staged_rows,
    registry_imports_visible_to,
)
from claims.services.registry.decisions import (
    registry_import_approve,
    registry_import_cancel,
    registry_import_may_decide,
    registry_import_reject,
)
from claims.services.registry.files import COLUMNS, OPTIONAL_COLUMNS
from claims.services.registry.staging import FLIP_PHK_REASON, registry_import_run, registry_import_start
from jkp_portal.accounts.roles import STAFF_ROLES, Role
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import RoleRequiredMixin
from jkp_portal.common.widgets import DateInput

REGISTRY_ROLES = STAFF_ROLES  # claim staff and the registry officer
# Imports rewrite the registry (contributions, names, phones): registry officers only.
IMPORT_ROLES = (Role.REGISTRY_OFFICER,)
DIFF_PAGE_SIZE = 50
PAGE_SIZE = 25
# Uploads up to this size are imported during the request; larger ones by a Celery worker.
SYNC_MAX_BYTES = getattr(settings, "REGISTRY_IMPORT_SYNC_MAX_BYTES", 5 * 1024 * 1024)
MAX_UPLOAD_BYTES = getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", 200 * 1024 * 1024)

CRITERION_LABELS = {
    "NOT_CITIZEN": gettext_lazy("Warga negara Indonesia"),
    "AGE_AT_REGISTRATION": gettext_lazy("Usia saat mendaftar JKP di bawah 54 tahun"),
    "PROGRAMS_INCOMPLETE": gettext_lazy("Program jaminan sesuai skala usaha"),
    "EXCLUDED_REASON": gettext_lazy("Alasan PHK tidak dikecualikan"),
    "PKWT_CONTRACT_ENDED": gettext_lazy("PHK sebelum kontrak PKWT berakhir"),
    "INSUFFICIENT_CONTRIBUTIONS": gettext_lazy("Masa iuran cukup"),
    "NOT_CONSECUTIVE": gettext_lazy("6 bulan iuran berturut-turut (PP 37/2021)"),
    "CLAIM_DEADLINE_PASSED": gettext_lazy("Diajukan sebelum batas waktu klaim"),
    "CLAIM_LIMIT_REACHED": gettext_lazy("Belum mencapai batas 3 kali klaim"),
    "REEMPLOYED": gettext_lazy("Belum bekerja kembali sebagai penerima upah"),
    "NOT_WILLING_TO_WORK": gettext_lazy("Bersedia bekerja kembali (KAPK)"),
}
PAYER_LABELS = {
    "bpjs": gettext_lazy("BPJS Ketenagakerjaan"),
    "employer": gettext_lazy("Pemberi kerja (tunggakan iuran lebih dari 3 bulan; dapat diganti BPJS)"),
}


# --- forms ----------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("NIK, KPJ atau nama"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autofocus": True}),
    )


class CheckForm(forms.Form):
    phk_date = forms.DateField(label=gettext_lazy("Tanggal PHK"), widget=DateInput(attrs={"class": "form-control"}))
    phk_reason = forms.ChoiceField(
        label=gettext_lazy("Alasan PHK"), choices=REASON_CHOICES, widget=forms.Select(attrs={"class": "form-select"})
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Tanggal keputusan"),
        required=False,
        help_text=gettext_lazy("Kosongkan untuk hari ini. Menentukan aturan (PP 37/2021 atau PP 6/2025)."),
        widget=DateInput(attrs={"class": "form-control"}),
    )
    filed_on = forms.DateField(
        label=gettext_lazy("Tanggal pengajuan"),
        required=False,
        help_text=gettext_lazy("Kosongkan bila sama dengan tanggal keputusan."),
        widget=DateInput(attrs={"class": "form-control"}),
    )

    def clean_phk_reason(self):
        reason = self.cleaned_data["phk_reason"]
        if reason not in PHK_REASONS:
            raise forms.ValidationError(_("Pilih alasan PHK."))
        return reason

    def clean(self):
        data = super().clean()
        phk_date = data.get("phk_date")
        decision = data.get("decision_date") or timezone.localdate()
        filed = data.get("filed_on") or decision
        if phk_date and filed < phk_date:
            self.add_error(
                "filed_on" if data.get("filed_on") else "phk_date", _("Tanggal PHK setelah tanggal pengajuan.")
            )
        if data.get("filed_on") and filed > decision:
            self.add_error("filed_on", _("Tanggal pengajuan setelah tanggal keputusan."))
        data["decision_date"] = decision
        data["filed_on"] = filed
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis data"),
        choices=RegistryImport.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV (UTF-8, dengan baris judul)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s MB); maksimal %(max)s MB. Gunakan perintah import_registry.")
                % {"size": upload.size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return upload


# --- helpers ----------------------------------------------------------------------


def run_check(participant, data: dict) -> tuple[dict | None, str | None]:
    """The verdict (as the API's dict) for the registry participant, or an error message."""
    try:
        facts = participant_facts(
            participant,
            phk_date=data["phk_date"],
            phk_reason=data["phk_reason"],
            decision_date=data["decision_date"],
            filed_on=data.get("filed_on") or data["decision_date"],
            previous_claim_phk_dates=previous_claim_phk_dates(participant, before=data["phk_date"]),
        )
        return evaluate(facts).as_dict(), None
    except NoRuleSetError:
        return None, _("Tidak ada aturan JKP yang berlaku pada tanggal keputusan itu (JKP berlaku sejak 2021-02-02).")
    except ApplicationError as exc:
        return None, str(exc.message)


def verdict_context(verdict: dict) -> dict:
    """Template-friendly verdict: labels for the criteria and the payer."""
    return {
        **verdict,
        "criteria": [{**c, "label": CRITERION_LABELS.get(c["code"], c["code"])} for c in verdict["criteria"]],
        "payer_label": PAYER_LABELS.get(verdict["payer"], verdict["payer"]),
    }


# --- pages ----------------------------------------------------------------------


class RegistrySearchView(RoleRequiredMixin, View):
    required_roles = REGISTRY_ROLES

    def get(self, request):
        form = SearchForm(request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        page = Paginator(participant_search(user=request.user, query=query), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [{"p": p, "nik": mask_nik(p.nik)} for p in page.object_list]
        return render(
            request,
            "claims/registry/search.html",
            {"form": form, "query": query, "page": page, "rows": rows},
        )


class RegistryParticipantView(RoleRequiredMixin, View):
    required_roles = REGISTRY_ROLES

    def get(self, request, pk: int):
        participant = participant_get_for_staff(user=request.user, pk=pk)
        # The page shows the full NIK: every display to staff is logged.
        log_personal_data_access(request, participant, ["nik"])
        ledger = participant_ledger(participant, months=24)
        form = CheckForm(request.GET if "phk_date" in request.GET else None)
        verdict = None
        if form.is_bound and form.is_valid():
            result, error = run_check(participant, form.cleaned_data)
            if error:
                form.add_error(None, error)
            else:
                verdict = verdict_context(result)
        return render(
            request,
            "claims/registry/participant.html",
            {
                "participant": participant,
                "employer": participant.employer,
                "ledger": ledger,
                "paid_count": sum(1 for m in ledger if m["status"] == "paid"),
                "arrears_count": sum(1 for m in ledger if m["status"] == "arrears"),
                "missing_count": sum(1 for m in ledger if m["status"] is None),
                "form": form,
                "verdict": verdict,
                "today": timezone.localdate(),
            },
        )


class RegistryImportView(RoleRequiredMixin, View):
    required_roles = IMPORT_ROLES

    def _render(self, request, form, status=200):
        page = Paginator(registry_imports_visible_to(request.user), 20).get_page(request.GET.get("page"))
        return render(
            request,
            "claims/registry/import.html",
            {
                "form": form,
                "page": page,
                "columns": [
                    (k, label, ",".join(COLUMNS[k]) + "".join(f" [,{c}]" for c in OPTIONAL_COLUMNS.get(k, ())))
                    for k, label in RegistryImport.Kind.choices
                ],
            },
            status=status,
        )

    def get(self, request):
        return self._render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            imp = registry_import_start(kind=kind, source_name=upload.name, actor=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._render(request, form, status=exc.status_code)
        if upload.size <= SYNC_MAX_BYTES:
            # The result page shows the staged diff (counts, rows, flips, first errors).
            registry_import_run(registry_import=imp, source=upload, actor=request.user)
        else:
            from claims.tasks import registry_import_run_task

            name = default_storage.save(f"imports/uploads/{uuid.uuid4().hex}.csv", upload)
            transaction.on_commit(lambda: registry_import_run_task.delay(imp.pk, name, request.user.pk))
            messages.info(
                request, _("Berkas besar: impor berjalan di latar belakang. Halaman ini diperbarui otomatis.")
            )
        return redirect("claims:registry_import_detail", pk=imp.pk)


def _staged_key(imp: RegistryImport, row) -> str:
    if imp.kind == RegistryImport.Kind.EMPLOYERS:
        return row.npp
    if imp.kind == RegistryImport.Kind.PARTICIPANTS:
        return f"{mask_nik(row.nik)} {row.full_name}"
    return f"{mask_nik(row.nik)} {row.period:%Y-%m}"


class RegistryImportDetailView(RoleRequiredMixin, View):
    """The staged import's diff: counts, the new/changed rows (paginated, rows of
    participants whose eligibility flips highlighted), the flips, and the
    approve / reject / cancel buttons for whoever may use them."""

    required_roles = IMPORT_ROLES

    def get(self, request, pk: int):
        imp = registry_import_get_for_staff(user=request.user, pk=pk)
        change = request.GET.get("change", "")
        if change not in ("new", "changed"):
            change = ""
        rows_page = Paginator(registry_import_staged_rows(imp, change=change), DIFF_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        flips = list(registry_import_flips(imp)[:DIFF_PAGE_SIZE])
        flipped_niks = set(
            registry_import_flips(imp)
            .filter(participant__nik__in=[getattr(r, "nik", "") for r in rows_page.object_list])
            .values_list("participant__nik", flat=True)
        )
        rows = [
            {
                "line": r.line,
                "key": _staged_key(imp, r),
                "change": r.change,
                "change_label": r.get_change_display(),
                "fields": sorted(r.diff.items()),
                "flipped": getattr(r, "nik", None) in flipped_niks,
            }
            for r in rows_page.object_list
        ]
        staged = imp.status == RegistryImport.Status.STAGED
        return render(
            request,
            "claims/registry/import_detail.html",
            {
                "imp": imp,
                "running": imp.status == RegistryImport.Status.RUNNING,
                "staged": staged,
                "rows": rows,
                "rows_page": rows_page,
                "change": change,
                "flips": [{"f": f, "nik": mask_nik(f.participant.nik)} for f in flips],
                "flip_reason": FLIP_PHK_REASON,
                "today": timezone.localdate(),
                "can_decide": staged and registry_import_may_decide(imp, request.user),
                "can_cancel": staged and imp.started_by_id == request.user.pk,
            },
        )


class _ImportTransitionView(RoleRequiredMixin, View):
    """POST-only: one transition of a staged import; a refusal is shown as a message."""

    required_roles = IMPORT_ROLES
    http_method_names = ["post"]
    # Each subclass names its service (called with the import, the actor and the
    # reason typed in the form) and the message shown after it.
    service: Callable[[RegistryImport, object, str], None]
    done_message = ""

    def post(self, request, pk: int):
        imp = registry_import_get_for_staff(user=request.user, pk=pk)
        reason = (request.POST.get("reason") or "").strip()[:1000]
        try:
            self.service(imp, request.user, reason)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.done_message)
        return redirect("claims:registry_import_detail", pk=imp.pk)


def _approve(imp, user, reason):
    registry_import_approve(registry_import=imp, actor=user)


def _reject(imp, user, reason):
    registry_import_reject(registry_import=imp, actor=user, reason=reason)


def _cancel(imp, user, reason):
    registry_import_cancel(registry_import=imp, actor=user, reason=reason)


class RegistryImportApproveView(_ImportTransitionView):
    service = staticmethod(_approve)
    done_message = gettext_lazy("Impor disetujui dan diterapkan ke registri.")


class RegistryImportRejectView(_ImportTransitionView):
    service = staticmethod(_reject)
    done_message = gettext_lazy("Impor ditolak; registri tidak berubah.")


class RegistryImportCancelView(_ImportTransitionView):
    service = staticmethod(_cancel)
    done_message = gettext_lazy("Impor dibatalkan; registri tidak berubah.")


class RegistryImportErrorsView(RoleRequiredMixin, View):
    """The full error report of one import, as CSV (registry officers only)."""

    required_roles = IMPORT_ROLES

    def get(self, request, pk: int):
        imp = registry_import_get_for_staff(user=request.user, pk=pk)
        if not imp.error_report:
            raise Http404(_("Impor ini tidak memiliki laporan kesalahan."))
        try:
            handle = imp.error_report.open("rb")
        except FileNotFoundError as exc:
            raise Http404(_("Berkas laporan kesalahan tidak ditemukan.")) from exc
        stamp = (imp.finished_at or imp.started_at or dt.datetime.now(tz=dt.UTC)).strftime("%Y%m%d")
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"kesalahan-impor-{imp.pk}-{stamp}.csv",
            content_type="text/csv; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
        return response
