"""Form widgets for the browser's native pickers.

An ``<input type="date">`` only accepts an ISO value (``2025-06-15``); with the
Indonesian locale Django would render ``15-06-2025`` and the browser would show
an empty field, losing what the user entered. These widgets always render ISO.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
