"""The helpers every app shares: a service refusal on a form, the read-only back office."""

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from claims.models import Claim, RegistryImport
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.admin import ReadOnlyAdminMixin
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form


class _Form(forms.Form):
    name = forms.CharField(required=False)
    date = forms.DateField(required=False)


def _bound():
    form = _Form(data={"name": "Siti", "date": "2026-01-05"})
    assert form.is_valid()
    return form


def test_field_errors_go_next_to_their_fields_and_the_typed_data_stays():
    form = _bound()
    errors_to_form(form, ApplicationError("Ditolak.", errors={"name": ["Nama sudah dipakai."]}))
    assert form.errors == {"name": ["Nama sudah dipakai."]}
    assert form.data["name"] == "Siti"


def test_aliases_and_unknown_names():
    form = _bound()
    exc = ApplicationError(
        "Ditolak.", errors={"starts_at": ["Jam sudah lewat."], "other": gettext_lazy("Kuota penuh.")}
    )
    errors_to_form(form, exc, aliases={"starts_at": "date"})
    assert form.errors == {"date": ["Jam sudah lewat."], "__all__": ["Kuota penuh."]}


def test_the_message_when_nothing_else_was_placed():
    form = _bound()
    errors_to_form(form, ApplicationError("Ditolak.", errors={"rows": [{"line": 3}]}))
    assert form.errors == {"__all__": ["Ditolak."]}


def test_page_keys_and_no_summary_leave_the_form_alone():
    form = _bound()
    errors_to_form(
        form, ApplicationError("Ditolak.", errors={"rows": ["Baris 3: NIK salah."]}), page_keys=("rows",), summary=False
    )
    assert form.errors == {}


@pytest.mark.parametrize(("model", "deletable"), [(Claim, False), (AuditEvent, False), (RegistryImport, True)])
def test_read_only_back_office(model, deletable, admin_user):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert isinstance(model_admin, ReadOnlyAdminMixin)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request) is deletable
