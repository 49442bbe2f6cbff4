from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError


class AuthThrottle(AnonRateThrottle):
    scope = "anon_auth"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})


class TokenObtainApi(APIView):
    """Exchange a username and password for an API token (``Authorization: Token <token>``).

    A wrong password answers 400; after repeated failures the account is
    locked for a while and every attempt answers 429 ``locked_out``."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AuthThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            raise ApplicationError(
                _("Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."),
                code="locked_out",
                status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            raise ApplicationError(
                _("Nama pengguna atau kata sandi salah."),
                code="invalid_credentials",
                errors={"non_field_errors": [_("Nama pengguna atau kata sandi salah.")]},
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: inline_serializer(
                "Me",
                {
                    "id": serializers.IntegerField(),
                    "username": serializers.CharField(),
                    "full_name": serializers.CharField(),
                    "roles": serializers.ListField(child=serializers.CharField()),
                    "office": serializers.CharField(allow_null=True),
                },
            )
        },
        tags=["auth"],
    )
    def get(self, request):
        user = request.user
        return Response(
            {
                "id": user.pk,
                "username": user.username,
                "full_name": user.get_full_name(),
                "roles": user.roles,
                "office": user.office.code if user.office_id else None,
            }
        )
