from django.urls import path

from .views import accounts, batches, benefits, evidence, reimbursements

app_name = "payouts"

urlpatterns = [
    path("payouts/manfaat-saya/", benefits.benefit_mine, name="benefit_mine"),
    path("payouts/manfaat/<int:pk>/", benefits.benefit_detail, name="benefit_detail"),
    path("payouts/manfaat/<int:pk>/laporan/", evidence.report, name="report"),
    path("payouts/manfaat/<int:pk>/rekening/", accounts.account, name="account"),
    path("payouts/manfaat/<int:pk>/rekening/kode/", accounts.account_otp, name="account_otp"),
    path("payouts/manfaat/<int:pk>/rekening/kirim-ulang/", accounts.account_resend, name="account_resend"),
    path("payouts/perubahan-rekening/", accounts.account_changes, name="account_changes"),
    path(
        "payouts/perubahan-rekening/<int:pk>/<str:action>/",
        accounts.account_change_decide,
        name="account_change_decide",
    ),
    path("payouts/manfaat/<int:pk>/hentikan/", benefits.benefit_stop, name="benefit_stop"),
    path("payouts/bukti/<int:pk>/", evidence.evidence, name="evidence"),
    path("payouts/batch/", batches.batches, name="batches"),
    path("payouts/batch/terbit-ulang/", batches.batch_reissue, name="batch_reissue"),
    path("payouts/batch/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path("payouts/batch/<int:pk>/setujui/", batches.batch_approve, name="batch_approve"),
    path("payouts/batch/<int:pk>/kirim/", batches.batch_send, name="batch_send"),
    path("payouts/batch/<int:pk>/berkas/", batches.batch_file, name="batch_file"),
    path("payouts/batch/<int:pk>/hasil/", batches.batch_results, name="batch_results"),
    path("payouts/batch/<int:pk>/ambil-hasil/", batches.batch_fetch, name="batch_fetch"),
    path("payouts/pembayaran/", batches.payments, name="payments"),
    path("payouts/penggantian/", reimbursements.reimbursements, name="reimbursements"),
    path(
        "payouts/penggantian/<int:pk>/<str:action>/", reimbursements.reimbursement_action, name="reimbursement_action"
    ),
    path("payouts/pemberi-kerja/penggantian/", reimbursements.employer_reimbursements, name="employer_reimbursements"),
]
