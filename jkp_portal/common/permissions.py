"""Role checks for DRF views and HTML views. Object scoping (a worker's own
claim, an office's claims) is done by selectors, which return 404 for objects
outside the user's reach."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission


def has_any_role(user, roles) -> bool:
    return bool(user and user.is_authenticated and any(role in user.roles for role in roles))


def roles_required(*roles):
    """HTML view decorator, the one every app uses: anonymous users go to the login
    page (back here afterwards), signed-in users without one of ``roles`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HasAnyRole(BasePermission):
    """DRF permission: ``permission_classes = [HasAnyRole.of("verifier", "approver")]``."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str):
        return type(f"HasAnyRole_{'_'.join(sorted(roles))}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        return has_any_role(request.user, self.roles)


class RoleRequiredMixin(AccessMixin):
    """HTML view mixin: anonymous users go to the login page, users without one
    of ``required_roles`` get 403."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not has_any_role(request.user, self.required_roles):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
