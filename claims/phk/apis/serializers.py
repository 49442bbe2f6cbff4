"""The PHK API's shared shapes: reports, their rows and documents, the employer and
participant briefs, a reason."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from claims.selectors.registry import mask_nik

from .. import selectors as sel
from ..models import PhkDocument, PhkReport, PhkReportRow


class PhkDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PhkDocument
        fields = ["id", "kind", "original_name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("phk:document", args=[obj.pk])


class PhkEmployerBriefSerializer(serializers.Serializer):
    npp = serializers.CharField()
    name = serializers.CharField()
    regency = serializers.CharField()


class PhkParticipantBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    nik = serializers.SerializerMethodField()

    def get_nik(self, obj) -> str:
        return obj.nik if self.context.get("full_nik") else mask_nik(obj.nik)


class PhkRowSerializer(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField()
    mediator = serializers.SerializerMethodField()
    documents = PhkDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = PhkReportRow
        fields = [
            "id",
            "report_id",
            "line",
            "participant",
            "phk_date",
            "reason",
            "accepted",
            "notes",
            "status",
            "mediator",
            "confirmed_at",
            "agreement_number",
            "agreement_deed_number",
            "agreement_deed_date",
            "court_name",
            "court_case_number",
            "disputed_at",
            "decision_number",
            "decision_inkracht_date",
            "outcome",
            "mediator_note",
            "documents",
        ]

    def get_participant(self, obj) -> dict:
        return PhkParticipantBriefSerializer(obj.participant, context=self.context).data

    def get_mediator(self, obj) -> str:
        m = obj.mediator
        return (m.get_full_name() or m.username) if m else ""


class PhkReportSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    employer = PhkEmployerBriefSerializer(read_only=True)
    counts = serializers.SerializerMethodField()
    mass_layoff_case = serializers.SerializerMethodField()

    class Meta:
        model = PhkReport
        fields = [
            "id",
            "number",
            "employer",
            "submitted_at",
            "source",
            "is_closure",
            "notes",
            "workers_count",
            "counts",
            "mass_layoff_case",
        ]

    def get_counts(self, obj) -> dict:
        return {
            "reported": getattr(obj, "n_reported", None),
            "disputed": getattr(obj, "n_disputed", None),
            "settled": getattr(obj, "n_settled", None),
        }

    def get_mass_layoff_case(self, obj) -> dict | None:
        case = obj.mass_layoff_case
        return {"id": case.pk, "number": case.number} if case else None


class PhkReportDetailSerializer(PhkReportSerializer):
    documents = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()

    class Meta(PhkReportSerializer.Meta):
        fields = [*PhkReportSerializer.Meta.fields, "documents", "rows"]

    def get_documents(self, obj) -> list[dict]:
        return PhkDocumentSerializer(obj.documents.filter(row__isnull=True), many=True).data

    def get_rows(self, obj) -> list[dict]:
        return PhkRowSerializer(sel.report_rows(obj), many=True, context=self.context).data


class PhkReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
