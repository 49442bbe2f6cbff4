"""Stored phone numbers in E.164, the one form the portal keeps (see
jkp_portal/common/phones.py)."""

from django.db import migrations

from jkp_portal.common.phones import rewrite_stored_phones


def forwards(apps, schema_editor):
    rewrite_stored_phones(apps.get_model("claims", "Participant"))


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_contribution_single_participant_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
