"""Search speed (issue 4): the events that play soon, ranked by the database in two
tiers, and a partial GIN index on the search vectors of each tier's events (see
events/search_sql.py).

The ranks are set before the indexes exist (one UPDATE per tier), then kept by a
trigger and `events_search_horizon_refresh()` (`manage.py refresh_showtimes`).
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

from events.search_sql import SOON_RANK_DROP, SOON_RANK_FUNCTIONS, SOON_RANK_TRIGGER

# The tiers as this migration made them (migration 0013 adds one before them).
SOON_TIERS = (50_000, 200_000)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_search_vector_statistics"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchHorizon",
            fields=[
                (
                    "tier",
                    models.PositiveSmallIntegerField(
                        primary_key=True, serialize=False, verbose_name="rang"
                    ),
                ),
                ("until", models.DateTimeField(verbose_name="fin de la fenêtre")),
                ("previous", models.DateTimeField(verbose_name="fin précédente")),
            ],
            options={
                "verbose_name": "horizon de la recherche",
                "verbose_name_plural": "horizons de la recherche",
            },
        ),
        migrations.AddField(
            model_name="event",
            name="soon_rank",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(
            SOON_RANK_FUNCTIONS + SOON_RANK_TRIGGER,
            reverse_sql=SOON_RANK_DROP,
        ),
        migrations.RunSQL(
            "SELECT events_search_horizon_refresh(ARRAY[{}])".format(
                ", ".join(str(size) for size in SOON_TIERS)
            ),
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("soon_rank__lte", 1)),
                fastupdate=False,
                fields=["search_vector"],
                name="event_search_soon1_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("soon_rank__lte", 2)),
                fastupdate=False,
                fields=["search_vector"],
                name="event_search_soon2_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("soon_rank__isnull", False)),
                fields=["soon_rank", "next_showtime_at"],
                name="event_soon_rank_idx",
            ),
        ),
    ]
