"""HTML routes of the claims core (namespace ``claims``): the registry, the public
calculator and the claim journey, each view module named here."""

from django.urls import path

from claims.views import calculator, registry, sms
from claims.views.claims import assisted, decisions, documents, receipts, routing, signup, staff, wizard, worker

app_name = "claims"

urlpatterns = [
    # the registry
    path("registri/", registry.RegistrySearchView.as_view(), name="registry_search"),
    path("registri/peserta/<int:pk>/", registry.RegistryParticipantView.as_view(), name="registry_participant"),
    path("registri/impor/", registry.RegistryImportView.as_view(), name="registry_import"),
    path("registri/impor/<int:pk>/", registry.RegistryImportDetailView.as_view(), name="registry_import_detail"),
    path(
        "registri/impor/<int:pk>/setujui/",
        registry.RegistryImportApproveView.as_view(),
        name="registry_import_approve",
    ),
    path("registri/impor/<int:pk>/tolak/", registry.RegistryImportRejectView.as_view(), name="registry_import_reject"),
    path(
        "registri/impor/<int:pk>/batalkan/",
        registry.RegistryImportCancelView.as_view(),
        name="registry_import_cancel",
    ),
    path(
        "registri/impor/<int:pk>/kesalahan.csv",
        registry.RegistryImportErrorsView.as_view(),
        name="registry_import_errors",
    ),
    # the SMS provider's inbound callback (signed; claims/views/sms.py)
    path("sms/masuk/", sms.sms_inbound, name="sms_inbound"),
    # the public calculator
    path("cek-kelayakan/", calculator.calculator, name="calculator"),
    # the claim journey: sign-up, the worker's pages, the staff pages
    path("daftar/", signup.signup, name="signup"),
    path("daftar/kode/", signup.signup_code, name="signup_code"),
    path("lupa-kata-sandi/", signup.password_reset, name="password_reset"),
    path("lupa-kata-sandi/kode/", signup.password_reset_confirm_view, name="password_reset_confirm"),
    path("klaim/", worker.my_claims, name="my_claims"),
    path("klaim/baru/", wizard.claim_start, name="claim_start"),
    path("klaim/<int:pk>/", worker.claim_detail, name="claim_detail"),
    path("klaim/<int:pk>/langkah/<slug:step>/", wizard.claim_step, name="claim_step"),
    path("klaim/<int:pk>/dokumen/", documents.document_upload, name="document_upload"),
    path("klaim/<int:pk>/dokumen/<int:doc_pk>/", documents.document_file, name="document_file"),
    path("klaim/<int:pk>/ajukan/", worker.claim_submit, name="claim_submit"),
    path("klaim/<int:pk>/batalkan/", worker.claim_withdraw, name="claim_withdraw"),
    path("klaim/<int:pk>/surat-penetapan.pdf", documents.claim_letter, name="claim_letter"),
    path("klaim/<int:pk>/tanda-terima.pdf", receipts.claim_receipt, name="claim_receipt"),
    path("petugas/verifikasi/", staff.verifier_queue, name="verifier_queue"),
    path("petugas/persetujuan/", staff.approver_queue, name="approver_queue"),
    path("petugas/klaim/<int:pk>/", staff.staff_claim, name="staff_claim"),
    path("petugas/belum-diarahkan/", routing.unrouted_queue, name="unrouted_queue"),
    path("petugas/klaim/<int:pk>/arahkan/", routing.claim_route_view, name="claim_route"),
    # the service desk: KTP check, consent, the wizard with the worker
    path("layanan/", assisted.desk, name="assisted_desk"),
    path("layanan/sesi/<int:pk>/", assisted.session_detail, name="assisted_session"),
    path("layanan/sesi/<int:pk>/kirim-kode/", assisted.consent_send, name="assisted_consent_send"),
    path("layanan/sesi/<int:pk>/persetujuan/", assisted.consent_confirm, name="assisted_consent_confirm"),
    path("layanan/sesi/<int:pk>/formulir/", assisted.consent_form, name="assisted_consent_form"),
    path("layanan/sesi/<int:pk>/formulir/berkas/", assisted.consent_form_file, name="assisted_consent_form_file"),
    path("layanan/sesi/<int:pk>/klaim/", assisted.claim_open, name="assisted_claim_open"),
    path("layanan/sesi/<int:pk>/langkah/<slug:step>/", assisted.wizard, name="assisted_step"),
    path("layanan/sesi/<int:pk>/dokumen/", assisted.document_upload, name="assisted_document_upload"),
    path("layanan/sesi/<int:pk>/ajukan/", assisted.submit, name="assisted_submit"),
    path("layanan/sesi/<int:pk>/tutup/", assisted.session_close, name="assisted_session_close"),
    # the staff's decisions, one URL per transition
    path("petugas/klaim/<int:pk>/verifikasi/", decisions.staff_verify, name="staff_verify"),
    path(
        "petugas/klaim/<int:pk>/minta-perbaikan/",
        decisions.staff_request_correction,
        name="staff_request_correction",
    ),
    path("petugas/klaim/<int:pk>/setujui/", decisions.staff_approve, name="staff_approve"),
    path("petugas/klaim/<int:pk>/tolak/", decisions.staff_reject, name="staff_reject"),
]
