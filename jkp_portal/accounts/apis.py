from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_out
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import auth as knox_auth
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError

from .second_factor import otp_verify, second_factor_enrolled, second_factor_required
from .tokens import api_token_create, api_token_revoke, api_tokens_of, api_tokens_revoke_all


class AuthThrottle(AnonRateThrottle):
    scope = "anon_auth"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Approvers, supervisors and admins: the current code of their authenticator app or a recovery code.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only once.")
    expiry = serializers.DateTimeField()


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="The token this request was made with.")


class TokenObtainApi(APIView):
    """Exchange a username and password for an API token (``Authorization: Token <token>``).

    A wrong password answers 400; after repeated failures the account is
    locked for a while and every attempt answers 429 ``locked_out``.
    Approvers, supervisors and admins also send ``otp`` (authenticator code or
    recovery code): without it the answer is 400 ``otp_required``, with a
    wrong one 400 ``otp_invalid``. Tokens expire (``expiry``): staff tokens
    after hours, other users' after days."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AuthThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
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
        if second_factor_required(user):
            self._check_second_factor(user, serializer.validated_data.get("otp", ""))
        instance, token = api_token_create(user=user)
        return Response({"token": token, "expiry": serializers.DateTimeField().to_representation(instance.expiry)})

    @staticmethod
    def _check_second_factor(user, otp: str) -> None:
        if not otp.strip():
            if second_factor_enrolled(user):
                message = _("Masukkan kode dari aplikasi autentikator (kolom otp).")
            else:
                message = _("Daftarkan aplikasi autentikator dengan masuk ke portal lewat browser terlebih dahulu.")
            raise ApplicationError(message, code="otp_required", errors={"otp": [message]})
        otp_verify(user=user, token=otp)


class TokenListApi(APIView):
    """The caller's own API tokens that still work (``GET``), or revoke all of them (``DELETE``)."""

    @extend_schema(responses={200: TokenInfoSerializer(many=True)}, tags=["auth"])
    def get(self, request):
        current = getattr(request.auth, "pk", None)
        rows = [
            {"id": t.pk, "created": t.created, "expiry": t.expiry, "current": t.pk == current}
            for t in api_tokens_of(request.user)
        ]
        return Response(TokenInfoSerializer(rows, many=True).data)

    @extend_schema(operation_id="auth_tokens_revoke_all", responses={204: None}, tags=["auth"])
    def delete(self, request):
        api_tokens_revoke_all(user=request.user, actor=request.user, reason="revoked_by_owner")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailApi(APIView):
    """Revoke one of the caller's own tokens (another user's token id is 404)."""

    @extend_schema(operation_id="auth_token_revoke", responses={204: None}, tags=["auth"])
    def delete(self, request, pk: int):
        api_token_revoke(user=request.user, token_id=pk, actor=request.user, reason="revoked_by_owner")
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutApi(APIView):
    """Sign out of the API: the token this request was made with is deleted."""

    authentication_classes = [knox_auth.TokenAuthentication]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        api_token_revoke(user=request.user, token_id=request.auth.pk, actor=request.user, reason="logout")
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
