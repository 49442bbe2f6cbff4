from django.urls import path

from . import apis

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="api-token"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="api-logout"),
    path("auth/tokens/", apis.TokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/", apis.TokenDetailApi.as_view(), name="api-token-detail"),
    path("auth/me/", apis.MeApi.as_view(), name="api-me"),
]
