"""French full-text search over the catalogue.

How a query runs: one statement, whatever the number of matches (in a catalogue
of more than POOL_SIZE events, one more for a text this process has not seen, its
lexemes). The pool holds at most POOL_SIZE matching events in date order (upcoming
first, past ones after), plus the TITLE_POOL_SIZE first events whose *title* matches
(`Event.title_vector`), so that a title hit is never lost among thousands of mentions
in descriptions. Both follow an index, so a word matching most of the catalogue costs
little more than a rare one: ranking every match is what would be slow. For a word in
a few per cent of a large catalogue, the pool looks among the events that play soon
first (`date_window()` asks for the text's lexemes, `query_terms()`; `_soon_pool_sql()`);
a rarer word reads every match, in a prepared statement (`fetches_every_match()`). Each pooled event
gets its `ts_rank` (weights D 0.1 · C 0.2 · B 0.4 · A 1), boosted for events that play
soon; the same statement returns the page's events in order with their highlighted
title and summary (`ts_headline`, for these twenty only) and what their result shows
(`RESULT_FIELDS`), the total and the facet counts (`SCORED_SQL`).

A day in the query (« samedi ») is a lookup in `Event.play_days`, a city one in
its venues' ids; both are kept by the database (events/search_sql.py).

When the text finds little, `typo_corrections` looks each word up in the search
lexicon (`SearchTerm`, a few thousand distinct words, trigram index): « molyere »
→ « molière ».
"""

import datetime
import functools
import hashlib
import math
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchQuery,
)
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import DEFERRED, BooleanField, F, Func
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from billetnet.db import prepared_rows

from .dates import PRESETS, preset_range
from .models import Category, Event, Venue
from .search_parser import ParsedQuery, clean, normalise, parse
from .search_sql import PLAY_DAYS_TIME_ZONE
from .services import catalogue_version

CONFIG = "french_unaccent"
POOL_SIZE = 300
TITLE_POOL_SIZE = 100
# The date window, the pool's first look for words of a few per cent (`date_window()`).
WINDOW_MARGIN = 1.3  # the window must hold this many times the matches sought
WINDOW_SAVING = 500  # events it must spare reading, for its counts and second looks
SEARCH_STATISTICS_KEY = "events:search:statistics"
SEARCH_STATISTICS_SECONDS = 600
LEXEMES_SECONDS = 3600
PAGE_SIZE = 20
FEW_RESULTS = 3
WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
DATE_FACETS = ("ce-soir", "ce-week-end", "cette-semaine", "ce-mois-ci")  # by next showtime
WORD = re.compile(r"[\w']+", re.UNICODE)
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"

local_cache = caches["local"]


def _cities() -> tuple[list[tuple[str, str]], dict[str, list[int]]]:
    """(slug, name) of every city with a venue, and each city's venue ids; cached with
    the catalogue version."""
    key = f"events:cities:{catalogue_version()}"
    cities = cache.get(key)
    if cities is None:
        names, venues = {}, {}
        for venue_id, slug, name in Venue.objects.order_by("city_slug", "id").values_list(
            "id", "city_slug", "city"
        ):
            names[slug, name] = None
            venues.setdefault(slug, []).append(venue_id)
        cities = (list(names), venues)
        cache.set(key, cities, 3600)
    return cities


def known_cities() -> list[tuple[str, str]]:
    """(slug, name) of every city with a venue."""
    return _cities()[0]


def city_venue_ids(city_slug: str) -> list[int]:
    """The city's venues. Searches filter on `venue_id = ANY(…)`: the planner counts the
    matches from the events' own statistics and combines that index with the others."""
    return _cities()[1].get(city_slug, [])


def play_day(start: datetime.datetime, end: datetime.datetime) -> datetime.date | None:
    """The day [start, end) falls in, in the zone of `Event.play_days`; None when it
    spans more than one.

    One day (« ce soir », « samedi », « 22 juin ») is a small part of the catalogue:
    its GIN lookup finds the events that play then without reading their showtimes
    (« jazz lyon samedi »: 142 → 31 ms at 1M events). A week-end or a month is not:
    the planner then combines that index with the text's and the city's, each of
    hundreds of thousands of rows, and the showtimes' own index is faster.
    """
    zone = zoneinfo.ZoneInfo(PLAY_DAYS_TIME_ZONE)
    first = start.astimezone(zone).date()
    last = (end - datetime.timedelta(microseconds=1)).astimezone(zone).date()
    return first if first == last else None


@dataclass(frozen=True)
class DateWindow:
    """The events that play soon up to a tier (`Event.soon_rank` ≤ `tier`): `events` of
    them, whose next showtime comes before `horizon` (`SearchHorizon`)."""

    tier: int
    events: int
    horizon: datetime.datetime | None


@dataclass(frozen=True)
class SearchStatistics:
    """What chooses how the pool is read (see `search_statistics()`)."""

    catalogue: float  # events, as the planner's statistics count them
    windows: list[DateWindow]  # smallest first
    shares: dict[str, float]  # lexeme: share of the events holding it, if among the commonest


