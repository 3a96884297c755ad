"""Writes to the catalogue that have side effects. Views, admin and commands call these."""

import datetime
import functools
import hashlib
import hmac
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from billetnet.db import prepared_rows
from billetnet.images import image_renditions_webp
from billetnet.ratelimit import client_ip
from moderation.models import ModerationAction
from moderation.services import action_record, notice_send

from .models import (
    Advertiser,
    AdvertiserApplication,
    AdvertiserMembership,
    Artist,
    Credit,
    Event,
    Showtime,
    Venue,
)
from .search_sql import SOON_TIERS

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


def search_horizon_refresh(tiers: tuple[int, ...] = SOON_TIERS) -> int:
    """Move each of the search's horizons to its tier's soonest next showtime (the
    25,000th, the 50,000th, the 200,000th) and rank again the events that cross one
    (`Event.soon_rank`, see events/search_sql.py); returns how many. Run with
    `events_next_showtime_refresh()`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT events_search_horizon_refresh(%s::integer[])", [list(tiers)])
        return cursor.fetchone()[0]


@transaction.atomic
def search_lexicon_refresh() -> int:
    """Rebuild the lexicon of searchable words from the catalogue (a few seconds at 1M)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_searchterm")
        cursor.execute(LEXICON_SQL)
        return cursor.rowcount


# --- Réserver -----------------------------------------------------------------------------

