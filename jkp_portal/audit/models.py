from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change of a business object: who, when, from/to and why.

    Written by service functions inside their own transaction, so an event
    exists exactly when the change it describes was committed. Rows are never
    updated or deleted by the portal."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("pelaku (teks)"), max_length=150, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    action = models.CharField(_("aksi"), max_length=64)
    from_state = models.CharField(_("dari"), max_length=40, blank=True)
    to_state = models.CharField(_("menjadi"), max_length=40, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_id}"


class PersonalDataAccess(models.Model):
    """One display of full personal data (NIK, bank account number) to a member
    of staff: who saw which fields of which object, when, and on which page.
    Written by ``log_personal_data_access`` from the views that show them;
    never updated or deleted by the portal."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField(_("pengguna (teks)"), max_length=150)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    fields = models.JSONField(_("data yang ditampilkan"), default=list)
    purpose = models.CharField(_("keperluan (halaman)"), max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")

    def __str__(self):
        return f"{self.user_label} {self.fields} {self.content_type_id}#{self.object_id}"
