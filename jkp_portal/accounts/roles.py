from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Pekerja (peserta PHK)")
    KONSELOR = "konselor", _("Konselor JKP")
    VERIFIER = "verifier", _("Verifikator BPJS")
    APPROVER = "approver", _("Penyetuju BPJS")
    SUPERVISOR = "supervisor", _("Kepala kantor / supervisor")
    # Stages and approves imports of the participant registry for their office scope.
    REGISTRY_OFFICER = "registry_officer", _("Petugas registri BPJS")
    # Serves workers at a desk (a BPJS branch, or a Disnaker desk staffed from a branch):
    # checks the KTP, records the worker's consent and files the claim with them.
    SERVICE_OFFICER = "service_officer", _("Petugas layanan")
    EMPLOYER = "employer", _("Pemberi kerja (HR)")
    MEDIATOR = "mediator", _("Mediator Disnaker")
    ADMIN = "admin", _("Administrator")


# Roles of BPJS office staff: they belong to an office and see its work.
STAFF_ROLES = frozenset({Role.VERIFIER, Role.APPROVER, Role.SUPERVISOR, Role.REGISTRY_OFFICER, Role.ADMIN})
# Office staff who work on claims and benefits (STAFF_ROLES without the registry officer).
CLAIM_STAFF_ROLES = frozenset({Role.VERIFIER, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN})
# Who checks a claim's documents or a bank account change.
REVIEWER_ROLES = frozenset({Role.VERIFIER, Role.APPROVER})
# Who runs payment batches and payout runs.
PAYOUT_OPERATOR_ROLES = frozenset({Role.APPROVER, Role.SUPERVISOR, Role.ADMIN})
# Who leads an office: supervisors and administrators.
OFFICE_LEAD_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Who works with job seekers: konselor and the office leads.
COUNSELLING_STAFF_ROLES = frozenset({Role.KONSELOR, Role.SUPERVISOR, Role.ADMIN})
# Roles allowed into the Django admin back office (/admin/): only the admin role.
# Staff work in the portal's pages, which are scoped to their office; the back
# office shows every office's data and the users' accounts.
BACK_OFFICE_ROLES = frozenset({Role.ADMIN})
# Who serves workers at a desk (assisted filing, claims/services/assisted.py). Not in
# STAFF_ROLES: a service officer sees no office queue, registry search or PHK report;
# only the workers whose KTP they checked, through the assisted session.
SERVICE_DESK_ROLES = frozenset({Role.SERVICE_OFFICER})