UNIQUE_WINDOW = datetime.timedelta(minutes=30)
KNOWN_BOTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|curl|wget|python-requests|"
    r"httpclient|headless|lighthouse|pingdom|uptime|monitor",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def booking_target_url(booking_url: str) -> str:
    """The stored booking address with utm_source and utm_medium added, its own kept.

    A pure function of the stored address, remembered for the most clicked ones."""
    parts = urlsplit(booking_url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in {"utm_source", "utm_medium"}
    ]
    query += [("utm_source", "billetnet"), ("utm_medium", "referral")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def visitor_hash(request) -> str:
    """A salted hash that recognises a visitor for a while, and stores nothing about them.

    With a session, the session key; without one, the connection's address and
    browser, salted with the day so that hashes cannot be linked across days.
    Neither the address nor the browser is ever stored.
    """
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        raw = f"session:{session_key}"
    else:
        raw = (
            f"visit:{timezone.localdate().isoformat()}:{client_ip(request)}:"
            f"{request.headers.get('User-Agent', '')}"
        )
    digest = _visitor_hmac(settings.SECRET_KEY).copy()
    digest.update(raw.encode())
    return digest.hexdigest()


@functools.cache
def _visitor_hmac(secret: str):
    """The HMAC keyed with the site's secret, prepared once and copied for each hash."""
    return hmac.new(secret.encode(), digestmod=hashlib.sha256)


def looks_like_a_bot(request) -> bool:
    """HEAD requests, prefetches and known crawlers: stored, but left out of statistics."""
    if request.method == "HEAD":
        return True
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    if "prefetch" in purpose or "prerender" in purpose:
        return True
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(KNOWN_BOTS.search(agent))


def _member_id(request) -> int | None:
    """The logged-in member's id; a visitor without a session cookie (most who click)
    cannot be one, and costs no look at the session."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return request.user.pk if request.user.is_authenticated else None


def click_source(request) -> str:
    """The Billetnet page the click came from (its path), or « direct » / « externe »."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return "direct"
    parts = urlsplit(referer)
    if parts.netloc != request.get_host():
        return "externe"
    return (parts.path or "/")[:200]


# One statement, one round trip: it finds the event (and the showtime asked for), decides
# whether it can be booked, and records the click only then, counting it as unique when
# the visitor has not clicked this event in the last half hour. `last_showtime_at` is
# the last showtime not cancelled, kept by event_showtime_bounds_refresh: « still plays »
# is a column comparison, not a look at the showtimes. Its own transaction (autocommit).
BOOK_SQL = """
WITH target AS (
    SELECT e.id, e.status, e.booking_url,
           coalesce(e.last_showtime_at >= %(now)s, false) AS plays,
           s.id AS showtime_id, s.status AS showtime_status, s.starts_at AS showtime_starts_at
    FROM events_event e
    LEFT JOIN events_showtime s ON s.id = %(showtime)s AND s.event_id = e.id
    {commit}
    WHERE e.slug = %(slug)s AND e.status IN ('published', 'cancelled')
), click AS (
    INSERT INTO events_bookingclick
        (event_id, showtime_id, clicked_at, source, visitor_hash, user_id, is_bot, is_unique)
    SELECT t.id, t.showtime_id, %(now)s, %(source)s::text, %(visitor)s::text,
           %(user)s::bigint, %(bot)s::boolean,
           NOT %(bot)s::boolean AND NOT EXISTS (
               SELECT 1 FROM events_bookingclick
               WHERE visitor_hash = %(visitor)s::text AND event_id = t.id
                 AND clicked_at >= %(since)s AND NOT is_bot
           )
    FROM target t
    WHERE t.status = 'published' AND CASE
        WHEN %(showtime)s::bigint IS NULL THEN t.plays
        ELSE t.showtime_status = 'scheduled' AND t.showtime_starts_at >= %(now)s
    END
    RETURNING id
)
SELECT t.id, t.status, t.booking_url, t.plays, t.showtime_id, t.showtime_status,
       t.showtime_starts_at, (SELECT id FROM click)
FROM target t
"""
# With BOOKING_CLICK_ASYNC_COMMIT (the default), the statement sets synchronous_commit off
# for its own transaction: its commit does not wait for the disk, at no extra round trip.
# Only a crash of PostgreSQL itself could then lose the last fraction of a second of
# clicks (never a half-written one); the visitor is redirected either way.
BOOK_DURABLE_SQL = BOOK_SQL.format(commit="")
BOOK_ASYNC_SQL = BOOK_SQL.format(
    commit="CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
)
BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class BookingAttempt:
    """What one « Réserver » found: the event, the showtime asked for, and the click."""

    event_id: int
    status: str
    booking_url: str
    plays: bool
    showtime_id: int | None
    showtime_status: str | None
    showtime_starts_at: datetime.datetime | None
    click_id: int | None

    @property
    def closed_reason(self) -> str:
        """Why no click was recorded (« cancelled », « sold-out »…), or "" if one was."""
        if self.click_id is not None:
            return ""
        if self.status == Event.Status.CANCELLED:
            return "cancelled"
        if self.showtime_id is None:
            return "past"
        if self.showtime_status == Showtime.Status.CANCELLED:
            return "showtime-cancelled"
        if self.showtime_status == Showtime.Status.SOLD_OUT and (
            self.showtime_starts_at >= timezone.now()
        ):
            return "sold-out"
        return "showtime-past"


def booking_click_record(*, slug: str, showtime_id: int | None, request) -> BookingAttempt | None:
    """« Réserver »: count one click on the event `slug` (and showtime) if it can be booked.

    None when no published or cancelled event has this slug. Otherwise the attempt,
    whose `click_id` is the new BookingClick's, or None when the event or showtime
    cannot be booked (cancelled, past, sold out) or the showtime is not the event's
    (then `showtime_id` is None too). One statement, whatever the outcome.
    """
    if showtime_id is not None and not 0 < showtime_id <= BIGINT_MAX:
        showtime_id = 0  # no such showtime: the event is found, the showtime is not
    now = timezone.now()
    bot = looks_like_a_bot(request)
    params = {
        "slug": slug,
        "showtime": showtime_id,
        "now": now,
        "source": click_source(request),
        "visitor": visitor_hash(request),
        "user": _member_id(request),
        "bot": bot,
        "since": now - UNIQUE_WINDOW,
    }
    sql = BOOK_ASYNC_SQL if settings.BOOKING_CLICK_ASYNC_COMMIT else BOOK_DURABLE_SQL
    rows = prepared_rows(sql, params)
    return BookingAttempt(*rows[0]) if rows else None


ROLLUP_SQL = """
INSERT INTO events_bookingclickdaily
    (day, event_id, showtime_id, source, clicks, unique_clicks, advertiser_id)
SELECT counts.*, e.advertiser_id
FROM (
    SELECT (clicked_at AT TIME ZONE %(tz)s)::date, event_id, showtime_id, source,
           count(*), count(*) FILTER (WHERE is_unique)
    FROM events_bookingclick
    WHERE NOT is_bot AND clicked_at >= %(start)s AND clicked_at < %(end)s {events}
    GROUP BY 1, 2, 3, 4
) AS counts (day, event_id, showtime_id, source, clicks, unique_clicks)
JOIN events_event e ON e.id = counts.event_id
ON CONFLICT (day, event_id, showtime_id, source)
DO UPDATE SET clicks = EXCLUDED.clicks, unique_clicks = EXCLUDED.unique_clicks,
    advertiser_id = EXCLUDED.advertiser_id
"""


@transaction.atomic
def booking_clicks_rollup(
    *, first_day: datetime.date, last_day: datetime.date, advertiser_id: int | None = None
) -> int:
    """(Re)count the clicks of [first_day, last_day] into BookingClickDaily; idempotent."""
    start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )
    params = {"tz": settings.TIME_ZONE, "start": start, "end": end}
    events_clause = ""
    if advertiser_id is not None:
        events_clause = (
            "AND event_id IN (SELECT id FROM events_event WHERE advertiser_id = %(advertiser)s)"
        )
        params["advertiser"] = advertiser_id
    with connection.cursor() as cursor:
        # Days are recounted whole: a day's rows are replaced, never added to.
        cursor.execute(
            "DELETE FROM events_bookingclickdaily WHERE day BETWEEN %(first)s AND %(last)s "
            + events_clause,
            {**params, "first": first_day, "last": last_day},
        )
        cursor.execute(ROLLUP_SQL.format(events=events_clause), params)
        return cursor.rowcount


