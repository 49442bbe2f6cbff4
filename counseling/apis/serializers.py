"""The counselling API's shared read shapes: cases, sessions (staff and worker),
the asesmen, the next payment's job-search progress."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from jkp_portal.audit.serializers import PersonalDataLoggingMixin
from jkp_portal.common.masking import mask_nik

from .. import selectors
from ..kbji import occupation_label
from ..models import Assessment, Case, CounsellingSession

PROGRESS_FIELDS = (
    "benefit_id",
    "next_month_no",
    "next_due_date",
    "applications",
    "interviews",
    "attendance_ok",
    "counselling_ok",
    "form_ok",
    "sufficient",
    "missing",
)


def progress_dict(progress) -> dict | None:
    if progress is None:
        return None
    data = {name: getattr(progress, name, None) for name in PROGRESS_FIELDS}
    if data["next_due_date"] is not None:
        data["next_due_date"] = data["next_due_date"].isoformat()
    missing = data["missing"]
    data["missing"] = [missing] if isinstance(missing, str) else [str(m) for m in (missing or [])]
    return data


class KonselorBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_display = serializers.CharField(source="get_level_display")
    office = serializers.CharField(source="office.name")
    email = serializers.EmailField(source="user.email")


class CaseParticipantSerializer(serializers.Serializer):
    """In case lists the NIK is masked; the case detail shows it in full (logged)."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.SerializerMethodField()

    def get_nik(self, participant) -> str:
        return mask_nik(participant.nik)


class CaseDetailParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.CharField()


class CaseRowSerializer(serializers.ModelSerializer):
    participant = CaseParticipantSerializer()
    konselor = serializers.SerializerMethodField()
    has_assessment = serializers.BooleanField(read_only=True)
    next_session_at = serializers.DateTimeField(read_only=True)
    last_attended_at = serializers.DateTimeField(read_only=True)
    at_risk = serializers.SerializerMethodField()
    next_payment = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "claim",
            "status",
            "participant",
            "konselor",
            "office",
            "province_code",
            "regency",
            "opened_at",
            "assigned_at",
            "first_contact_at",
            "closed_at",
            "reemployed_on",
            "recommendation",
            "has_assessment",
            "next_session_at",
            "last_attended_at",
            "at_risk",
            "next_payment",
        ]

    def get_konselor(self, case) -> dict | None:
        k = case.konselor
        return {"id": k.pk, "name": k.name} if k else None

    def get_at_risk(self, case) -> bool:
        if hasattr(case, "at_risk"):
            return bool(case.at_risk)
        return selectors.case_at_risk(case, timezone.localdate())

    def get_next_payment(self, case) -> dict | None:
        """The job-search snapshot of the coming payment month (refreshed after each activity and hourly)."""
        if case.next_payment_due is None:
            return None
        return {
            "month_no": case.next_payment_month,
            "due_date": case.next_payment_due.isoformat(),
            "deadline": case.next_payment_deadline.isoformat() if case.next_payment_deadline else None,
            "sufficient": case.job_search_sufficient,
            "checked_at": case.job_search_checked_at.isoformat() if case.job_search_checked_at else None,
        }


class CounsellingSessionStaffSerializer(serializers.ModelSerializer):
    konselor = serializers.CharField(source="konselor.name")

    class Meta:
        model = CounsellingSession
        fields = [
            "id",
            "case",
            "konselor",
            "mode",
            "starts_at",
            "duration_minutes",
            "meeting_link",
            "place",
            "status",
            "confirmed_at",
            "reschedule_reason",
            "reschedule_preference",
            "reminder_sent_at",
            "attendance_recorded_at",
            "follow_up_note",
            "followed_up_at",
            "notes",
            "outcome",
            "recommendation",
            "recommended_programme",
            "recommended_programme_ref",
            "next_steps",
            "reported_at",
        ]


class CounsellingSessionWorkerSerializer(serializers.ModelSerializer):
    """What the worker sees of a session: never the konselor's notes or outcome."""

    konselor = serializers.CharField(source="konselor.name")

    class Meta:
        model = CounsellingSession
        fields = [
            "id",
            "konselor",
            "mode",
            "starts_at",
            "duration_minutes",
            "meeting_link",
            "place",
            "status",
            "recommendation",
            "recommended_programme",
            "next_steps",
        ]


class AssessmentWorkHistorySerializer(serializers.Serializer):
    employer = serializers.CharField(max_length=150)
    position = serializers.CharField(max_length=150)
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField(required=False, allow_null=True)


class SelfAssessmentSerializer(serializers.ModelSerializer):
    work_history = AssessmentWorkHistorySerializer(many=True)
    desired_occupation_labels = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "case",
            "education_level",
            "education_major",
            "work_history",
            "skills",
            "desired_occupations",
            "desired_occupation_labels",
            "desired_location",
            "willing_to_relocate",
            "training_interests",
            "barriers",
            "barriers_note",
            "submitted_at",
            "updated_at",
        ]

    def get_desired_occupation_labels(self, obj) -> list[str]:
        return [occupation_label(c) for c in obj.desired_occupations]


class CaseDetailSerializer(PersonalDataLoggingMixin, CaseRowSerializer):
    personal_data_fields = ("nik",)
    participant = CaseDetailParticipantSerializer()

    konselor = KonselorBriefSerializer(allow_null=True)
    assessment = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    job_search_progress = serializers.SerializerMethodField()

    class Meta(CaseRowSerializer.Meta):
        fields = [
            *CaseRowSerializer.Meta.fields,
            "job_search_progress",
            "close_reason",
            "recommended_programme",
            "recommended_programme_ref",
            "next_steps",
            "assessment",
            "sessions",
        ]

    def personal_data_subject(self, case):
        return case.participant

    def get_at_risk(self, case) -> bool:
        return bool(self.context.get("live_at_risk"))

    def get_job_search_progress(self, case) -> dict | None:
        """Live from payouts: the coming payment month, what counts so far and what is missing."""
        return progress_dict(self.context.get("progress", {}).get(case.participant_id))

    def get_assessment(self, case) -> dict | None:
        assessment = getattr(case, "assessment_or_none", None)
        return SelfAssessmentSerializer(assessment).data if assessment else None

    def get_sessions(self, case) -> list[dict]:
        return CounsellingSessionStaffSerializer(case.sessions.all(), many=True).data
