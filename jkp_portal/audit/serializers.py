"""Serializers that reveal a person's full personal data log each display."""

from __future__ import annotations

from .services import log_personal_data_access


class PersonalDataLoggingMixin:
    """For a DRF serializer that shows ``personal_data_fields`` (a full NIK,
    contact data) of the person ``personal_data_subject(instance)``: each
    serialization logs the access (one record per request and person, see
    ``log_personal_data_access``). The serializer's context must carry the
    ``request``: data cannot be shown without knowing to whom."""

    personal_data_fields: tuple[str, ...] = ()

    def personal_data_subject(self, instance):
        return instance

    def to_representation(self, instance):
        data = super().to_representation(instance)
        log_personal_data_access(
            self.context["request"], self.personal_data_subject(instance), self.personal_data_fields
        )
        return data
