from django.db.models import QuerySet

from .models import Office, User


def office_scope_ids(user: User) -> set[int] | None:
    """The offices whose work a staff member sees: their branch; a regional
    office and its branches; None (everything) for the head office or admins."""
    if user.has_role("admin") and user.office_id is None:
        return None
    office = user.office
    if office is None:
        return set()
    if office.kind == Office.Kind.HEAD:
        return None
    if office.kind == Office.Kind.REGIONAL:
        return {office.pk, *Office.objects.filter(parent=office).values_list("pk", flat=True)}
    return {office.pk}


def scope_by_office(qs: QuerySet, user: User, field: str = "office") -> QuerySet:
    ids = office_scope_ids(user)
    if ids is None:
        return qs
    return qs.filter(**{f"{field}__in": ids})
