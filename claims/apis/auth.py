"""Worker sign-up through the API: ``POST /api/v1/auth/register/``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from claims.services.registration import worker_register
from jkp_portal.accounts.tokens import api_token_create


class RegisterThrottle(AnonRateThrottle):
    scope = "anon_auth"


class RegisterSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", max_length=16, error_messages={"invalid": _("NIK harus 16 digit angka.")})
    full_name = serializers.CharField(max_length=200)
    birth_date = serializers.DateField()
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=20)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(help_text="The NIK: workers sign in with it.")
    full_name = serializers.CharField()
    participant_id = serializers.IntegerField()
    token = serializers.CharField(help_text="API token: send as `Authorization: Token <token>`.")


class RegisterApi(APIView):
    """Create a worker account for a registered participant.

    Every field (NIK format, e-mail, Indonesian mobile number, password
    strength) is checked before the registry is read, so a bad field answers
    400 with that field's error for anyone. NIK, full name (case and spaces
    ignored) and birth date must then match the participant registry; no match
    answers 400 ``participant_not_found`` without saying which field differs and
    creates nothing; an already registered NIK answers 409
    ``already_registered``; a weak password 400 with the validators' messages.
    Rate-limited per address."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [RegisterThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: RegisteredSerializer}, tags=["auth"])
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = worker_register(**serializer.validated_data)
        _instance, token = api_token_create(user=registration.user)
        body = {
            "id": registration.user.pk,
            "username": registration.user.username,
            "full_name": registration.participant.full_name,
            "participant_id": registration.participant.pk,
            "token": token,
        }
        return Response(RegisteredSerializer(body).data, status=status.HTTP_201_CREATED)
