from django.urls import path

from .registry import ParticipantCheckApi, ParticipantDetailApi, ParticipantListApi

urlpatterns = [
    path("registry/participants/", ParticipantListApi.as_view(), name="registry-participants"),
    path("registry/participants/<int:pk>/", ParticipantDetailApi.as_view(), name="registry-participant"),
    path("registry/participants/<int:pk>/check/", ParticipantCheckApi.as_view(), name="registry-participant-check"),
]
