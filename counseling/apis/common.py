"""What the counselling API modules share: the role sets and the answer for one session
(the staff shape to staff of the case, the worker's shape otherwise)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from jkp_portal.accounts.roles import COUNSELLING_STAFF_ROLES, OFFICE_LEAD_ROLES

from .. import selectors
from ..models import CounsellingSession
from .serializers import CounsellingSessionStaffSerializer, CounsellingSessionWorkerSerializer

STAFF = COUNSELLING_STAFF_ROLES
SUPERVISORS = OFFICE_LEAD_ROLES


def _session_response(request, session: CounsellingSession, code=status.HTTP_200_OK) -> Response:
    session = CounsellingSession.objects.select_related("konselor").get(pk=session.pk)
    staff = selectors.cases_visible_to(request.user).filter(pk=session.case_id).exists()
    serializer = CounsellingSessionStaffSerializer if staff else CounsellingSessionWorkerSerializer
    return Response(serializer(session).data, status=code)
