"""Drop the contribution ledger's index on participant_id alone: the unique
(participant, period) index leads with that column and answers the same
lookups, and the second index only slowed every import. Only the index goes;
the foreign key stays as it is (no re-validation of the ledger)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "claims_contribution_participant_id_1a533fe2"


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_employer_kbli"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contribution",
                    name="participant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contributions",
                        to="claims.participant",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "claims_contribution" ("participant_id")',
                ),
            ],
        ),
    ]
