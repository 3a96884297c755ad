"""Search speed (issue 4): the events that play soon, flagged by the database, and a
partial GIN index on their search vectors alone (see events/search_sql.py).

The flags are set before the indexes exist (one UPDATE of SOON_EVENTS events), then kept
by a trigger and `events_search_horizon_refresh()`.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

from events.search_sql import (
    PLAYS_SOON_DROP,
    PLAYS_SOON_FUNCTIONS,
    PLAYS_SOON_TRIGGER,
    SOON_EVENTS,
)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_search_vector_statistics"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchHorizon",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("until", models.DateTimeField(null=True, verbose_name="fin de la fenêtre")),
            ],
            options={
                "verbose_name": "horizon de la recherche",
                "verbose_name_plural": "horizon de la recherche",
            },
        ),
        migrations.AddField(
            model_name="event",
            name="plays_soon",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunSQL(
            PLAYS_SOON_FUNCTIONS + PLAYS_SOON_TRIGGER,
            reverse_sql=PLAYS_SOON_DROP,
        ),
        migrations.RunSQL(
            f"SELECT events_search_horizon_refresh({SOON_EVENTS})",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("plays_soon", True)),
                fastupdate=False,
                fields=["search_vector"],
                name="event_search_soon_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("plays_soon", True)),
                fields=["next_showtime_at"],
                name="event_soon_next_idx",
            ),
        ),
    ]
