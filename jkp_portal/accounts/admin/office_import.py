"""The back office's "Impor kantor (CSV)" page, linked from the offices list:
an administrator uploads an offices file; it goes through the same import as
``manage.py import_offices`` (every row checked first, nothing saved when any
row is wrong, an audit event per office created or changed). Errors are shown
line by line with their column; the counts and the offices the file does not
list come back as messages on the offices list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form

from ..forms import OfficeImportForm
from ..office_import import COLUMNS, OfficeImportInvalid, offices_import_file


def office_import_view(model_admin, request):
    """GET: the upload form. POST: import; back to the offices list on success,
    the form again with every row's error otherwise (nothing saved)."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    form = OfficeImportForm(request.POST, request.FILES) if request.method == "POST" else OfficeImportForm()
    row_errors = []
    file_name = ""
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["csv_file"]
        file_name = upload.name
        try:
            result = offices_import_file(source=upload, actor=request.user, source_name=upload.name)
        except OfficeImportInvalid as exc:
            row_errors = exc.row_errors
            form.add_error(None, exc.message)
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Impor kantor dari %(name)s selesai: %(summary)s") % {"name": upload.name, "summary": result.summary},
            )
            if result.not_in_file:
                messages.warning(
                    request,
                    _("Kantor yang tidak ada di berkas tetap disimpan (tidak dihapus): %(codes)s")
                    % {"codes": ", ".join(result.not_in_file)},
                )
            return redirect("admin:accounts_office_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Impor kantor (CSV)"),
        "form": form,
        "row_errors": row_errors,
        "file_name": file_name,
        "columns": ",".join(COLUMNS),
    }
    return TemplateResponse(request, "accounts/admin/office_import.html", context)
