"""What the staging and the decisions share: the kinds of file by name, who
is a registry officer, how counts are written."""

from __future__ import annotations

from django.utils.formats import number_format

from claims.models import RegistryImport
from jkp_portal.accounts.roles import Role

from .base import _Kind
from .contributions import _Contributions
from .employers import _Employers
from .participants import _Participants

_KINDS: dict[str, type[_Kind]] = {
    RegistryImport.Kind.EMPLOYERS: _Employers,
    RegistryImport.Kind.PARTICIPANTS: _Participants,
    RegistryImport.Kind.CONTRIBUTIONS: _Contributions,
}


def _n(value: int) -> str:
    """A count with the active language's thousands separator (1.008.000)."""
    return number_format(value, force_grouping=True)


def _is_officer(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_role(Role.REGISTRY_OFFICER))
