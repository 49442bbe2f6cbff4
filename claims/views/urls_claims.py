"""HTML routes of the claim journey (namespace ``claims``)."""

from django.urls import path

from . import claims as views

urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("klaim/", views.my_claims, name="my_claims"),
    path("klaim/baru/", views.claim_start, name="claim_start"),
    path("klaim/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("klaim/<int:pk>/langkah/<slug:step>/", views.claim_step, name="claim_step"),
    path("klaim/<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("klaim/<int:pk>/dokumen/<int:doc_pk>/", views.document_file, name="document_file"),
    path("klaim/<int:pk>/ajukan/", views.claim_submit, name="claim_submit"),
    path("klaim/<int:pk>/batalkan/", views.claim_withdraw, name="claim_withdraw"),
    path("klaim/<int:pk>/surat-penetapan.pdf", views.claim_letter, name="claim_letter"),
    path("petugas/verifikasi/", views.verifier_queue, name="verifier_queue"),
    path("petugas/persetujuan/", views.approver_queue, name="approver_queue"),
    path("petugas/klaim/<int:pk>/", views.staff_claim, name="staff_claim"),
    path("petugas/klaim/<int:pk>/keputusan/", views.staff_decide, name="staff_decide"),
]