def events_popularity_refresh(*, days: int = 30) -> int:
    """Popularity = unique clicks over the last `days` days, from the roll-up."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE events_event e SET popularity = coalesce(s.total, 0)
            FROM (
                SELECT e2.id, sum(d.unique_clicks) AS total
                FROM events_event e2
                LEFT JOIN events_bookingclickdaily d ON d.event_id = e2.id AND d.day >= %s
                GROUP BY e2.id
            ) s
            WHERE s.id = e.id AND e.popularity IS DISTINCT FROM coalesce(s.total, 0)
            """,
            [since],
        )
        updated = cursor.rowcount
    if updated:
        catalogue_changed()
    return updated


def _advertiser_tell(*, event: Event, subject: str, body: str, action) -> None:
    """Tell every member of the event's advertiser, in Mon Espace and by email."""
    for member in event.advertiser.members.filter(is_active=True):
        notice_send(member=member, subject=subject, body=body, action=action)


@transaction.atomic
def pending_event_publish(*, moderator, event: Event, reason: str = "") -> Event:
    """A moderator puts an unverified advertiser's pending event online."""
    if not moderator.has_perm("events.moderate_pendingevent"):
        raise PermissionDenied("Réservé aux modérateurs.")
    event = Event.objects.select_for_update().select_related("advertiser").get(pk=event.pk)
    if event.status != Event.Status.PENDING:
        raise ValidationError(f"« {event.title} » n'est plus en attente.")
    event.status = Event.Status.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    event.moderation_note = ""
    event.save(update_fields=["status", "published_at", "moderation_note", "updated_at"])
    action = action_record(
        kind=ModerationAction.Kind.EVENT_PUBLISH,
        moderator=moderator,
        reason=reason or "Conforme aux règles de publication.",
        target=event,
    )
    _advertiser_tell(
        event=event,
        subject="Votre événement est publié",
        body=f"« {event.title} » est en ligne : {settings.SITE_URL}{event.get_absolute_url()}",
        action=action,
    )
    transaction.on_commit(catalogue_changed)
    return event


