from django.urls import path

from . import views, views_accounts

app_name = "payouts"

urlpatterns = [
    path("payouts/manfaat-saya/", views.benefit_mine, name="benefit_mine"),
    path("payouts/manfaat/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("payouts/manfaat/<int:pk>/laporan/", views.report, name="report"),
    path("payouts/manfaat/<int:pk>/rekening/", views_accounts.account, name="account"),
    path("payouts/manfaat/<int:pk>/rekening/kode/", views_accounts.account_otp, name="account_otp"),
    path("payouts/manfaat/<int:pk>/rekening/kirim-ulang/", views_accounts.account_resend, name="account_resend"),
    path("payouts/perubahan-rekening/", views_accounts.account_changes, name="account_changes"),
    path(
        "payouts/perubahan-rekening/<int:pk>/<str:action>/",
        views_accounts.account_change_decide,
        name="account_change_decide",
    ),
    path("payouts/manfaat/<int:pk>/hentikan/", views.benefit_stop, name="benefit_stop"),
    path("payouts/bukti/<int:pk>/", views.evidence, name="evidence"),
    path("payouts/batch/", views.batches, name="batches"),
    path("payouts/batch/terbit-ulang/", views.batch_reissue, name="batch_reissue"),
    path("payouts/batch/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("payouts/batch/<int:pk>/setujui/", views.batch_approve, name="batch_approve"),
    path("payouts/batch/<int:pk>/kirim/", views.batch_send, name="batch_send"),
    path("payouts/batch/<int:pk>/berkas/", views.batch_file, name="batch_file"),
    path("payouts/batch/<int:pk>/hasil/", views.batch_results, name="batch_results"),
    path("payouts/batch/<int:pk>/ambil-hasil/", views.batch_fetch, name="batch_fetch"),
    path("payouts/pembayaran/", views.payments, name="payments"),
    path("payouts/penggantian/", views.reimbursements, name="reimbursements"),
    path("payouts/penggantian/<int:pk>/<str:action>/", views.reimbursement_action, name="reimbursement_action"),
    path("payouts/pemberi-kerja/penggantian/", views.employer_reimbursements, name="employer_reimbursements"),
]
