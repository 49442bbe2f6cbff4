# The staff queues and the registry search find people by part of their name
# (``full_name__icontains``, i.e. ``UPPER(full_name) LIKE UPPER('%…%')``) and by
# NIK prefix (``nik__startswith``, i.e. ``nik LIKE '3372…%'``, which the unique
# index cannot serve under a non-C collation). A trigram index on the name
# expression and a pattern-ops index on the NIK keep both fast with hundreds of
# thousands of participants. Raw SQL because these expression/opclass indexes
# sit on the registry table; they change no model state.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_claim_deadline_reminder"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS participant_name_upper_trgm "
            "ON claims_participant USING gin (upper(full_name::text) gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS participant_name_upper_trgm",
        ),
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS participant_nik_pattern ON claims_participant (nik varchar_pattern_ops)",
            reverse_sql="DROP INDEX IF EXISTS participant_nik_pattern",
        ),
    ]
