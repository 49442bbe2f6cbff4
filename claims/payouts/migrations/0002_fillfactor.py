"""Leave room on each page of the tables the daily payout run updates in bulk
(benefits closing, months withheld), so those updates are heap-only (HOT)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_benefits_payments_batches")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE payouts_benefit SET (fillfactor = 85); ALTER TABLE payouts_benefitmonth SET (fillfactor = 90);",
            "ALTER TABLE payouts_benefit RESET (fillfactor); ALTER TABLE payouts_benefitmonth RESET (fillfactor);",
        )
    ]
