"""Search speed (issue 4): ANALYZE lists the search vectors' words down to ~0.1 % of
the events, not 1.2 %.

`events.search` reads each word's share of the catalogue from these statistics
(`pg_stats.most_common_elems`) to choose how the pool is read: every match through the
word index, the soonest events first (a date window), or the date index. With the
default target (100), a word in 0.8 % of a million events (« shakespeare », 8,160
events) was not listed, so it counted as rare and the search read all its matches: 30 ms
instead of 18 with a window. ANALYZE then samples 300,000 rows instead of 30,000 (16 s on
the 1M-event catalogue). It takes effect at the next ANALYZE (autovacuum's, or
`bench/search.py --vacuum`).
"""

from django.db import migrations

SEARCH_VECTOR_STATISTICS = 1000


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_click_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE events_event ALTER COLUMN search_vector "
            f"SET STATISTICS {SEARCH_VECTOR_STATISTICS}",
            reverse_sql="ALTER TABLE events_event ALTER COLUMN search_vector SET STATISTICS -1",
        ),
    ]