@transaction.atomic
def pending_event_refuse(*, moderator, event: Event, reason: str) -> Event:
    """A moderator sends a pending event back to its advertiser as a draft, with a reason
    they see in the espace annonceur; they may correct it and submit it again."""
    if not moderator.has_perm("events.moderate_pendingevent"):
        raise PermissionDenied("Réservé aux modérateurs.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Indiquez le motif du refus : il est envoyé à l'annonceur.")
    event = Event.objects.select_for_update().select_related("advertiser").get(pk=event.pk)
    if event.status != Event.Status.PENDING:
        raise ValidationError(f"« {event.title} » n'est plus en attente.")
    event.status = Event.Status.DRAFT
    event.moderation_note = reason[:1000]
    event.save(update_fields=["status", "moderation_note", "updated_at"])
    action = action_record(
        kind=ModerationAction.Kind.EVENT_REFUSE, moderator=moderator, reason=reason, target=event
    )
    _advertiser_tell(
        event=event,
        subject="Votre événement n'a pas été publié",
        body=f"« {event.title} » n'a pas été publié et revient en brouillon.\n"
        f"Motif : {reason}\n\nCorrigez-le depuis votre espace annonceur, puis "
        "soumettez-le de nouveau.",
        action=action,
    )
    return event


RESERVED_ADVERTISER_SLUGS = {"demande"}
# What a moderator checked when publishing an unverified advertiser's event.
MODERATED_FIELDS = ("title", "summary", "description", "booking_url")
# Figures on Event that other services keep (the reviews' note, the clicks' popularity).
DENORMALISED_FIGURES = ("rating_average", "rating_count", "popularity")


@transaction.atomic
def advertiser_application_accept(*, application: AdvertiserApplication) -> Advertiser:
    """Create the advertiser and make the applicant its owner (not yet « vérifié »)."""
    if application.status != AdvertiserApplication.Status.PENDING:
        raise ValueError("Only a pending application can be accepted.")
    base = slugify(application.organisation)[:150] or "annonceur"
    slug, n = base, 1
    # `demande` is the application form's own address under /espace-annonceur/.
    while slug in RESERVED_ADVERTISER_SLUGS or Advertiser.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    advertiser = Advertiser.objects.create(
        name=application.organisation,
        slug=slug,
        kind=application.kind,
        website=application.website,
        description="",
    )
    AdvertiserMembership.objects.create(
        advertiser=advertiser, user=application.user, role=AdvertiserMembership.Role.OWNER
    )
    application.status = AdvertiserApplication.Status.ACCEPTED
    application.advertiser = advertiser
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "advertiser", "decided_at"])
    return advertiser


@transaction.atomic
def advertiser_application_refuse(*, application: AdvertiserApplication) -> None:
    application.status = AdvertiserApplication.Status.REFUSED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])


# --- Espace annonceur ---------------------------------------------------------------------
# Writes of the advertisers' own pages (events/advertiser_views.py).

# A creation identical to one made this recently by the same advertiser is a form sent twice.
RESUBMISSION_WINDOW = datetime.timedelta(minutes=1)
COPY_SUFFIX = " (copie)"
# What a copy keeps of its original (besides credits and tags); never its showtimes.
EVENT_COPIED_FIELDS = (
    "category_id",
    "venue_id",
    "summary",
    "description",
    "duration",
    "age_advice",
    "min_age",
    "language",
    "poster",
    "poster_width",
    "poster_height",
    "price_type",
    "price_min",
    "price_max",
    "booking_url",
    "booking_mode",
    "group_rates",
    "promotion",
    "promotion_one_plus_one",
)


class DuplicateSubmission(Exception):
    """The same creation arrived twice (double click, form sent again): nothing was created.

    `existing` is what the first submission created.
    """

    def __init__(self, existing):
        super().__init__(f"Already created: {existing!r}")
        self.existing = existing


