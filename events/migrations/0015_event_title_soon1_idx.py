"""Autocomplete speed (issue 4): an index of the titles of the events that play soonest
(tier 1 of `Event.soon_rank`, the soonest 25,000), where the autocomplete looks for its
events first (`events.search.SUGGESTIONS_SQL`): 656 kB at a million events."""

import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_search_vector_in_row"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("soon_rank__lte", 1)),
                fastupdate=False,
                fields=["title_vector"],
                name="event_title_soon1_idx",
            ),
        ),
    ]
