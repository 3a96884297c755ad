"""French full-text search over the catalogue.

How a query runs (two queries, whatever the number of matches):

1. The pool and its ranks. The pool holds at most POOL_SIZE matching events in
   date order (upcoming first, past ones after), plus the TITLE_POOL_SIZE first
   events whose *title* matches, so that a title hit is never lost among
   thousands of mentions in descriptions. Both follow an index, so a word
   matching most of the catalogue costs little more than a rare one: ranking
   every match is what would be slow. Each pooled event gets its `ts_rank`
   (weights D 0.1 · C 0.2 · B 0.4 · A 1), boosted in Python for events that play
   soon; the same statement returns the page's ids in order, the total and the
   facet counts (`SCORED_SQL`).
2. The page's events, with their highlighted snippets (`ts_headline`), for these
   twenty only.

When the text finds little, `typo_corrections` looks each word up in the search
lexicon (`SearchTerm`, a few thousand distinct words, trigram index): « molyere »
→ « molière ».
"""

import datetime
import hashlib
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVector,
    TrigramSimilarity,
)
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .dates import PRESETS, preset_range
from .models import Category, Event, SearchTerm, Venue
from .search_parser import ParsedQuery, clean, normalise, parse
from .services import catalogue_version

CONFIG = "french_unaccent"
POOL_SIZE = 300
TITLE_POOL_SIZE = 100
PAGE_SIZE = 20
FEW_RESULTS = 3
WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
DATE_FACETS = ("ce-soir", "ce-week-end", "cette-semaine", "ce-mois-ci")  # by next showtime
WORD = re.compile(r"[\w']+", re.UNICODE)
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"


def known_cities() -> list[tuple[str, str]]:
    """(slug, name) of every city with a venue; cached with the catalogue version."""
    key = f"events:cities:{catalogue_version()}"
    cities = cache.get(key)
    if cities is None:
        cities = list(Venue.objects.order_by().values_list("city_slug", "city").distinct())
        cache.set(key, cities, 3600)
    return cities


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


def _pool(queryset, query: SearchQuery | None):
    """The pool's ids, as a subquery (see the module's docstring)."""
    by_date = (F("next_showtime_at").asc(nulls_last=True), "id")
    if query is None:
        return queryset.order_by(*by_date).values("id")[:POOL_SIZE]
    matches = queryset.filter(search_vector=query).order_by(*by_date).values("id")
    in_title = (
        queryset.annotate(title_vector=SearchVector("title", config=CONFIG))
        .filter(title_vector=query, search_vector=query)
        .order_by(*by_date)
        .values("id")
    )
    return matches[:POOL_SIZE].union(in_title[:TITLE_POOL_SIZE])


def _pool_sql(parsed: ParsedQuery, has_text: bool, include_past: bool, now) -> tuple[str, list]:
    """The pool as hand-written SQL, for the common case of a query without facets.

    The same statement as `_pool()` builds with the ORM, without the few
    milliseconds Django takes to compile it.
    """
    where = ["e.status IN ('published', 'cancelled')"]
    params: list = []
    if not include_past:
        where.append("e.last_showtime_at >= %s")
        params.append(now)
    if parsed.start is not None:
        where.append(
            "EXISTS (SELECT 1 FROM events_showtime s WHERE s.event_id = e.id "
            "AND s.starts_at >= %s AND s.starts_at < %s AND s.status <> 'cancelled')"
        )
        params += [parsed.start, parsed.end]
    if parsed.city_slug:
        where.append("e.venue_id IN (SELECT id FROM events_venue WHERE city_slug = %s)")
        params.append(parsed.city_slug)
    by_date = "ORDER BY e.next_showtime_at ASC NULLS LAST, e.id"
    if not has_text:
        return (
            f"SELECT e.id FROM events_event e WHERE {' AND '.join(where)} {by_date} LIMIT %s",
            [*params, POOL_SIZE],
        )
    matches = f"e.search_vector @@ websearch_to_tsquery('{CONFIG}', %s)"
    in_title = (
        f"to_tsvector('{CONFIG}', COALESCE(e.title, '')) @@ websearch_to_tsquery('{CONFIG}', %s)"
    )
    conditions = " AND ".join(where)
    sql = (
        f"(SELECT e.id FROM events_event e WHERE {conditions} AND {matches} {by_date} LIMIT %s) "
        f"UNION (SELECT e.id FROM events_event e WHERE {conditions} AND {matches} "
        f"AND {in_title} {by_date} LIMIT %s)"
    )
    text = parsed.text
    return sql, [*params, text, POOL_SIZE, *params, text, text, TITLE_POOL_SIZE]


