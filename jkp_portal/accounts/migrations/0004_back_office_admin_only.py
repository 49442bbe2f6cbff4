"""The back office is for the admin role only: the old "BPJS staff (lihat)"
group (``view_*`` on every model, kept by a post_migrate hook that no longer
exists) goes, and ``is_staff`` is cleared on every account without the admin
role. Reversing restores neither (nothing should depend on them)."""

from django.db import migrations

OLD_STAFF_VIEW_GROUP = "BPJS staff (lihat)"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    Group.objects.filter(name=OLD_STAFF_VIEW_GROUP).delete()
    User.objects.exclude(roles__contains=["admin"]).filter(is_staff=True).update(is_staff=False, is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