@dataclass(frozen=True)
class VenueProposal:
    """A venue an advertiser proposes because it is not on Billetnet yet."""

    name: str
    address: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class CreditLine:
    """One line of the distribution as typed: an artist's name and their role."""

    artist_name: str
    role: str


def unique_slug(model, text: str, *, max_length: int, fallback: str) -> str:
    """A slug for `text` that `model` does not use yet: « titre », then « titre-2 »…

    One query, on the slug's prefix index, whatever the number of rows.
    """
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base, slug__regex=rf"^{base}(-[0-9]+)?$").values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _save_with_unique_slug(obj, *, text: str, max_length: int, fallback: str) -> None:
    """Save a new row under a fresh slug; retry if another request took it meanwhile."""
    model = type(obj)
    for attempt in range(3):
        obj.slug = unique_slug(model, text, max_length=max_length, fallback=fallback)
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:
            if attempt == 2 or not model.objects.filter(slug=obj.slug).exists():
                raise


def venue_propose(*, proposal: VenueProposal) -> Venue:
    """The venue an advertiser proposes: an identical one already known, or a new one."""
    existing = (
        Venue.objects.filter(
            name__iexact=proposal.name.strip(),
            postal_code=proposal.postal_code.strip(),
            city__iexact=proposal.city.strip(),
        )
        .order_by("pk")
        .first()
    )
    if existing:
        return existing
    venue = Venue(
        name=proposal.name.strip(),
        address=proposal.address.strip(),
        postal_code=proposal.postal_code.strip(),
        city=proposal.city.strip(),
    )
    venue.full_clean(exclude=["slug"])
    _save_with_unique_slug(
        venue, text=f"{venue.name} {venue.city}", max_length=160, fallback="lieu"
    )
    return venue


def _artists_by_name(names: list[str]) -> dict[str, Artist]:
    """Known artists by lower-cased name, the missing ones created (the oldest wins a tie)."""
    wanted = {name.strip().lower(): name.strip() for name in names if name.strip()}
    found: dict[str, Artist] = {}
    for artist in (
        Artist.objects.annotate(lowered=Lower("name"))
        .filter(lowered__in=list(wanted))
        .order_by("-pk")
    ):
        found[artist.lowered] = artist
    for key, name in wanted.items():
        if key not in found:
            artist = Artist(name=name)
            _save_with_unique_slug(artist, text=name, max_length=160, fallback="artiste")
            found[key] = artist
    return found


def event_credits_set(*, event: Event, credits: list[CreditLine]) -> None:
    """Replace the event's distribution by `credits`, in that order."""
    artists = _artists_by_name([line.artist_name for line in credits])
    event.credits.all().delete()
    seen = set()
    rows = []
    for line in credits:
        artist = artists[line.artist_name.strip().lower()]
        role = line.role.strip()
        if (artist.pk, role) in seen:
            continue
        seen.add((artist.pk, role))
        rows.append(Credit(event=event, artist=artist, role=role, order=len(rows)))
    Credit.objects.bulk_create(rows)