# One statement: the pool, each pooled event's score (relevance, gently boosted for
# events that play soon, past ones sunk), then the page's ids in order, the total,
# and the facet counts, as rows of (kind, key, label, count, position).
SCORED_SQL = """
WITH pool AS ({pool}),
scored AS MATERIALIZED (
    SELECT e.id, e.category_id, v.city_slug, v.city, e.price_type, e.next_showtime_at,
           {rank} * CASE
               WHEN e.next_showtime_at IS NULL OR e.last_showtime_at < %s THEN 0.3
               ELSE 1 + 0.5 / (1 + greatest(
                   extract(epoch FROM e.next_showtime_at - %s), 0) / 2592000)
           END AS score
    FROM pool
    JOIN events_event e ON e.id = pool.id
    JOIN events_venue v ON v.id = e.venue_id
)
(SELECT 'hit', id::text, NULL, NULL::bigint, position FROM (
    SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM scored) ranked
    WHERE position > %s ORDER BY position LIMIT %s)
UNION ALL SELECT 'count', 'total', NULL, count(*), NULL FROM scored
UNION ALL SELECT 'count', 'a_venir', NULL, count(*) FILTER (WHERE next_showtime_at >= %s), NULL
    FROM scored
UNION ALL SELECT 'count', 'gratuit', NULL, count(*) FILTER (WHERE price_type = %s), NULL
    FROM scored
UNION ALL SELECT 'categorie', category_id::text, NULL, count(*), NULL FROM scored
    GROUP BY category_id
UNION ALL SELECT 'ville', city_slug, min(city), count(*), NULL FROM scored GROUP BY city_slug
UNION ALL {dates}
"""


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
    queryset = base_queryset if filtered else Event.objects.published()
    if not include_past:
        queryset = queryset.upcoming(now)
    if parsed.start is not None:
        queryset = queryset.playing_between(parsed.start, parsed.end)
    if parsed.city_slug:
        queryset = queryset.in_city(parsed.city_slug)
    query = text_query(parsed.text) if has_words(parsed.text) else None
    results = SearchResults(query=parsed, page=page)
    if query is None and parsed.start is None and not parsed.city_slug and not filtered:
        return results

    if filtered:
        pool_sql, pool_params = _pool(queryset, query).query.sql_with_params()
    else:
        pool_sql, pool_params = _pool_sql(parsed, query is not None, include_past, now)
    rank_sql, rank_params = "1", []
    if query is not None:
        rank_sql = f"ts_rank(%s::float4[], e.search_vector, websearch_to_tsquery('{CONFIG}', %s))"
        rank_params = [WEIGHTS, parsed.text]
    order = (
        "next_showtime_at ASC NULLS LAST, id"
        if sort == "date"
        else "score DESC, next_showtime_at ASC NULLS LAST, id"
    )
    presets = [(name, *preset_range(name, now)) for name in DATE_FACETS]
    date_counts = " UNION ALL ".join(
        "SELECT 'quand', %s, NULL, count(*) FILTER "
        "(WHERE next_showtime_at >= %s AND next_showtime_at < %s), NULL FROM scored"
        for _ in presets
    )
    sql = SCORED_SQL.format(pool=pool_sql, rank=rank_sql, order=order, dates=date_counts)
    params = [
        *pool_params,
        *rank_params,
        now,
        now,
        (max(page, 1) - 1) * PAGE_SIZE,
        PAGE_SIZE,
        now,
        Event.PriceType.FREE.value,
        *(value for preset in presets for value in preset),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    counts = {(kind, key): n for kind, key, _, n, _ in rows if kind in {"count", "quand"}}
    results.total = counts.get(("count", "total"), 0)
    # Title hits come on top of a full pool; a pool short of full holds every match.
    results.more_than_total = results.total >= POOL_SIZE
    results.num_pages = max(1, math.ceil(results.total / PAGE_SIZE))
    results.page = max(page, 1)
    if results.page > results.num_pages:
        return results
    page_ids = [
        int(key)
        for kind, key, _, _, _ in sorted(
            (row for row in rows if row[0] == "hit"), key=lambda row: row[4]
        )
    ]
    results.facets = _facets(rows, counts)

    events = Event.objects.filter(id__in=page_ids).for_cards()
    if query is not None:
        events = events.annotate(
            snippet=SearchHeadline(
                "summary",
                query,
                config=CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                highlight_all=True,
            ),
            title_snippet=SearchHeadline(
                "title",
                query,
                config=CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                highlight_all=True,
            ),
        )
    by_id = {event.id: event for event in events}
    results.events = [by_id[i] for i in page_ids if i in by_id]
    for event in results.events:
        event.snippet_html = highlight(getattr(event, "snippet", None))
        event.title_html = highlight(getattr(event, "title_snippet", None)) or escape(event.title)
    return results


def _facets(rows: list[tuple], counts: dict) -> dict[str, list[Facet]]:
    """Facets from the search's own SQL rows: rubriques, cities, next dates, others."""
    names = category_names()
    by_count = lambda facet: (-facet.count, facet.label)  # noqa: E731
    return {
        "categorie": sorted(
            (
                Facet(names[int(key)][0], names[int(key)][1], n)
                for kind, key, _, n, _ in rows
                if kind == "categorie" and int(key) in names
            ),
            key=by_count,
        ),
        "ville": sorted(
            (Facet(key, label, n) for kind, key, label, n, _ in rows if kind == "ville"),
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


def suggest_uncached(raw: str) -> dict[str, list[dict]]:
    """Events, artists, venues and cities for what has been typed so far.

    The last word is completed from the lexicon (prefix, then trigram for a typo),
    then events are matched on their title with a prefix query.
    """
    from .models import Artist

    text = clean(raw)[0][:100]
    key = normalise(text).strip()
    empty = {"evenements": [], "artistes": [], "lieux": [], "villes": []}
    if len(key) < 2 or not has_words(key):
        return empty
    words = [normalise(w) for w in WORD.findall(text)]
    last = words[-1].strip("'") if words else ""
    completions = list(
        SearchTerm.objects.filter(word__startswith=last)
        .order_by("-frequency")
        .values_list("word", flat=True)[:3]
    )
    if not completions and len(last) >= 3:
        completions = list(
            SearchTerm.objects.filter(word__trigram_similar=last)
            .annotate(similarity=TrigramSimilarity("word", last))
            .order_by("-similarity", "-frequency")
            .values_list("word", flat=True)[:3]
        )
    head = [w for w in words[:-1] if w.strip("'")]
    terms = " | ".join(
        " & ".join([*(f"{_lexeme(w)}" for w in head), f"{_lexeme(c)}:*"])
        for c in completions or [last]
    )
    events = (
        (
            Event.objects.published()
            .upcoming()
            .annotate(title_vector=SearchVector("title", config=CONFIG))
            .filter(title_vector=SearchQuery(terms, config=CONFIG, search_type="raw"))
            .select_related("venue")
            .order_by(F("next_showtime_at").asc(nulls_last=True), "id")
            .only("title", "slug", "venue__city", "next_showtime_at")[:SUGGESTION_LIMIT]
        )
        if terms
        else []
    )
    artists = _named_like(Artist.objects.only("name", "slug"), key)
    venues = _named_like(Venue.objects.only("name", "slug", "city"), key)
    cities = [
        (slug, name)
        for slug, name in known_cities()
        if normalise(name).startswith(key) or key in normalise(name)
    ][:SUGGESTION_LIMIT]
    return {
        "evenements": [
            {"label": e.title, "detail": e.venue.city, "url": e.get_absolute_url()} for e in events
        ],
        "artistes": [{"label": a.name, "url": a.get_absolute_url()} for a in artists],
        "lieux": [{"label": v.name, "detail": v.city, "url": v.get_absolute_url()} for v in venues],
        "villes": [{"label": name, "url": f"/villes/{slug}/"} for slug, name in cities],
    }


def _lexeme(word: str) -> str:
    """A word made safe for to_tsquery's raw syntax (letters and digits only)."""
    cleaned = re.sub(r"[^\w]+", "", word)
    return cleaned or "_"


def _named_like(queryset, key: str):
    """Names containing `key` or close to it, accents and case aside (trigram index)."""
    unaccented = Func(Lower("name"), function="billetnet_unaccent")
    return (
        queryset.annotate(key=unaccented)
        .filter(Q(key__contains=key) | Q(key__trigram_similar=key))
        .annotate(similarity=TrigramSimilarity(unaccented, key))
        .order_by("-similarity", "name")[:SUGGESTION_LIMIT]
    )
