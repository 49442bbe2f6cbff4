"""Worker sign-up through the API, in two calls like the web pages:
``POST /api/v1/auth/register/`` sends a code to the phone on file,
``POST /api/v1/auth/register/confirm/`` opens the account with it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from claims.services.registration import NoContactOnFile, signup_confirm, signup_start
from jkp_portal.accounts.tokens import api_token_create


class RegisterThrottle(AnonRateThrottle):
    scope = "anon_auth"


class RegisterSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", max_length=16, error_messages={"invalid": _("NIK harus 16 digit angka.")})
    full_name = serializers.CharField(max_length=200)
    birth_date = serializers.DateField()
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class CodeSentSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=["sms", "email"], help_text="Where the code went.")
    sent_to = serializers.CharField(help_text="The number or address it went to, masked (••••7890).")
    expires_at = serializers.DateTimeField()


class RegisterConfirmSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", max_length=16, error_messages={"invalid": _("NIK harus 16 digit angka.")})
    code = serializers.CharField(max_length=12)


class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(help_text="The NIK: workers sign in with it.")
    full_name = serializers.CharField()
    participant_id = serializers.IntegerField()
    token = serializers.CharField(help_text="API token: send as `Authorization: Token <token>`.")


class RegisterApi(APIView):
    """Start a worker sign-up: a one-time code goes to the registry's phone.

    Every field (NIK format, e-mail, password strength) is checked before the
    registry is read, so a bad field answers 400 with that field's error for
    anyone. NIK, full name (case and spaces ignored) and birth date must then
    match the participant registry; no match answers 400
    ``participant_not_found`` without saying which field differs. An already
    registered NIK answers 409 ``already_registered``. The code (6 digits, 10
    minutes, 5 tries) goes by SMS to the mobile number in the registry, else to
    its email: 202 says which, masked. With neither on file: 409
    ``no_contact_on_file`` (verify at a branch; ``office`` names it). Calling
    again sends a new code after 60 s (429 before), at most 5 a day. No
    account exists until ``register/confirm/``. Rate-limited per address."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterThrottle]

    @extend_schema(request=RegisterSerializer, responses={202: CodeSentSerializer}, tags=["auth"])
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sent = signup_start(**serializer.validated_data)
        except NoContactOnFile as exc:
            office = exc.office
            body = {
                "detail": exc.message,
                "code": exc.code,
                "office": {"name": office.name, "address": office.address, "phone": office.phone} if office else None,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        body = {"channel": sent.channel, "sent_to": sent.sent_to, "expires_at": sent.expires_at}
        return Response(CodeSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class RegisterConfirmApi(APIView):
    """Open the account with the code from ``register/``: 201 with an API
    token. A wrong code answers 400 ``code_wrong`` with the tries left;
    expired ``code_expired``; after 5 wrong tries ``code_locked`` (ask again)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterThrottle]

    @extend_schema(request=RegisterConfirmSerializer, responses={201: RegisteredSerializer}, tags=["auth"])
    def post(self, request):
        serializer = RegisterConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = signup_confirm(**serializer.validated_data)
        _instance, token = api_token_create(user=registration.user)
        body = {
            "id": registration.user.pk,
            "username": registration.user.username,
            "full_name": registration.participant.full_name,
            "participant_id": registration.participant.pk,
            "token": token,
        }
        return Response(RegisteredSerializer(body).data, status=status.HTTP_201_CREATED)
