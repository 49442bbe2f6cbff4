"""Shared back-office pieces."""


class ReadOnlyAdminMixin:
    """A back-office page that can look but not edit: no add, no change and (unless
    ``deletable``) no delete. Every change goes through the services and their audit
    trail. Put it before ``admin.ModelAdmin`` in the bases."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if self.deletable:
            return super().has_delete_permission(request, obj)
        return False