def search_statistics() -> SearchStatistics:
    """The catalogue's size, its events that play soon and its common words, read by
    each process once every few minutes.

    `shares` are the commonest lexemes of the search vectors, down to about 0.1 % of
    the events, as ANALYZE samples them (`pg_stats.most_common_elems`, migration 0011).
    """
    token = local_cache.get(SEARCH_STATISTICS_KEY)
    statistics = _statistics_memo.get(token)
    if statistics is None:
        # The counts read the partial index of the events that play soon alone (an
        # index-only scan once the table is vacuumed); a tier that holds every event with
        # a next showtime has no horizon. `(SELECT) one`: a row even before the first
        # ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT (SELECT array_agg(ARRAY[h.tier, (
                            SELECT count(*) FROM events_event WHERE soon_rank <= h.tier)]
                            ORDER BY h.tier)
                        FROM events_searchhorizon h),
                    (SELECT array_agg(CASE WHEN isfinite(until) THEN until END ORDER BY tier)
                        FROM events_searchhorizon),
                    (SELECT CASE WHEN reltuples >= 0 THEN reltuples ELSE (SELECT count(*)
                        FROM (SELECT FROM events_event LIMIT {POOL_SIZE + 1}) counted) END
                        FROM pg_class WHERE oid = 'events_event'::regclass),
                    s.most_common_elems::text::text[], s.most_common_elem_freqs
                FROM (SELECT) one LEFT JOIN pg_stats s ON s.schemaname = current_schema()
                    AND s.tablename = 'events_event' AND s.attname = 'search_vector'
                """
            )
            counts, horizons, catalogue, common, shares = cursor.fetchone()
        statistics = SearchStatistics(
            # Counted when the planner's statistics have none (before the first ANALYZE),
            # up to what matters then: whether it holds more than POOL_SIZE events.
            catalogue=catalogue,
            windows=[
                DateWindow(tier, events, horizon)
                for (tier, events), horizon in zip(counts or [], horizons or [], strict=True)
                if events
            ],
            # The frequencies end with three summary figures that have no lexeme.
            shares=dict(zip(common or [], shares or [], strict=False)),
        )
        # The process keeps them as they are; the local cache, a token that expires (and
        # goes with a cleared cache): unpickling the shares cost 0.17 ms at each call.
        token = uuid.uuid4().hex
        _statistics_memo.clear()
        _statistics_memo[token] = statistics
        local_cache.set(SEARCH_STATISTICS_KEY, token, SEARCH_STATISTICS_SECONDS)
    return statistics


_statistics_memo: dict[str, SearchStatistics] = {}


def _share_bounds(events: int, catalogue: float, limit: int) -> tuple[float, float]:
    """The shares s of the catalogue for which looking among the `events` events that
    play soon first pays.

    Counted in events read, with n = `events`, N = `catalogue`, L = `limit`: the look
    reads the word's n·s matches among them (its part of their own word index, then
    the events). It pays when it holds the L matches with a margin
    (n·s ≥ WINDOW_MARGIN·L), reads fewer events than following the date index until L
    are found (n·s < L/s), and WINDOW_SAVING fewer than reading every match (N·s),
    for its counts and the title hits it may look for among every match. Hence s in
    [max(WINDOW_MARGIN·L/n, WINDOW_SAVING/(N − n)), √(L/n)). At a million events, the
    soonest 25,000 serve 1.6 % to 11 %, the soonest 50,000 0.78 % to 7.7 %, the
    soonest 200,000 0.2 % to 3.9 % (the smallest tier first); at 100,000, the first
    tier serves 1.6 % to 11 %, the second 1 % to 7.7 %.
    """
    if not events or events >= catalogue:
        return math.inf, 0.0
    low = max(WINDOW_MARGIN * limit / events, WINDOW_SAVING / (catalogue - events))
    return low, math.sqrt(limit / events)


def date_window(text: str, limit: int) -> DateWindow | None:
    """The smallest tier of events that play soon where looking first pays for `text`
    when seeking `limit` matches, if any (see `_first_by_date()` and `_share_bounds()`);
    its rarest word decides."""
    statistics = search_statistics()
    bounds = [
        (window, *_share_bounds(window.events, statistics.catalogue, limit))
        for window in statistics.windows
    ]
    bounds = [(window, low, high) for window, low, high in bounds if low < high]
    if not bounds:  # a small catalogue: no need to know the words
        return None
    terms = query_terms(text)
    if terms.alternatives:  # « a or b »: as many matches as both, not the rarer's
        return None
    share = min((statistics.shares.get(lexeme, 0.0) for lexeme in terms.lexemes), default=0.0)
    return next((window for window, low, high in bounds if low <= share < high), None)


@dataclass(frozen=True)
class QueryTerms:
    """What the word index is asked for a text: the lexemes a match must hold, as the
    search vectors hold them (accents, stems, stop words; those excluded with
    « -mot » left out), and whether « or » offers alternatives between some of them."""

    lexemes: tuple[str, ...]
    alternatives: bool


TSQUERY_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def query_terms(text: str) -> QueryTerms:
    """The text's `QueryTerms`, remembered by each process: the same words come back
    from many visitors. `querytree()` is the part of the query an index can answer."""
    key = f"events:search:terms:{hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()}"
    terms = local_cache.get(key)
    if terms is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT querytree(websearch_to_tsquery('{CONFIG}', %s))", [text])
            tree = cursor.fetchone()[0] or ""
        terms = QueryTerms(
            lexemes=tuple(
                sorted({word.replace("''", "'") for word in TSQUERY_LEXEME.findall(tree)})
            ),
            alternatives="|" in TSQUERY_LEXEME.sub("", tree),
        )
        local_cache.set(key, terms, LEXEMES_SECONDS)
    return terms


def fetches_every_match(text: str) -> bool:
    """Whether the pool of `text` (with no date nor city) reads every match through the
    word index, then keeps the soonest (`_every_match_pool_sql()`).

    With M matches among N events, reading them all costs M events; following the date
    index until POOL_SIZE = P are found costs about P·N/M: reading them all pays while
    M ≤ √(P·N), 5,500 matches at 100k events, 17,000 at a million. M is its rarest
    word's share of the catalogue (`search_statistics()`); a word not among the common
    ones is rarer than them all. With « or », or no word that a match must hold (only
    « -exclus »), the planner chooses. A catalogue of at most P events needs no count.
    """
    statistics = search_statistics()
    if statistics.catalogue <= POOL_SIZE:
        return True
    terms = query_terms(text)
    if terms.alternatives or not terms.lexemes or not statistics.shares:
        return False
    share = min(statistics.shares.get(lexeme, 0.0) for lexeme in terms.lexemes)
    return share * statistics.catalogue <= math.sqrt(POOL_SIZE * statistics.catalogue)


def selective(text: str) -> bool:
    """Whether `text` is rare enough for its pool to read every match or look among a
    tier of events that play soon (`fetches_every_match()`, `date_window()`). It asks
    for the text's lexemes once per process and text (`query_terms()`): one query more
    for a text not seen yet."""
    return fetches_every_match(text) or date_window(text, POOL_SIZE) is not None


def has_words(text: str) -> bool:
    return any(part.strip("'") for part in WORD.findall(text))


def text_query(text: str) -> SearchQuery:
    """Web-search syntax: « "phrase exacte" », « -exclure », « or »."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def highlight(fragment: str | None) -> str:
    """ts_headline's output, escaped, with our markers turned into <mark>."""
    if not fragment:
        return ""
    html = escape(fragment).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)  # escaped above: only our own markers become tags


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: ParsedQuery
    events: list = field(default_factory=list)
    total: int = 0
    more_than_total: bool = False  # the pool was full: there are more matches
    page: int = 1
    num_pages: int = 1
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str = ""  # « Vouliez-vous dire … ? »
    corrected_from: str = ""  # the results shown are for `suggestion` instead

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


