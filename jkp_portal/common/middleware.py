from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
