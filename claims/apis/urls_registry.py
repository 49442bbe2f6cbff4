from django.urls import path

from .registry import (
    ParticipantCheckApi,
    ParticipantDetailApi,
    ParticipantListApi,
    RegistryImportApproveApi,
    RegistryImportCancelApi,
    RegistryImportDetailApi,
    RegistryImportListApi,
    RegistryImportRejectApi,
)

urlpatterns = [
    path("registry/participants/", ParticipantListApi.as_view(), name="registry-participants"),
    path("registry/participants/<int:pk>/", ParticipantDetailApi.as_view(), name="registry-participant"),
    path("registry/imports/", RegistryImportListApi.as_view(), name="registry-imports"),
    path("registry/imports/<int:pk>/", RegistryImportDetailApi.as_view(), name="registry-import"),
    path("registry/imports/<int:pk>/approve/", RegistryImportApproveApi.as_view(), name="registry-import-approve"),
    path("registry/imports/<int:pk>/reject/", RegistryImportRejectApi.as_view(), name="registry-import-reject"),
    path("registry/imports/<int:pk>/cancel/", RegistryImportCancelApi.as_view(), name="registry-import-cancel"),
    path("registry/participants/<int:pk>/check/", ParticipantCheckApi.as_view(), name="registry-participant-check"),
]
