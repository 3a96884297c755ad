"""French full-text search over the catalogue.

How a query runs (four queries, whatever the number of matches):

1. The pool: the ids of at most POOL_SIZE matching events in date order (upcoming
   first, past ones after), plus the TITLE_POOL_SIZE first events whose *title*
   matches, so that a title hit is never missed among thousands of mentions in
   descriptions. Both follow an index, so a word matching most of the catalogue
   costs no more than a rare one: ranking every match is what would be slow.
2. The ranks of the pool (`ts_rank`, weights D 0.1 · C 0.2 · B 0.4 · A 1), boosted
   for events that play soon; the facet counts come from the pool too.
3. The page's events, with their highlighted snippets (`ts_headline`), for these
   twenty only.
4. The rubriques' names, for the facets.

When the text finds little, `typo_corrections` looks each word up in the search
lexicon (`SearchTerm`, a few thousand distinct words, trigram index): « molyere »
→ « molière ».
"""

import datetime
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
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
POOL_SIZE = 500
TITLE_POOL_SIZE = 200
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


def _pool(queryset, query: SearchQuery | None) -> list[int]:
    by_date = (F("next_showtime_at").asc(nulls_last=True), "id")
    if query is None:
        return list(queryset.order_by(*by_date).values_list("id", flat=True)[:POOL_SIZE])
    matches = queryset.filter(search_vector=query).order_by(*by_date).values_list("id", flat=True)
    in_title = (
        queryset.annotate(title_vector=SearchVector("title", config=CONFIG))
        .filter(title_vector=query, search_vector=query)
        .order_by(*by_date)
        .values_list("id", flat=True)
    )
    return list(matches[:POOL_SIZE].union(in_title[:TITLE_POOL_SIZE]))


def _score(rank: float, next_at, last_at, now) -> float:
    """Relevance, gently boosted for events that play soon; past events sink."""
    if next_at is None or (last_at is not None and last_at < now):
        return rank * 0.3
    days = max((next_at - now).total_seconds() / 86400, 0)
    return rank * (1 + 0.5 / (1 + days / 30))


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

    pool_ids = _pool(queryset, query)
    results.more_than_total = len(pool_ids) >= POOL_SIZE
    rank = SearchRank(F("search_vector"), query, weights=WEIGHTS) if query else None
    rows = list(
        Event.objects.filter(id__in=pool_ids)
        .annotate(**({"rank": rank} if rank else {}))
        .values(
            "id",
            "category_id",
            "venue__city_slug",
            "venue__city",
            "price_type",
            "next_showtime_at",
            "last_showtime_at",
            *(["rank"] if rank else []),
        )
    )
    if sort == "date":
        rows.sort(
            key=lambda r: (r["next_showtime_at"] is None, r["next_showtime_at"] or now, r["id"])
        )
    else:
        rows.sort(
            key=lambda r: (
                -_score(r.get("rank", 1.0), r["next_showtime_at"], r["last_showtime_at"], now),
                r["next_showtime_at"] or now,
                r["id"],
            )
        )
    results.total = len(rows)
    results.num_pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    results.page = min(max(page, 1), results.num_pages)
    page_ids = [r["id"] for r in rows[(results.page - 1) * PAGE_SIZE : results.page * PAGE_SIZE]]

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
    results.facets = _facets(rows, now)
    return results


def _facets(rows: list[dict], now) -> dict[str, list[Facet]]:
    """Counts per rubrique, city and date among the pool's events."""
    categories: dict[int, int] = {}
    cities: dict[str, list] = {}
    free = upcoming = 0
    for row in rows:
        categories[row["category_id"]] = categories.get(row["category_id"], 0) + 1
        city = cities.setdefault(row["venue__city_slug"], [row["venue__city"], 0])
        city[1] += 1
        free += row["price_type"] == Event.PriceType.FREE
        upcoming += row["next_showtime_at"] is not None
    names = {
        pk: (slug, name)
        for pk, slug, name in Category.objects.filter(id__in=categories).values_list(
            "id", "slug", "name"
        )
    }
    dates = dict.fromkeys(DATE_FACETS, 0)
    ranges = {preset: preset_range(preset, now) for preset in DATE_FACETS}
    for row in rows:
        for preset, (start, end) in ranges.items():
            if row["next_showtime_at"] and start <= row["next_showtime_at"] < end:
                dates[preset] += 1
    return {
        "categorie": sorted(
            (Facet(names[i][0], names[i][1], n) for i, n in categories.items() if i in names),
            key=lambda f: (-f.count, f.label),
        ),
        "quand": [Facet(preset, PRESETS[preset], n) for preset, n in dates.items() if n],
        "ville": sorted(
            (Facet(slug, name, n) for slug, (name, n) in cities.items()),
            key=lambda f: (-f.count, f.label),
        )[:15],
        "autres": [Facet("a_venir", "À venir", upcoming), Facet("gratuit", "Gratuit", free)],
    }


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
            corrected = re.sub(rf"(?<!\w){re.escape(original)}(?!\w)", nearest[key][1], corrected)
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


def suggest(raw: str) -> dict[str, list[dict]]:
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
