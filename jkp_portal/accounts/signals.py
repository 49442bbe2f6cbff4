from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import Signal, receiver

STAFF_VIEW_GROUP = "BPJS staff (lihat)"


@receiver(post_migrate)
def sync_staff_view_group(sender, **kwargs):
    """Staff roles other than admin may read every model in the back office
    but change nothing there (changes go through the portal's services)."""
    if sender.label != "accounts":
        return
    group, _ = Group.objects.get_or_create(name=STAFF_VIEW_GROUP)
    group.permissions.set(Permission.objects.filter(codename__startswith="view_"))


# Asked by the password validator for what a person's password must not be made
# of. kwargs: user (a saved User). A receiver returns None or a dict with
# "names" (list of str) and "birth_dates" (list of date); claims answers with
# the worker's registry record. Unsaved users (sign-up) carry what they typed.
personal_facts = Signal()