# What the pool hands to the ranking and the facets: each pooled event is read once.
POOL_COLUMNS = "id, category_id, venue_id, price_type, next_showtime_at, last_showtime_at"
BY_DATE = "ORDER BY e.next_showtime_at ASC NULLS LAST, e.id"
# The weights as a constant: a parameter would be cast to float4[] for every row ranked.
WEIGHTS_SQL = "'{" + ",".join(map(str, WEIGHTS)) + "}'::float4[]"
RANK_SQL = f"ts_rank({WEIGHTS_SQL}, search_vector, websearch_to_tsquery('{CONFIG}', %s))"


def _pool(queryset, query: SearchQuery | None, excludes: bool = False):
    """The pool's ids, as a subquery (see the module's docstring)."""
    by_date = (F("next_showtime_at").asc(nulls_last=True), "id")
    if query is None:
        return queryset.order_by(*by_date).values("id")[:POOL_SIZE]
    matches = queryset.filter(search_vector=query).order_by(*by_date).values("id")
    title_hits = queryset.filter(title_vector=query)
    if excludes:  # the whole text checked on each title hit read (`title_hits_sql()`)
        title_hits = title_hits.filter(
            Func(F("search_vector"), query, function="ts_match_vq", output_field=BooleanField())
        )
    title_hits = title_hits.order_by(*by_date).values("id")
    return matches[:POOL_SIZE].union(title_hits[:TITLE_POOL_SIZE])


def _pool_from_queryset(queryset, text: str | None) -> tuple[str, list]:
    """The pool's rows for a search narrowed by the page's filters (`_pool()`'s ids)."""
    query = text_query(text) if text is not None else None
    excludes = text is not None and excludes_words(text)
    ids_sql, ids_params = _pool(queryset, query, excludes).query.sql_with_params()
    rank_sql, rank_params = (RANK_SQL, [text]) if text is not None else ("1", [])
    sql = f"SELECT {POOL_COLUMNS}, {rank_sql} AS rank FROM events_event WHERE id IN ({ids_sql})"
    return sql, [*rank_params, *ids_params]


def _pool_sql(
    parsed: ParsedQuery, text: str | None, include_past: bool, now
) -> tuple[str, list, bool]:
    """The pool's rows as hand-written SQL, for the common case of a query without facets,
    and whether the statement is to be prepared (`_every_match_pool_sql()`,
    `_soon_pool_sql()`: no date nor city, and no « or » for the latter).

    The same pool as `_pool()` builds with the ORM, without the few milliseconds
    Django takes to compile it.
    """
    where = ["e.status IN ('published', 'cancelled')"]
    params: list = []
    if not include_past:
        where.append("e.last_showtime_at >= %s")
        params.append(now)
    if parsed.start is not None:
        if day := play_day(parsed.start, parsed.end):
            # An index lookup on the event; the showtimes then check the exact bounds
            # (« ce soir » starts at 18:00) for those events only.
            where.append("e.play_days @> ARRAY[%s::date]")
            params.append(day)
        elif parsed.start >= now and text is not None and selective(text):
            # An event that plays between now and `end` has its next showtime before
            # `end` (the services keep `next_showtime_at` at its first showtime to come,
            # `refresh_showtimes` moves it on). For a selective word, PostgreSQL then
            # intersects its matches with that stretch of the date index (« moliere ce
            # week-end », 1M events: 180 → 15–21 ms). Offered for a common word, it
            # intersects them too, and their hundreds of thousands of entries cost more
            # than its own plan (« enfants cette semaine »: 28 → 180–200 ms).
            where.append("e.next_showtime_at < %s")
            params.append(parsed.end)
        where.append(
            "EXISTS (SELECT 1 FROM events_showtime s WHERE s.event_id = e.id "
            "AND s.starts_at >= %s AND s.starts_at < %s AND s.status <> 'cancelled')"
        )
        params += [parsed.start, parsed.end]
    if parsed.city_slug:
        where.append("e.venue_id = ANY(%s)")
        params.append(city_venue_ids(parsed.city_slug))
    conditions = " AND ".join(where)
    columns = ", ".join(f"e.{column}" for column in POOL_COLUMNS.split(", "))
    if text is None:
        sql = (
            f"SELECT {columns}, 1 AS rank FROM events_event e WHERE {conditions} {BY_DATE} LIMIT %s"
        )
        return sql, [*params, POOL_SIZE], False
    select = f"SELECT {columns}, e.search_vector FROM events_event e WHERE {conditions}"

    def ranked(match: str, limit: int, window: DateWindow | None) -> tuple[str, list]:
        """The first `limit` matches in date order, ranked after their LIMIT (ranking
        in the same SELECT would rank every match read before the sort)."""
        match_params = [text] * match.count("%s")
        kept, kept_params = _first_by_date(select, [*params, *match_params], match, limit, window)
        sql = f"SELECT {POOL_COLUMNS}, {RANK_SQL} AS rank FROM ({kept}) kept"
        return sql, [text, *kept_params]

    # A date in the query narrows the pool already, and its events are rarely the
    # soonest ones: a window would only add a look that finds too few.
    window = date_window(text, POOL_SIZE) if parsed.start is None else None
    if parsed.start is None and not parsed.city_slug:
        if window is not None:
            return (*_soon_pool_sql(window, text, include_past, now), True)
        if fetches_every_match(text):
            return (*_every_match_pool_sql(include_past, now), True)
    matches, matches_params = ranked(
        f"e.search_vector @@ websearch_to_tsquery('{CONFIG}', %s)", POOL_SIZE, window
    )
    # The title hits are found on the title's index (`title_hits_sql()`).
    titles, titles_params = ranked(
        title_hits_sql(text, f"websearch_to_tsquery('{CONFIG}', %s)"),
        TITLE_POOL_SIZE,
        None,  # the statistics that choose a window are the whole text's, not the title's
    )
    return f"({matches}) UNION ({titles})", [*matches_params, *titles_params], False


