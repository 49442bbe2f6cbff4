from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

STAFF_VIEW_GROUP = "BPJS staff (lihat)"


@receiver(post_migrate)
def sync_staff_view_group(sender, **kwargs):
    """Staff roles other than admin may read every model in the back office
    but change nothing there (changes go through the portal's services)."""
    if sender.label != "accounts":
        return
    group, _ = Group.objects.get_or_create(name=STAFF_VIEW_GROUP)
    group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
