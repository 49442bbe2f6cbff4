from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .errors import API_PREFIX, error_page
from .health import healthz


class PortalLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the person chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on
    most phones sold in Indonesia is English; the portal instead starts in
    Indonesian and switches only on the user's own choice (the ID/EN switch,
    stored in the language cookie)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class HealthCheckMiddleware:
    """Answers ``GET /healthz`` before anything else runs.

    A load balancer probes each instance on plain HTTP with the instance's own
    address as Host: the HTTPS redirect and the ALLOWED_HOSTS check (both needed
    for people) would turn every probe into a 301 or a 400 and take a healthy
    instance out of service. The answer says only whether the database and
    Redis answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method == "GET":
            return healthz(request)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """A NUL byte in the path, a query parameter or a form value is a 400.

    PostgreSQL cannot store or compare text containing NUL, so such a value
    reaching a filter or a save is a 500; no legitimate input contains one.
    Under /api/ the answer is the portal's JSON error body."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._field_with_nul(request)
        if field is not None:
            message = _("Isian berisi karakter yang tidak diizinkan (NUL). Hapus karakter tersebut lalu coba lagi.")
            return error_page(
                request, status=400, message=message, code="invalid_characters", errors={field: [message]}
            )
        return self.get_response(request)

    def _field_with_nul(self, request) -> str | None:
        if "\x00" in request.path:
            return "path"
        for source in self._sources(request):
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in value for value in values if isinstance(value, str)):
                    return key.replace("\x00", "")
        return None

    def _sources(self, request):
        yield request.GET
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            try:
                yield request.POST
            except Exception:  # noqa: S110 - an unreadable body is the view's (or CSRF's) to refuse
                return


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``Pragma: no-cache``) on every answer to
    a signed-in person and on every /api/ answer, unless the view chose its own
    caching: pages and API answers carry personal data that must not stay in a
    shared computer's browser cache or a proxy. Static files (served earlier by
    WhiteNoise) and public pages for visitors stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
            response["Pragma"] = "no-cache"
        return response