# « -nantes » in the web-search syntax: a hyphen not inside a word (PostgreSQL also reads
# one after a parenthesis, a quote or an operator: « cirque (-nantes », « "cirque"-nantes »).
EXCLUSION = re.compile(r"(?<!\w)-")


def excludes_words(text: str) -> bool:
    """Whether `text` may exclude a word (« théâtre -nantes »); a hyphen inside a word
    (« saint-étienne ») does not."""
    return bool(EXCLUSION.search(text))


def title_hits_sql(text: str, tsquery: str) -> str:
    """The condition for the events whose title matches `tsquery`, the text's.

    Such an event matches the whole text too, unless the text excludes a word that its
    description holds (« cirque -nantes »): then the whole text is checked on each one
    read, with `ts_match_vq()`, written as a function call so that the planner offers
    no index for it. Asked for the title and the whole text at once, it combines the two
    GIN indexes, and the whole-text one costs 70 ms for a word in half the catalogue;
    checked on every title hit read, it costs 3 µs each (30 ms for « théâtre » at 1M
    events), so only when needed.
    """
    condition = f"e.title_vector @@ {tsquery}"
    if excludes_words(text):
        condition += f" AND ts_match_vq(e.search_vector, {tsquery})"
    return condition


# The text's tsquery, made once per statement. In a prepared statement's generic plan,
# websearch_to_tsquery() of a parameter is not a constant: it would parse the text again
# for every event it ranks or highlights.
QUERY_CTE = f"query AS (SELECT websearch_to_tsquery('{CONFIG}', %s) AS q),\n"
TSQUERY = "(SELECT q FROM query)"


def _matches_sql(narrowed: str) -> str:
    """The readable events that match `QUERY_CTE`'s text and the `narrowed` conditions
    (« AND … », or nothing), by row address, with what their pool keeps them by."""
    return f"""
        SELECT e.ctid AS address, e.id, e.next_showtime_at,
            e.title_vector @@ {TSQUERY} AS in_title
        FROM events_event e
        WHERE e.status IN ('published', 'cancelled') {narrowed}
            AND e.search_vector @@ {TSQUERY}
    """


def _every_match_pool_sql(include_past: bool, now) -> tuple[str, list]:
    """The pool of a text rare enough to read every match (`fetches_every_match()`).

    One pass over the word index and the matching events gives both parts of the pool,
    the POOL_SIZE soonest matches and the TITLE_POOL_SIZE soonest whose title matches:
    `_pool_sql()` reads the events once per index for them, twice when the word is in
    the titles (« cyrano » at 1M events: 2 × 2,209 pages). The matches are kept without
    their search vector (0.9 kB each, through two sorts); the few hundred kept are then
    read again by their row address for it, in pages just read.

    The statement is prepared (`billetnet.db.prepared_rows()`), the text a parameter of
    `QUERY_CTE`: parsing and planning it cost ~2 ms, more than running it for a rare
    word. Not knowing the text, PostgreSQL plans it for a rare one, reading the word
    index then the events, which is what this shape is for; its order (title hits and
    dates, from every match) cannot be read off the date index.
    """
    past, params = ("", []) if include_past else ("AND e.last_showtime_at >= %s", [now])
    by_date = "ORDER BY next_showtime_at ASC NULLS LAST, id"
    sql = f"""
        SELECT {POOL_COLUMNS}, ts_rank({WEIGHTS_SQL}, search_vector, {TSQUERY}) AS rank
        FROM events_event
        WHERE ctid = ANY(ARRAY(
            WITH matches AS MATERIALIZED ({_matches_sql(past)})
            (SELECT address FROM matches {by_date} LIMIT {int(POOL_SIZE)})
            UNION
            (SELECT address FROM matches WHERE in_title {by_date} LIMIT {int(TITLE_POOL_SIZE)})
        ))
    """
    return sql, params


def _soon_sql(tier: int) -> str:
    """The condition for the events of the tiers up to `tier`: the rank picks the tier's own
    word index; the horizon, read in the statement with the ranks it set, makes sure of
    them. That second test is written so that no index is offered for it: the planner
    would intersect the word's whole index with the 50,000 entries of the date index
    (11 ms for « moliere » at 1M events) instead of reading the tier's (2.6 ms)."""
    tier = int(tier)
    # `events_search_horizon()` written out: a SQL function's body is parsed again for
    # each statement that calls it (0.15 ms).
    horizon = f"SELECT until FROM events_searchhorizon WHERE tier = {tier}"
    return (
        f"e.soon_rank <= {tier} AND "
        f"coalesce(e.next_showtime_at < coalesce(({horizon}), '-infinity'), false)"
    )


