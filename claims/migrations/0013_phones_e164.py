"""Stored phone numbers in E.164, the one form the portal keeps (see
jkp_portal/common/phones.py)."""

from django.db import migrations

from jkp_portal.common.phones import rewrite_stored_phones


def forwards(apps, schema_editor):
    rewrite_stored_phones(apps.get_model("claims", "Participant"))


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_inbound_sms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
