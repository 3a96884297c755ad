"""PostgreSQL set-up for French search: unaccent, pg_trgm, and `french_unaccent`.

`french_unaccent` is a copy of the `french` configuration whose word mappings run
`unaccent` before `french_stem`, so that « Molière » and « moliere » meet.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_CONFIGURATION = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(
            CREATE_CONFIGURATION,
            reverse_sql="DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;",
        ),
    ]
