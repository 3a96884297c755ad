"""`billetnet_unaccent(text)`: unaccent() that indexes may use.

PostgreSQL's unaccent() is only STABLE (its dictionary could change), so it
cannot appear in an index expression. This wrapper names the dictionary
explicitly and is declared IMMUTABLE, the usual way to index unaccented text.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("billetnet", "0002_contactmessage")]

    operations = [
        migrations.RunSQL(
            """
            CREATE OR REPLACE FUNCTION billetnet_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
            """,
            reverse_sql="DROP FUNCTION IF EXISTS billetnet_unaccent(text);",
        )
    ]
