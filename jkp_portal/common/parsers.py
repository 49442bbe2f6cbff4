"""Request parsers of the API."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with deeply nested JSON refused as a 400.

    Python's json module recurses once per nesting level: a body of a hundred
    thousand ``[`` raises RecursionError, which would be a 500. No request of
    the portal nests more than a few levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON terlalu dalam bertingkat dan tidak dapat dibaca.")) from exc