def _soon_pool_sql(window: DateWindow, text: str, include_past: bool, now) -> tuple[str, list]:
    """The pool of a text that looks among the events that play soon first
    (`date_window()`), as a prepared statement like `_every_match_pool_sql()`.

    One pass over the soon events' own word index (`Event.soon_rank`, `_soon_sql()`)
    gives their matches and title hits. Every event whose next showtime comes before
    the horizon is among them, so when they hold POOL_SIZE matches, the soonest of them
    are the soonest of all; the same goes for TITLE_POOL_SIZE title hits. Each part that
    falls short is read from every match instead (one-time filters: a part never starts
    otherwise). The generic plan reads every match for them (it plans for a rare
    word): for a word spread over the year that falls short, a few thousand events (fewer
    than POOL_SIZE among the soonest 25,000); for a word of one season months away
    (« festival » in January), all its matches, at most the tier's largest share of the
    catalogue (`_share_bounds()`). That is bounded, where following the date index to
    that season is not. The title hits fall back on the title's index, the whole text
    checked as `title_hits_sql()` says. The parts may pool an event twice:
    `ctid = ANY(…)` reads it once.
    Each tier is its own statement (its rank is in the text), with its own index.
    """
    past, params = ("", []) if include_past else ("AND e.last_showtime_at >= %s", [now])
    readable = f"e.status IN ('published', 'cancelled') {past}"
    by_date = "ORDER BY next_showtime_at ASC NULLS LAST, id"
    pool, titles = int(POOL_SIZE), int(TITLE_POOL_SIZE)
    sql = f"""
        SELECT {POOL_COLUMNS}, ts_rank({WEIGHTS_SQL}, search_vector, {TSQUERY}) AS rank
        FROM events_event
        WHERE ctid = ANY(ARRAY(
            WITH soon AS MATERIALIZED ({_matches_sql(f"{past} AND {_soon_sql(window.tier)}")}),
            held AS MATERIALIZED (
                SELECT count(*) AS matches, count(*) FILTER (WHERE in_title) AS titles FROM soon
            )
            (SELECT address FROM soon WHERE (SELECT matches FROM held) >= {pool}
                {by_date} LIMIT {pool})
            UNION ALL
            (SELECT e.ctid FROM events_event e
                WHERE (SELECT matches FROM held) < {pool}
                    AND {readable} AND e.search_vector @@ {TSQUERY}
                {by_date} LIMIT {pool})
            UNION ALL
            (SELECT address FROM soon WHERE (SELECT titles FROM held) >= {titles} AND in_title
                {by_date} LIMIT {titles})
            UNION ALL
            (SELECT e.ctid FROM events_event e
                WHERE (SELECT titles FROM held) < {titles}
                    AND {readable} AND {title_hits_sql(text, TSQUERY)}
                {by_date} LIMIT {titles})
        ))
    """
    return sql, params * 3


def _first_by_date(
    select: str, params: list, match: str, limit: int, window: DateWindow | None
) -> tuple[str, list]:
    """`select … AND match` (whose parameters are `params`) narrowed to its first `limit`
    rows in date order.

    For a word in 2 % of a million events (« moliere »), following the date index reads
    12,000 events, one heap page each, to find 300, and fetching every match to sort
    them reads 19,000: 25–110 ms. Among the 25,000 that play soon (a `DateWindow`,
    `Event.soon_rank`), their own part of the word index gives its ~470 matches there.
    Every event whose next showtime comes before the horizon is among them, so when
    they hold `limit` matches, these are the first `limit` of all; otherwise the
    statement runs the plain query after all (a one-time filter: it never starts
    otherwise). The window changes the plan, never the rows.
    """
    plain = f"{select} AND {match} {BY_DATE} LIMIT %s"
    if window is None:
        return plain, [*params, limit]
    sql = f"""
        WITH look AS MATERIALIZED (
            {select} AND {match} AND {_soon_sql(window.tier)} {BY_DATE} LIMIT %s
        )
        SELECT * FROM look WHERE (SELECT count(*) FROM look) = %s
        UNION ALL
        SELECT * FROM ({plain}) plain WHERE (SELECT count(*) FROM look) < %s
    """
    return sql, [*params, limit, limit, *params, limit, limit]


# What a search result shows (templates/events/search.html, `poster_img`, `price_label`):
# each model, its alias in SCORED_SQL and the fields read with the page's hits (a test
# checks them against a plain query). Read in the search's own statement, the twenty
# results cost no second query (1–2 ms: its round trip, and Django compiling it). A field
# left out is loaded on first use, one query per result: the query-count tests render a
# page of several results.
RESULT_FIELDS = (
    (
        Event,
        "e",
        (
            "id",
            "title",
            "slug",
            "category_id",
            "venue_id",
            "poster",
            "poster_width",
            "poster_height",
            "price_type",
            "price_min",
            "price_max",
            "status",
            "next_showtime_at",
            "last_showtime_at",
        ),
    ),
    (Category, "c", ("id", "name", "slug")),
    (Venue, "v", ("id", "name", "slug", "city", "city_slug")),
)
RESULT_SQL = ", ".join(
    f"{alias}.{Model._meta.get_field(name).column}"
    for Model, alias, names in RESULT_FIELDS
    for name in names
)
# The other rows' result columns.
RESULT_NULLS = ", NULL" * sum(len(names) for _, _, names in RESULT_FIELDS)


def _result_layout() -> tuple[tuple[type, tuple[str, ...], tuple[int | None, ...]], ...]:
    """For each model of RESULT_FIELDS, the fields read and, for each of its concrete
    fields in `__init__()`'s order, its position among a hit row's result columns
    (None: not read, left deferred)."""
    layout, start = [], 0
    for Model, _, names in RESULT_FIELDS:
        attnames = tuple(Model._meta.get_field(name).attname for name in names)
        positions = {attname: start + i for i, attname in enumerate(attnames)}
        layout.append(
            (Model, attnames, tuple(positions.get(f.attname) for f in Model._meta.concrete_fields))
        )
        start += len(names)
    return tuple(layout)


RESULT_LAYOUT = _result_layout()

