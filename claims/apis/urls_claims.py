"""API routes of the claim journey (under /api/v1/)."""

from django.urls import path

from . import auth
from . import claims as apis

urlpatterns = [
    path("auth/register/", auth.RegisterApi.as_view(), name="api-register"),
    path("claims/", apis.ClaimListCreateApi.as_view(), name="api-claims"),
    path("claims/<int:pk>/", apis.ClaimDetailApi.as_view(), name="api-claim-detail"),
    path("claims/<int:pk>/documents/", apis.ClaimDocumentsApi.as_view(), name="api-claim-documents"),
    path(
        "claims/<int:pk>/documents/<int:doc_pk>/file/",
        apis.ClaimDocumentFileApi.as_view(),
        name="api-claim-document-file",
    ),
    path("claims/<int:pk>/submit/", apis.ClaimSubmitApi.as_view(), name="api-claim-submit"),
    path("claims/<int:pk>/withdraw/", apis.ClaimWithdrawApi.as_view(), name="api-claim-withdraw"),
    path("claims/<int:pk>/verify/", apis.ClaimVerifyApi.as_view(), name="api-claim-verify"),
    path("claims/<int:pk>/approve/", apis.ClaimApproveApi.as_view(), name="api-claim-approve"),
    path("claims/<int:pk>/reject/", apis.ClaimRejectApi.as_view(), name="api-claim-reject"),
]