@transaction.atomic
def advertiser_event_save(
    *,
    event: Event,
    advertiser: Advertiser,
    publish: bool,
    tags: list[str] | None = None,
    credits: list[CreditLine] | None = None,
    venue_proposal: VenueProposal | None = None,
    poster_image: Image.Image | None = None,
    now: datetime.datetime | None = None,
) -> Event:
    """Create or update one of the advertiser's events from the espace annonceur.

    `event` carries the form's values (unsaved for a creation). `publish` (« Publier »)
    puts a verified advertiser's event online at once and anyone else's in the
    moderation queue (pending); an event already published stays so. Without it the
    event is a draft. A creation identical to one the same advertiser made within
    the last minute raises DuplicateSubmission and creates nothing.
    """
    now = now or timezone.now()
    creating = event.pk is None
    # One writer at a time per advertiser: a double click cannot create twice.
    advertiser = Advertiser.objects.select_for_update().get(pk=advertiser.pk)
    if creating:
        event.advertiser = advertiser
        previous_status = Event.Status.DRAFT
    else:
        if event.advertiser_id != advertiser.pk:
            raise ValueError("This event belongs to another advertiser.")
        locked = (
            Event.objects.select_for_update()
            .values("status", *MODERATED_FIELDS, *DENORMALISED_FIGURES)
            .get(pk=event.pk)
        )
        previous_status = locked["status"]
        previous_texts = [locked[name] for name in MODERATED_FIELDS]
        # The form's instance was read before the lock: keep the figures other writers
        # (reviews, clicks) may have changed since, rather than write back stale ones.
        for name in DENORMALISED_FIGURES:
            setattr(event, name, locked[name])
        if previous_status == Event.Status.CANCELLED:
            raise ValidationError(
                "Cet événement est annulé : il ne peut plus être modifié. "
                "Dupliquez-le pour le programmer à nouveau."
            )
    if venue_proposal is not None:
        event.venue = venue_propose(proposal=venue_proposal)
    if creating:
        recent = (
            Event.objects.filter(
                advertiser=advertiser,
                title=event.title,
                venue_id=event.venue_id,
                created_at__gte=now - RESUBMISSION_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if recent is not None:
            raise DuplicateSubmission(recent)

    # An unverified advertiser's published event stays online through small edits, but
    # a new title, text or booking address goes back to the moderators.
    reviewed_unchanged = previous_status == Event.Status.PUBLISHED and (
        creating or previous_texts == [getattr(event, name) for name in MODERATED_FIELDS]
    )
    if not publish:
        event.status = Event.Status.DRAFT
    elif advertiser.verified or reviewed_unchanged:
        event.status = Event.Status.PUBLISHED
        event.published_at = event.published_at or now
    else:
        event.status = Event.Status.PENDING

    event.full_clean(exclude=["slug"], validate_unique=False)
    if creating:
        _save_with_unique_slug(event, text=event.title, max_length=220, fallback="evenement")
    else:
        event.save()
    if tags is not None:
        event.tags.set(tags)
    if credits is not None:
        event_credits_set(event=event, credits=credits)
    if poster_image is not None:
        event_poster_set(event=event, image=poster_image)
    return event


@transaction.atomic
def advertiser_event_cancel(*, event: Event) -> Event:
    """Cancel a published event: it stays readable, marked as cancelled, without « Réserver ».

    Cancelling it again changes nothing (a form sent twice).
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            "Seul un événement publié peut être annulé : un brouillon ou un événement en "
            "attente de validation n'est pas visible du public."
        )
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def advertiser_event_duplicate(*, event: Event, now: datetime.datetime | None = None) -> Event:
    """A draft copy of the event, « (copie) » in its title: same credits and tags, no showtimes."""
    now = now or timezone.now()
    Advertiser.objects.select_for_update().get(pk=event.advertiser_id)
    title = event.title[: Event._meta.get_field("title").max_length - len(COPY_SUFFIX)]
    title += COPY_SUFFIX
    recent = (
        Event.objects.filter(
            advertiser_id=event.advertiser_id,
            title=title,
            created_at__gte=now - RESUBMISSION_WINDOW,
        )
        .order_by("-pk")
        .first()
    )
    if recent is not None:
        raise DuplicateSubmission(recent)
    copy = Event(
        title=title,
        advertiser_id=event.advertiser_id,
        status=Event.Status.DRAFT,
        **{name: getattr(event, name) for name in EVENT_COPIED_FIELDS},
    )
    _save_with_unique_slug(copy, text=title, max_length=220, fallback="evenement")
    Credit.objects.bulk_create(
        Credit(event=copy, artist_id=credit.artist_id, role=credit.role, order=credit.order)
        for credit in event.credits.all()
    )
    copy.tags.set(list(event.tags.all()))
    return copy


@transaction.atomic
def advertiser_showtimes_save(
    *, event: Event, showtimes: list[Showtime], now: datetime.datetime | None = None
) -> Event:
    """Save new and changed showtimes of the event, then its first, next and last dates.

    A new showtime, or one moved to another date, must start in the future; a new
    one at the very date and venue of a showtime already planned is refused (a
    form sent twice).
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(
            "Cet événement est annulé : ses représentations ne peuvent plus être modifiées."
        )
    existing = {
        showtime.pk: showtime
        for showtime in event.showtimes.only("starts_at", "venue_id", "status")
    }
    planned = {
        (showtime.starts_at, showtime.venue_id)
        for showtime in existing.values()
        if showtime.status != Showtime.Status.CANCELLED
    }
    for showtime in showtimes:
        if showtime.pk is not None and showtime.pk not in existing:
            raise ValueError("This showtime belongs to another event.")
        original = existing.get(showtime.pk)
        moved = original is None or original.starts_at != showtime.starts_at
        when = timezone.localtime(showtime.starts_at)
        if moved and showtime.starts_at < now:
            raise ValidationError(
                f"La date du {when:%d/%m/%Y à %H:%M} est passée : "
                "une représentation doit commencer dans le futur."
            )
        if original is None and (showtime.starts_at, showtime.venue_id) in planned:
            raise ValidationError(
                f"Une représentation est déjà prévue le {when:%d/%m/%Y à %H:%M} dans ce lieu."
            )
        showtime.event = event
        showtime.full_clean(exclude=["event"])
        showtime.save()
        planned.add((showtime.starts_at, showtime.venue_id))
    return event_showtime_bounds_refresh(event=event, now=now)


@transaction.atomic
def advertiser_member_invite(*, advertiser: Advertiser, user) -> AdvertiserMembership:
    """Make an existing, verified member an editor of the advertiser."""
    if not user.is_active or not user.has_verified_email:
        raise ValidationError(
            "Ce membre n'a pas encore confirmé son adresse e-mail : il pourra rejoindre "
            "votre équipe une fois son adresse confirmée."
        )
    already = AdvertiserMembership.objects.filter(advertiser=advertiser, user=user).exists()
    if not already:
        try:
            with transaction.atomic():
                return AdvertiserMembership.objects.create(
                    advertiser=advertiser, user=user, role=AdvertiserMembership.Role.EDITOR
                )
        except IntegrityError:
            pass
    raise ValidationError(f"{user.pseudo} fait déjà partie de l'équipe de {advertiser.name}.")


@transaction.atomic
def advertiser_member_remove(*, membership: AdvertiserMembership) -> None:
    """Remove someone from the advertiser's team; never its last owner."""
    owners = list(
        AdvertiserMembership.objects.select_for_update()
        .filter(advertiser_id=membership.advertiser_id, role=AdvertiserMembership.Role.OWNER)
        .values_list("pk", flat=True)
    )
    if owners == [membership.pk]:
        raise ValidationError(
            "Le compte doit garder au moins un responsable : vous ne pouvez pas vous retirer "
            "tant que vous êtes le seul. Écrivez-nous pour transmettre la responsabilité."
        )
    AdvertiserMembership.objects.filter(pk=membership.pk).delete()


@transaction.atomic
def advertiser_application_submit(
    *,
    user,
    organisation: str,
    kind: str,
    website: str = "",
    siret: str = "",
    message: str = "",
) -> AdvertiserApplication:
    """A verified member asks for an advertiser account; one pending request at a time."""
    if not user.has_verified_email:
        raise ValidationError(
            "Confirmez d'abord votre adresse e-mail : seuls les membres dont l'adresse est "
            "confirmée peuvent demander un compte annonceur."
        )
    # One request at a time per member, even if the form is sent twice at once.
    get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
    if AdvertiserApplication.objects.filter(
        user=user, status=AdvertiserApplication.Status.PENDING
    ).exists():
        raise ValidationError(
            "Vous avez déjà une demande en attente : l'équipe de Billetnet vous répondra "
            "avant que vous puissiez en envoyer une autre."
        )
    application = AdvertiserApplication(
        user=user,
        organisation=organisation,
        kind=kind,
        website=website,
        siret=siret,
        message=message,
    )
    application.full_clean()
    application.save()
    return application
