"""API routes of the claims core (mounted under /api/v1/): the registry, the
calculator and the claims, each API module named here."""

from django.urls import path

from claims.apis import auth, calculator, registry
from claims.apis import claims as apis

urlpatterns = [
    # the registry
    path("registry/participants/", registry.ParticipantListApi.as_view(), name="registry-participants"),
    path("registry/participants/<int:pk>/", registry.ParticipantDetailApi.as_view(), name="registry-participant"),
    path("registry/imports/", registry.RegistryImportListApi.as_view(), name="registry-imports"),
    path("registry/imports/<int:pk>/", registry.RegistryImportDetailApi.as_view(), name="registry-import"),
    path(
        "registry/imports/<int:pk>/approve/",
        registry.RegistryImportApproveApi.as_view(),
        name="registry-import-approve",
    ),
    path(
        "registry/imports/<int:pk>/reject/",
        registry.RegistryImportRejectApi.as_view(),
        name="registry-import-reject",
    ),
    path(
        "registry/imports/<int:pk>/cancel/",
        registry.RegistryImportCancelApi.as_view(),
        name="registry-import-cancel",
    ),
    path(
        "registry/participants/<int:pk>/check/",
        registry.ParticipantCheckApi.as_view(),
        name="registry-participant-check",
    ),
    # the calculator
    path("eligibility/simulate/", calculator.SimulateApi.as_view(), name="eligibility-simulate"),
    # the claims
    path("auth/register/", auth.RegisterApi.as_view(), name="api-register"),
    path("auth/register/confirm/", auth.RegisterConfirmApi.as_view(), name="api-register-confirm"),
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
