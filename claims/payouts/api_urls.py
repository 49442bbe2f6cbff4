from django.urls import path

from . import apis

urlpatterns = [
    path("benefits/", apis.BenefitListApi.as_view(), name="api-benefit-list"),
    path("benefits/<int:pk>/", apis.BenefitDetailApi.as_view(), name="api-benefit-detail"),
    path("benefits/<int:pk>/reports/", apis.BenefitReportApi.as_view(), name="api-benefit-reports"),
    path("payout-batches/", apis.PayoutBatchListApi.as_view(), name="api-payout-batches"),
    path("payout-batches/<int:pk>/approve/", apis.PayoutBatchApproveApi.as_view(), name="api-payout-batch-approve"),
    path("payout-batches/<int:pk>/send/", apis.PayoutBatchSendApi.as_view(), name="api-payout-batch-send"),
    path("payout-batches/<int:pk>/file/", apis.PayoutBatchFileApi.as_view(), name="api-payout-batch-file"),
    path("payout-batches/<int:pk>/results/", apis.PayoutBatchResultsApi.as_view(), name="api-payout-batch-results"),
]
