"""Search speed (issue 4): each event's search vector stays in its row.

An event's row passes 2 kB when its description is long; PostgreSQL then moves its
largest values out of the row (TOAST), and the vector (0.9 kB on average) was one of
them for a fifth of the events. Ranking a search's 300 pooled events read those from
the TOAST table: 1.4 ms instead of 0.4 (`ts_rank` over « shakespeare »'s pool, 100,000
events). With storage MAIN, the description and the other texts leave the row first;
the vector is compressed, then moved out, only if the row is still too large.

It applies to each vector written from now on. Rows written before keep theirs where
they are until the table is rewritten: `VACUUM FULL events_event` (it locks the table
while it runs: a few seconds for 100,000 events, minutes for a million).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_search_soon_tier_25k"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE events_event ALTER COLUMN search_vector SET STORAGE MAIN",
            reverse_sql="ALTER TABLE events_event ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
    ]
