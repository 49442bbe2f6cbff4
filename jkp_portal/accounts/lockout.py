from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """What a locked-out user name (from this address) gets: JSON for the API, a
    page for browsers (429), with Retry-After set to the cool-off."""
    message = _("Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.")
    if request.path.startswith("/api/"):
        locked = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        locked = render(request, "registration/locked_out.html", status=429)
    cool_off = get_cool_off(request)
    if cool_off:
        locked["Retry-After"] = str(int(cool_off.total_seconds()))
    return locked
