"""Shared form helpers."""

from django.utils.functional import Promise


def errors_to_form(form, exc, *, aliases=None, page_keys=(), summary: bool = True) -> None:
    """Put a service's ``ApplicationError`` on ``form``, keeping what the user typed.

    Each entry of ``exc.errors`` goes next to its field (``aliases`` maps a service's
    name to the form's, e.g. ``{"starts_at": "date"}``); a text for a name the form
    does not have becomes a form-wide error; structured entries, and the names in
    ``page_keys`` the form has no field for, are left to the page (per-row reports). When nothing was placed, ``exc.message`` becomes the
    form-wide error, unless ``summary`` is off (the page shows it elsewhere)."""
    aliases = aliases or {}
    placed = False
    for key, problems in (exc.errors or {}).items():
        name = aliases.get(key, key)
        for problem in problems if isinstance(problems, (list, tuple)) else [problems]:
            if name in form.fields:
                form.add_error(name, str(problem))
            elif key not in page_keys and isinstance(problem, (str, Promise)):
                form.add_error(None, str(problem))
            else:
                continue
            placed = True
    if summary and not placed:
        form.add_error(None, str(exc.message))
