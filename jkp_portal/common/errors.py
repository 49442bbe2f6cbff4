"""Error answers: JSON under /api/ (the portal's error body
``{"detail", "code", "errors"}``), a page elsewhere.

Django calls the ``handler400/403/404/500`` views set in ``jkp_portal.urls``
when DEBUG is off (production); an API client must get JSON there too, never
an HTML page it cannot read. ``error_page`` is the same answer for a view that
refuses a request itself (for instance a 409 on a download that does not exist yet).
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_json(*, status: int, detail: str, code: str, errors: dict | None = None) -> JsonResponse:
    return JsonResponse({"detail": str(detail), "code": code, "errors": errors or {}}, status=status)


def _defaults() -> dict[int, tuple[str, str, str]]:
    return {
        400: (
            "bad_request",
            _("Permintaan tidak valid"),
            _("Permintaan tidak dapat diproses. Periksa isian lalu coba lagi."),
        ),
        403: ("permission_denied", _("Akses ditolak"), _("Anda tidak memiliki hak untuk membuka halaman ini.")),
        404: ("not_found", _("Halaman tidak ditemukan"), _("Data tidak ditemukan.")),
        409: ("state_conflict", _("Belum dapat dilakukan"), _("Tindakan ini belum dapat dilakukan pada data ini.")),
        500: (
            "server_error",
            _("Terjadi kesalahan"),
            _("Terjadi kesalahan di server. Coba lagi beberapa saat lagi; petugas kami sudah diberi tahu."),
        ),
    }


def error_page(
    request, *, status: int, message: str | None = None, code: str | None = None, errors: dict | None = None
):
    """The error answer for ``status``: JSON under /api/, the error page elsewhere."""
    default_code, title, default_message = _defaults()[status]
    message = message or default_message
    if is_api(request):
        return error_json(status=status, detail=message, code=code or default_code, errors=errors)
    try:
        body = loader.render_to_string(
            "error.html", {"status": status, "title": title, "message": message}, request=request
        )
    except Exception:  # the page itself failed (a broken database, a missing template): plain text
        logger.exception("error page for %s could not be rendered", status)
        body = f"{status} {title}\n\n{message}\n"
        return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return error_page(request, status=400)


def permission_denied(request, exception=None):
    return error_page(request, status=403)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent after its page expired (signed out
    meanwhile, a tab left open for hours, cookies cleared). The person did
    nothing wrong: say so in their language, and how to go on."""
    message = _(
        "Formulir ini sudah kedaluwarsa (misalnya karena halaman terlalu lama dibuka atau Anda sudah keluar). "
        "Muat ulang halaman, lalu kirim lagi. Isian yang belum tersimpan perlu diisi ulang."
    )
    logger.info("CSRF failure on %s: %s", request.path, reason)
    return error_page(request, status=403, message=message, code="csrf_failed")


def page_not_found(request, exception=None):
    return error_page(request, status=404)


def server_error(request):
    """500: no database, no context processors (they may be what failed)."""
    default_code, title, message = _defaults()[500]
    if is_api(request):
        return error_json(status=500, detail=message, code=default_code)
    try:
        body = loader.get_template("500.html").render({"title": title, "message": message})
    except Exception:
        logger.exception("500 page could not be rendered")
        return HttpResponse(f"500 {title}\n\n{message}\n", status=500, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=500)
