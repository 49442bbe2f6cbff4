"""The open vacancies ranked for a job seeker, each with the reasons it matched."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.permissions import HasAnyRole
from training.selectors.matching import vacancies_for_profile
from training.selectors.scope import participant_of, profiles_visible_to
from training.services import job_seeker_profile_ensure

from .common import TrainingReasonItemSerializer, _limit_param
from .vacancies import TrainingVacancySerializer

MATCH_ROLES = ("worker", "konselor", "supervisor", "admin")


class TrainingVacancyMatchSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    reasons = TrainingReasonItemSerializer(many=True)
    vacancy = TrainingVacancySerializer(source="obj")


@extend_schema(tags=["training"])
class MatchesView(APIView):
    """Open vacancies ranked for a job seeker, each with the reasons it matched."""

    permission_classes = [HasAnyRole.of(*MATCH_ROLES)]

    @extend_schema(
        parameters=[
            OpenApiParameter("participant", int, description="Konselor/supervisor: the client's participant id"),
            OpenApiParameter("limit", int, description="At most 50 (default 20)"),
        ],
        responses={200: TrainingVacancyMatchSerializer(many=True)},
    )
    def get(self, request):
        limit = _limit_param(request)
        participant_id = request.query_params.get("participant")
        if participant_id and not participant_id.isdigit():
            raise ApplicationError(_("Parameter tidak valid."), errors={"participant": [_("Harus berupa angka.")]})
        if participant_id and request.user.has_role("konselor", "supervisor", "admin"):
            profile = get_object_or_404(profiles_visible_to(request.user), participant_id=participant_id)
        else:
            participant = participant_of(request.user) if request.user.has_role("worker") else None
            if participant is None:
                raise ApplicationError(_("Sebutkan parameter participant."), errors={"participant": [_("Wajib.")]})
            profile = job_seeker_profile_ensure(participant, actor=request.user)
            if profile is None:
                return Response([])
        if not profile.seeking:
            return Response([])
        return Response(TrainingVacancyMatchSerializer(vacancies_for_profile(profile, limit=limit), many=True).data)
