from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """What a locked-out account gets: JSON for the API, a page for browsers (429)."""
    message = _("Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "registration/locked_out.html", status=429)