# One statement: the pool, each pooled event's score (relevance, gently boosted for
# events that play soon, past ones sunk), then the page's events in order with their
# highlighted title and summary and what their result shows, the total and the facet
# counts, as rows of (kind, key, label, snippet, count, position, *RESULT_FIELDS).
SCORED_SQL = """
WITH {query}pool AS ({pool}),
scored AS MATERIALIZED (
    SELECT pool.id, pool.category_id, v.city_slug, v.city, pool.price_type,
           pool.next_showtime_at,
           pool.rank * CASE
               WHEN pool.next_showtime_at IS NULL OR pool.last_showtime_at < %s THEN 0.3
               ELSE 1 + 0.5 / (1 + greatest(
                   date_part('epoch', pool.next_showtime_at - %s), 0) / 2592000)
           END AS score
    FROM pool
    JOIN events_venue v ON v.id = pool.venue_id
),
page AS (
    SELECT id, position FROM (
        SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM scored) ranked
    WHERE position > %s ORDER BY position LIMIT %s
)
SELECT 'hit', e.id::text, {title_snippet}, {snippet}, NULL::bigint, page.position,
    {result}
    FROM page JOIN events_event e ON e.id = page.id
    JOIN events_category c ON c.id = e.category_id
    JOIN events_venue v ON v.id = e.venue_id
UNION ALL SELECT counted.kind, counted.key, NULL, NULL, counted.n, NULL{nulls}
    FROM (SELECT count(*) AS total,
            count(*) FILTER (WHERE next_showtime_at >= %s) AS upcoming,
            count(*) FILTER (WHERE price_type = %s) AS free{date_counts}
        FROM scored) totals
    CROSS JOIN LATERAL (VALUES ('count', 'total', total), ('count', 'a_venir', upcoming),
        ('count', 'gratuit', free){date_rows}) counted (kind, key, n)
UNION ALL SELECT 'categorie', category_id::text, NULL, NULL, count(*), NULL{nulls} FROM scored
    GROUP BY category_id
UNION ALL SELECT 'ville', city_slug, min(city), NULL, count(*), NULL{nulls} FROM scored
    GROUP BY city_slug
"""
# The date facets' counts, in the same pass over the pool as the total (each has its
# [start, end) as parameters), and their rows.
DATE_COUNTS_SQL = "".join(
    f",\n            count(*) FILTER (WHERE next_showtime_at >= %s AND next_showtime_at < %s)"
    f" AS {name.replace('-', '_')}"
    for name in DATE_FACETS
)
DATE_ROWS_SQL = "".join(f", ('quand', '{name}', {name.replace('-', '_')})" for name in DATE_FACETS)
HEADLINE_SQL = "ts_headline('{config}', e.{column}, {tsquery}, %s)"
HEADLINE_OPTIONS = f"StartSel='{HIGHLIGHT_START}', StopSel='{HIGHLIGHT_STOP}', HighlightAll=true"


