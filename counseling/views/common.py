from django.contrib import messages

from jkp_portal.accounts.roles import COUNSELLING_STAFF_ROLES, OFFICE_LEAD_ROLES

STAFF = COUNSELLING_STAFF_ROLES
SUPERVISORS = OFFICE_LEAD_ROLES


def show_error(request, exc) -> None:
    """An ApplicationError as a message on the next page."""
    details = []
    for messages_ in (exc.errors or {}).values():
        details.extend(str(m) for m in (messages_ if isinstance(messages_, (list, tuple)) else [messages_]))
    text = str(exc.message)
    if details and len(details) <= 3:
        text = f"{text} ({'; '.join(details)})"
    messages.error(request, text)
