"""Stored phone numbers in E.164, the one form the portal keeps (see
jkp_portal/common/phones.py)."""

from django.db import migrations

from jkp_portal.common.phones import rewrite_stored_phones


def forwards(apps, schema_editor):
    # Accounts: the mobile number SMS goes to; an office: its telephone line.
    rewrite_stored_phones(apps.get_model("accounts", "User"))
    rewrite_stored_phones(apps.get_model("accounts", "Office"), mobile=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_one_time_code")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