def search(
    parsed: ParsedQuery,
    *,
    base_queryset=None,
    sort: str = "pertinence",
    page: int = 1,
    include_past: bool = True,
    now: datetime.datetime | None = None,
) -> SearchResults:
    """Run a parsed query (text, dates, city) over `base_queryset` (readable events)."""
    now = now or timezone.now()
    filtered = base_queryset is not None
    text = parsed.text if has_words(parsed.text) else None
    results = SearchResults(query=parsed, page=page)
    if text is None and parsed.start is None and not parsed.city_slug and not filtered:
        return results

    if filtered:
        queryset = base_queryset if include_past else base_queryset.upcoming(now)
        if parsed.start is not None:
            if day := play_day(parsed.start, parsed.end):
                queryset = queryset.filter(play_days__contains=[day])
            queryset = queryset.playing_between(parsed.start, parsed.end)
        if parsed.city_slug:
            queryset = queryset.filter(venue_id__in=city_venue_ids(parsed.city_slug))
        pool_sql, pool_params = _pool_from_queryset(queryset, text)
        prepared = False
    else:
        pool_sql, pool_params, prepared = _pool_sql(parsed, text, include_past, now)
    # A prepared statement reads the text's tsquery once from QUERY_CTE; the others
    # inline it, so that the planner knows the words when it plans them.
    query_sql, query_params, tsquery, tsquery_params = (
        (QUERY_CTE, [text], TSQUERY, [])
        if prepared
        else ("", [], f"websearch_to_tsquery('{CONFIG}', %s)", [text])
    )
    order = (
        "next_showtime_at ASC NULLS LAST, id"
        if sort == "date"
        else "score DESC, next_showtime_at ASC NULLS LAST, id"
    )
    snippets_sql, snippets_params = ("NULL", "NULL"), []
    if text is not None:
        snippets_sql = tuple(
            HEADLINE_SQL.format(config=CONFIG, column=column, tsquery=tsquery)
            for column in ("title", "summary")
        )
        snippets_params = [*tsquery_params, HEADLINE_OPTIONS] * 2
    sql = SCORED_SQL.format(
        query=query_sql,
        pool=pool_sql,
        order=order,
        title_snippet=snippets_sql[0],
        snippet=snippets_sql[1],
        result=RESULT_SQL,
        nulls=RESULT_NULLS,
        date_counts=DATE_COUNTS_SQL,
        date_rows=DATE_ROWS_SQL,
    )
    params = [
        *query_params,
        *pool_params,
        now,
        now,
        (max(page, 1) - 1) * PAGE_SIZE,
        PAGE_SIZE,
        *snippets_params,
        now,
        Event.PriceType.FREE.value,
        *(bound for name in DATE_FACETS for bound in preset_range(name, now)),
    ]
    if prepared:
        rows = prepared_rows(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()

    counts = {(kind, key): n for kind, key, _, _, n, *_ in rows if kind in {"count", "quand"}}
    results.total = counts.get(("count", "total"), 0)
    # Title hits come on top of a full pool; a pool short of full holds every match.
    results.more_than_total = results.total >= POOL_SIZE
    results.num_pages = max(1, math.ceil(results.total / PAGE_SIZE))
    results.page = max(page, 1)
    if results.page > results.num_pages:
        return results
    hits = sorted((row for row in rows if row[0] == "hit"), key=lambda row: row[5])
    results.facets = _facets(rows, counts)
    results.events = [_result_event(row[6:]) for row in hits]
    for event, (_, _, title, summary, *_) in zip(results.events, hits, strict=True):
        event.snippet_html = highlight(summary)
        event.title_html = highlight(title) or escape(event.title)
    return results


def _result_event(values: tuple) -> Event:
    """An event with its rubrique and venue from a hit row's `RESULT_FIELDS`, as Django
    builds them for `select_related()` and `only()`.

    `Model.from_db()` gets a value for every concrete field, DEFERRED for those not
    read (`RESULT_LAYOUT`): given only the fields read, it would look each of the
    event's 38 fields up among them (17 µs an event instead of 9).
    """
    event, category, venue = (
        Model.from_db(
            connection.alias,
            attnames,
            [DEFERRED if position is None else values[position] for position in positions],
        )
        for Model, attnames, positions in RESULT_LAYOUT
    )
    Event.category.field.set_cached_value(event, category)
    Event.venue.field.set_cached_value(event, venue)
    return event


def _facets(rows: list[tuple], counts: dict) -> dict[str, list[Facet]]:
    """Facets from the search's own SQL rows: rubriques, cities, next dates, others."""
    names = category_names()
    by_count = lambda facet: (-facet.count, facet.label)  # noqa: E731
    return {
        "categorie": sorted(
            (
                Facet(names[int(key)][0], names[int(key)][1], n)
                for kind, key, _, _, n, *_ in rows
                if kind == "categorie" and int(key) in names
            ),
            key=by_count,
        ),
        "ville": sorted(
            (Facet(key, label, n) for kind, key, label, _, n, *_ in rows if kind == "ville"),
            key=by_count,
        )[:15],
        "quand": [
            Facet(preset, PRESETS[preset], counts[("quand", preset)])
            for preset in DATE_FACETS
            if counts.get(("quand", preset))
        ],
        "autres": [
            Facet("a_venir", "À venir", counts.get(("count", "a_venir"), 0)),
            Facet("gratuit", "Gratuit", counts.get(("count", "gratuit"), 0)),
        ],
    }


def category_names() -> dict[int, tuple[str, str]]:
    """{id: (slug, name)} of the rubriques; cached with the catalogue version."""
    key = f"events:category-names:{catalogue_version()}"
    names = cache.get(key)
    if names is None:
        names = {
            pk: (slug, name)
            for pk, slug, name in Category.objects.values_list("id", "slug", "name")
        }
        cache.set(key, names, 3600)
    return names


def typo_corrections(text: str) -> str:
    """The text with each unknown word replaced by its nearest lexicon word ('' if none)."""
    words = [w for w in WORD.findall(text) if len(w.strip("'")) >= 4]
    keys = [normalise(w) for w in words]
    if not keys:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w, t.word, t.display
            FROM unnest(%s::text[]) AS w
            CROSS JOIN LATERAL (
                SELECT word, display FROM events_searchterm
                WHERE word %% w
                ORDER BY word <-> w, frequency DESC
                LIMIT 1
            ) t
            """,
            [keys],
        )
        nearest = {w: (word, display) for w, word, display in cursor.fetchall()}
    corrected, changed = text, False
    for original, key in zip(words, keys, strict=True):
        if key in nearest and nearest[key][0] != key:
            replacement = nearest[key][1]
            corrected = re.sub(
                rf"(?<!\w){re.escape(original)}(?!\w)", lambda _m, r=replacement: r, corrected
            )
            changed = True
    return corrected if changed else ""


def search_text(
    raw: str,
    *,
    base_queryset=None,
    sort: str = "pertinence",
    page: int = 1,
    include_past: bool = True,
    now=None,
) -> SearchResults:
    """Parse what the visitor typed, search, and fall back on typo correction."""
    # One moment for both: a date the parser starts « now » is not past for the search.
    now = now or timezone.now()
    options = {
        "base_queryset": base_queryset,
        "sort": sort,
        "page": page,
        "include_past": include_past,
        "now": now,
    }
    parsed = parse(raw, cities=known_cities(), now=now)
    results = search(parsed, **options)
    if results.total >= FEW_RESULTS or not has_words(parsed.text):
        return results
    corrected = typo_corrections(parsed.text)
    if not corrected:
        return results
    suggestion = " ".join(part for part in (corrected, _chips_text(parsed)) if part)
    if results.total == 0:
        fixed = parse(suggestion, cities=known_cities(), now=now)
        retried = search(fixed, **options)
        if retried.total:
            retried.corrected_from = parsed.raw
            retried.suggestion = suggestion
            return retried
    results.suggestion = suggestion
    return results


def _chips_text(parsed: ParsedQuery) -> str:
    """The recognised date and city, as typed, to keep them in a corrected query."""
    removed = set(normalise(parsed.raw).split()) - set(normalise(parsed.text).split())
    return " ".join(w for w in parsed.raw.split() if normalise(w) in removed)


# --- Autocomplete ---------------------------------------------------------------------

SUGGESTION_LIMIT = 10


SUGGESTION_CACHE_SECONDS = 300


def suggest(raw: str) -> dict[str, list[dict]]:
    """`suggest_uncached`, remembered per prefix for a few minutes and per catalogue
    version: the same first letters come back from many visitors."""
    key = normalise(clean(raw)[0][:100]).strip()
    cache_key = (
        f"events:suggest:{catalogue_version()}:"
        f"{hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()}"
    )
    answer = cache.get(cache_key)
    if answer is None:
        answer = suggest_uncached(raw)
        cache.set(cache_key, answer, SUGGESTION_CACHE_SECONDS)
    return answer


# The last word typed, completed from the lexicon: its most frequent words starting with
# it, else (a typo, three letters or more) the closest ones.
COMPLETIONS_SQL = """
WITH prefixed AS (
    SELECT word, frequency FROM events_searchterm
    WHERE word LIKE %(prefix)s ORDER BY frequency DESC LIMIT %(limit)s
)
SELECT word FROM (
    SELECT word, 1 AS pass, frequency::float8 AS score FROM prefixed
    UNION ALL
    (SELECT word, 2, similarity(word, %(last)s) FROM events_searchterm
     WHERE %(fuzzy)s AND NOT EXISTS (SELECT 1 FROM prefixed) AND word %% %(last)s
     ORDER BY similarity(word, %(last)s) DESC, frequency DESC LIMIT %(limit)s)
) completions
ORDER BY pass, score DESC
"""
COMPLETIONS = 3

# Events whose title holds the words (the last one as a prefix), soonest first; artists
# and venues whose name holds what was typed or comes close (trigram indexes on
# billetnet_unaccent(lower(name))).
#
# The events are looked for among the 25,000 soonest first (tier 1, with an index of
# their titles): following the date index until ten titles matched read 5,578 events for
# « théâ » at 1M (10 ms); the tier's title index lists its 349 in 0.2 ms, read with their
# rows in 1.3. When that tier holds fewer than ten, the statement runs the plain query
# after all (a one-time filter), as it does in a catalogue without tiers.
SUGGESTED_EVENTS_SQL = f"""
    SELECT e.id, e.title, e.slug, e.venue_id, e.next_showtime_at FROM events_event e
    WHERE e.status IN ('published', 'cancelled')
      AND e.last_showtime_at >= %(now)s
      AND e.title_vector @@ to_tsquery('{CONFIG}', %(terms)s)
"""
SUGGESTIONS_SQL = f"""
(WITH look AS MATERIALIZED (
    {SUGGESTED_EVENTS_SQL} AND {_soon_sql(1)}
    ORDER BY e.next_showtime_at ASC NULLS LAST, e.id LIMIT %(limit)s
 ),
 chosen AS (
    SELECT * FROM look WHERE (SELECT count(*) FROM look) = %(limit)s
    UNION ALL
    (SELECT * FROM ({SUGGESTED_EVENTS_SQL}) e WHERE (SELECT count(*) FROM look) < %(limit)s
     ORDER BY e.next_showtime_at ASC NULLS LAST, e.id LIMIT %(limit)s)
 )
 SELECT 'evenements', c.title, v.city, c.slug, 0::real
 FROM chosen c JOIN events_venue v ON v.id = c.venue_id
 ORDER BY c.next_showtime_at ASC NULLS LAST, c.id)
UNION ALL
(SELECT 'artistes', a.name, NULL, a.slug, similarity(billetnet_unaccent(lower(a.name)), %(key)s)
 FROM events_artist a
 WHERE billetnet_unaccent(lower(a.name)) LIKE %(contains)s
    OR billetnet_unaccent(lower(a.name)) %% %(key)s
 ORDER BY 5 DESC, a.name LIMIT %(limit)s)
UNION ALL
(SELECT 'lieux', v.name, v.city, v.slug, similarity(billetnet_unaccent(lower(v.name)), %(key)s)
 FROM events_venue v
 WHERE billetnet_unaccent(lower(v.name)) LIKE %(contains)s
    OR billetnet_unaccent(lower(v.name)) %% %(key)s
 ORDER BY 5 DESC, v.name LIMIT %(limit)s)
"""
SUGGESTION_URLS = {
    "evenements": "events:detail",
    "artistes": "events:artist",
    "lieux": "events:venue",
}


def suggest_uncached(raw: str) -> dict[str, list[dict]]:
    """Events, artists, venues and cities for what has been typed so far.

    The last word is completed from the lexicon (prefix, then trigram for a typo),
    then events are matched on their title with a prefix query; artists and venues on
    their name. Two hand-written statements: built with the ORM, the same four queries
    cost three times as much in Python as in PostgreSQL.
    """
    text = clean(raw)[0][:100]
    key = normalise(text).strip()
    answer = {"evenements": [], "artistes": [], "lieux": [], "villes": []}
    if len(key) < 2 or not has_words(key):
        return answer
    words = [normalise(w) for w in WORD.findall(text)]
    last = words[-1].strip("'") if words else ""
    with connection.cursor() as cursor:
        cursor.execute(
            COMPLETIONS_SQL,
            {
                "prefix": _like_escape(last) + "%",
                "last": last,
                "fuzzy": len(last) >= 3,
                "limit": COMPLETIONS,
            },
        )
        completions = [word for (word,) in cursor.fetchall()]
        head = [w for w in words[:-1] if w.strip("'")]
        terms = " | ".join(
            " & ".join([*(f"{_lexeme(w)}" for w in head), f"{_lexeme(c)}:*"])
            for c in completions or [last]
        )
        cursor.execute(
            SUGGESTIONS_SQL,
            {
                "terms": terms,
                "now": timezone.now(),
                "key": key,
                "contains": "%" + _like_escape(key) + "%",
                "limit": SUGGESTION_LIMIT,
            },
        )
        rows = cursor.fetchall()
    urls = _suggestion_urls()
    for kind, label, detail, slug, _ in rows:
        suggestion = {"label": label, "url": urls[kind].replace(URL_SLUG, slug)}
        if detail is not None:
            suggestion["detail"] = detail
        answer[kind].append(suggestion)
    answer["villes"] = [
        {"label": name, "url": f"/villes/{slug}/"}
        for slug, name in known_cities()
        if normalise(name).startswith(key) or key in normalise(name)
    ][:SUGGESTION_LIMIT]
    return answer


# Stands for a slug in the URLs built once by _suggestion_urls(): slugs are made of
# lowercase letters, digits and hyphens, so no slug can contain it.
URL_SLUG = "SLUG"


@functools.cache
def _suggestion_urls() -> dict[str, str]:
    """Each kind's URL with URL_SLUG for its slug: one reverse() per process, not per row."""
    return {kind: reverse(name, args=[URL_SLUG]) for kind, name in SUGGESTION_URLS.items()}


def _like_escape(text: str) -> str:
    """`text` matched literally by LIKE: its wildcards and the escape character escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _lexeme(word: str) -> str:
    """A word made safe for to_tsquery's raw syntax (letters and digits only)."""
    cleaned = re.sub(r"[^\w]+", "", word)
    return cleaned or "_"
