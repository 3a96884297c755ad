"""Search speed (issue 4): the title's own vector and the days an event plays, on the
event, kept by the database (see events/search_sql.py); GIN search indexes without a
pending list.

On the 1M-event catalogue the backfill is one UPDATE, run before the new indexes exist.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from events.search_sql import (
    DERIVED_COLUMNS_BACKFILL,
    DERIVED_COLUMNS_DROP,
    DERIVED_COLUMNS_FUNCTIONS,
    DERIVED_COLUMNS_TRIGGERS,
)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_pending_event_queue"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="play_days",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.DateField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.RunSQL(DERIVED_COLUMNS_FUNCTIONS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(DERIVED_COLUMNS_BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(DERIVED_COLUMNS_TRIGGERS, reverse_sql=DERIVED_COLUMNS_DROP),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["title_vector"], name="event_title_vector_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["play_days"], name="event_play_days_idx"
            ),
        ),
        # The title's vector is a column now: its expression index has no reader left.
        migrations.RemoveIndex(model_name="event", name="event_title_search_idx"),
        # Turning `fastupdate` off is a storage parameter, not a new index: ALTER rather
        # than Django's drop-and-rebuild of a million-row GIN index; the pending list
        # already there is merged at once.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX event_search_idx SET (fastupdate = off);"
                    "SELECT gin_clean_pending_list('event_search_idx');",
                    reverse_sql="ALTER INDEX event_search_idx RESET (fastupdate);",
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="event", name="event_search_idx"),
                migrations.AddIndex(
                    model_name="event",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["search_vector"], name="event_search_idx"
                    ),
                ),
            ],
        ),
    ]
