from django.urls import path

from .registry import (
    RegistryImportApproveView,
    RegistryImportCancelView,
    RegistryImportDetailView,
    RegistryImportErrorsView,
    RegistryImportRejectView,
    RegistryImportView,
    RegistryParticipantView,
    RegistrySearchView,
)

urlpatterns = [
    path("registri/", RegistrySearchView.as_view(), name="registry_search"),
    path("registri/peserta/<int:pk>/", RegistryParticipantView.as_view(), name="registry_participant"),
    path("registri/impor/", RegistryImportView.as_view(), name="registry_import"),
    path("registri/impor/<int:pk>/", RegistryImportDetailView.as_view(), name="registry_import_detail"),
    path("registri/impor/<int:pk>/setujui/", RegistryImportApproveView.as_view(), name="registry_import_approve"),
    path("registri/impor/<int:pk>/tolak/", RegistryImportRejectView.as_view(), name="registry_import_reject"),
    path("registri/impor/<int:pk>/batalkan/", RegistryImportCancelView.as_view(), name="registry_import_cancel"),
    path("registri/impor/<int:pk>/kesalahan.csv", RegistryImportErrorsView.as_view(), name="registry_import_errors"),
]
