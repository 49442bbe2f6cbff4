from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from jkp_portal.common.permissions import has_any_role

STAFF = ("konselor", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")


def roles_required(*roles):
    """Anonymous users go to the login page; users without one of ``roles`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def show_error(request, exc) -> None:
    """An ApplicationError as a message on the next page."""
    details = []
    for messages_ in (exc.errors or {}).values():
        details.extend(str(m) for m in (messages_ if isinstance(messages_, (list, tuple)) else [messages_]))
    text = str(exc.message)
    if details and len(details) <= 3:
        text = f"{text} ({'; '.join(details)})"
    messages.error(request, text)
