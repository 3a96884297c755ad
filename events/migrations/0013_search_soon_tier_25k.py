"""Search speed (issue 4): a first tier of events that play soon, the soonest 25,000
(see `SOON_TIERS` in events/search_sql.py).

The tiers of migration 0012 become the second and third: the horizons move, and
`events_search_horizon_refresh()` ranks again the events between where they were and
where they are now (at a million events, the 175,000 soonest after the first 25,000)
before the third tier's index is built, then each tier's index holds its events.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

# The tiers as this migration makes them (`SOON_TIERS` may change after it).
SOON_TIERS = (25_000, 50_000, 200_000)
BEFORE = (50_000, 200_000)


def refresh(sizes):
    return "SELECT events_search_horizon_refresh(ARRAY[{}])".format(
        ", ".join(str(size) for size in sizes)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0012_search_soon_rank"),
    ]

    operations = [
        migrations.RunSQL(refresh(SOON_TIERS), reverse_sql=refresh(BEFORE)),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("soon_rank__lte", 3)),
                fastupdate=False,
                fields=["search_vector"],
                name="event_search_soon3_idx",
            ),
        ),
    ]
