"""Writes to the catalogue that have side effects. Views, admin and commands call these."""

import datetime
import time
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone
from PIL import Image

from billetnet.images import image_renditions_webp

from .models import Event, Showtime

POSTER_WIDTHS = (320, 640, 1280)
POSTER_MAX_BYTES = 10 * 1024 * 1024
POSTER_MAX_PIXELS = 40_000_000
CATALOGUE_VERSION_KEY = "events:catalogue-version"


# The version read from the shared cache is remembered in this process for a
# moment: a cached page then costs one cache round trip, not two. Another app
# server sees a change at most this late; this one sees its own at once.
VERSION_MEMO_SECONDS = 2.0
_version_memo: list = [None, 0.0]  # [version, monotonic time read]


def catalogue_version() -> int:
    """A number that changes whenever the catalogue does: part of every page cache key."""
    version, read_at = _version_memo
    if version is not None and time.monotonic() - read_at < VERSION_MEMO_SECONDS:
        return version
    version = cache.get(CATALOGUE_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(CATALOGUE_VERSION_KEY, version, timeout=None)
    _version_memo[:] = [version, time.monotonic()]
    return version


def catalogue_changed() -> None:
    """Invalidate every cached catalogue page (they are keyed by the version)."""
    _version_memo[:] = [None, 0.0]
    try:
        cache.incr(CATALOGUE_VERSION_KEY)
    except ValueError:
        cache.set(CATALOGUE_VERSION_KEY, 2, timeout=None)


def event_showtime_bounds_refresh(*, event: Event, now: datetime.datetime | None = None) -> Event:
    """Recompute the event's first, next and last showtime from its showtimes.

    Cancelled showtimes do not count: an event whose every showtime is cancelled
    has no next showtime, and so no « Réserver ».
    """
    now = now or timezone.now()
    showtimes = event.showtimes.not_cancelled()
    bounds = showtimes.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    event.first_showtime_at = bounds["first"]
    event.last_showtime_at = bounds["last"]
    event.next_showtime_at = showtimes.upcoming(now).aggregate(next=Min("starts_at"))["next"]
    Event.objects.filter(pk=event.pk).update(
        first_showtime_at=event.first_showtime_at,
        next_showtime_at=event.next_showtime_at,
        last_showtime_at=event.last_showtime_at,
    )
    return event


def events_next_showtime_refresh(*, now: datetime.datetime | None = None) -> int:
    """Move `next_showtime_at` on for events whose next showtime has started.

    Run periodically (`manage.py refresh_showtimes`, every few minutes): only the
    events whose stored next showtime is in the past are touched.
    """
    now = now or timezone.now()
    next_start = (
        Showtime.objects.filter(event=OuterRef("pk"), starts_at__gte=now)
        .not_cancelled()
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    updated = Event.objects.filter(next_showtime_at__lt=now).update(
        next_showtime_at=Subquery(next_start)
    )
    if updated:
        catalogue_changed()
    return updated


def poster_renditions(*, image: Image.Image) -> list[tuple[int, int, object]]:
    return image_renditions_webp(image, widths=POSTER_WIDTHS, base_name=f"{uuid.uuid4().hex[:12]}")


@transaction.atomic
def event_poster_set(*, event: Event, image: Image.Image) -> Event:
    """Store the poster's WebP renditions (made once, here); EXIF never survives.

    `image` comes from `billetnet.images.image_verify`. The largest rendition is
    the `poster` field; the smaller ones sit beside it, named by their width.
    """
    storage = Event._meta.get_field("poster").storage
    renditions = poster_renditions(image=image)
    saved = [
        (width, height, storage.save(f"affiches/{content.name}", content))
        for width, height, content in renditions
    ]
    width, height, name = saved[-1]
    event.poster.name = name
    event.poster_width = width
    event.poster_height = height
    event.save(update_fields=["poster", "poster_width", "poster_height", "updated_at"])
    return event


LEXICON_SQL = """
WITH words AS (
    SELECT word, ndoc FROM ts_stat($$
        SELECT to_tsvector('simple', lower(concat_ws(' ', e.title, v.name, v.city, c.name)))
        FROM events_event e
        JOIN events_venue v ON v.id = e.venue_id
        JOIN events_category c ON c.id = e.category_id
        WHERE e.status IN ('published', 'cancelled')
        UNION ALL SELECT to_tsvector('simple', lower(name)) FROM events_artist
        UNION ALL SELECT to_tsvector('simple', lower(name)) FROM taggit_tag
    $$)
    WHERE length(word) >= 3 AND word !~ '^[0-9]+$' AND numnode(plainto_tsquery('french', word)) > 0
), keyed AS (
    SELECT DISTINCT ON (billetnet_unaccent(word))
        billetnet_unaccent(word) AS key, word AS display,
        sum(ndoc) OVER (PARTITION BY billetnet_unaccent(word)) AS frequency
    FROM words
    ORDER BY billetnet_unaccent(word), ndoc DESC, word
)
INSERT INTO events_searchterm (word, display, frequency)
SELECT left(key, 100), left(display, 100), frequency FROM keyed
ON CONFLICT (word) DO UPDATE SET display = EXCLUDED.display, frequency = EXCLUDED.frequency
"""


@transaction.atomic
def search_lexicon_refresh() -> int:
    """Rebuild the lexicon of searchable words from the catalogue (a few seconds at 1M)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_searchterm")
        cursor.execute(LEXICON_SQL)
        return cursor.rowcount
