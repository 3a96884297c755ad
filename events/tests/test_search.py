"""The search page, its bad inputs, its query count, the index triggers, autocomplete."""

import datetime
import itertools

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from events import search
from events.models import Event, SearchHorizon, Showtime
from events.search import search_text, suggest, typo_corrections
from events.search_parser import MAX_QUERY_LENGTH, MONTH_NAMES, parse
from events.search_sql import SOON_TIERS
from events.services import (
    event_showtime_bounds_refresh,
    search_horizon_refresh,
    search_lexicon_refresh,
)
from events.tests.factories import ArtistFactory, EventFactory, VenueFactory, at, credit
from events.tests.search_fixtures import build_catalogue, day_at, fixed_now

pytestmark = pytest.mark.django_db
URL = reverse("events:search")


def vector_of(event) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM events_event WHERE id = %s", [event.pk])
        return cursor.fetchone()[0]


# --- The index, kept up to date by the database ---------------------------------------------


def test_vector_weights_title_names_keywords_text():
    venue = VenueFactory(name="Théâtre des Célestins", city="Lyon")
    event = EventFactory(title="Cyrano", venue=venue, summary="Un panache inoubliable.")
    credit(event, ArtistFactory(name="Edmond Rostand"))
    event.tags.add("alexandrins")
    vector = vector_of(event)
    assert "'cyrano':1A" in vector
    assert "'rostand':" in vector and "B" in vector.split("'rostand':")[1].split(" ")[0]
    assert "'celestin'" in vector
    assert "'alexandrin':" in vector and "C" in vector.split("'alexandrin':")[1].split(" ")[0]
    assert "'panach':" in vector and "D" not in vector.split("'cyrano':")[1].split(" ")[0]


def test_renaming_an_artist_venue_or_tag_refreshes_their_events():
    event = EventFactory(title="Cyrano")
    artist = ArtistFactory(name="Edmond Rostand")
    credit(event, artist)
    artist.name = "Edmond Eugène Rostand"
    artist.save()
    assert "'eugen'" in vector_of(event)
    event.venue.name = "Salle Mistral"
    event.venue.save()
    assert "'mistral'" in vector_of(event)
    event.tags.add("panache")
    Tag.objects.filter(name="panache").update(name="bravoure")
    assert "'bravour'" in vector_of(event)
    event.credits.all().delete()
    assert "'rostand'" not in vector_of(event)


def play_days_of(event) -> list[datetime.date]:
    return Event.objects.values_list("play_days", flat=True).get(pk=event.pk) or []


def test_title_vector_follows_the_title():
    event = EventFactory(title="Cyrano")
    Event.objects.filter(pk=event.pk).update(title="Les Fourberies de Scapin")
    title_vector = Event.objects.values_list("title_vector", flat=True).get(pk=event.pk)
    assert "'scapin':" in title_vector and "cyrano" not in title_vector


def test_play_days_follow_the_showtimes():
    """Paris days of the showtimes that are not cancelled, whatever writes them."""
    late = at(3, 23, 30)  # 22:30 UTC in winter, 21:30 in summer: still that day in Paris
    event = EventFactory(showtimes=[at(2), late])
    assert play_days_of(event) == [at(2).date(), late.date()]
    event.showtimes.filter(starts_at=late).update(status=Showtime.Status.CANCELLED)
    assert play_days_of(event) == [at(2).date()]
    event.showtimes.filter(starts_at=at(2)).update(starts_at=at(5))
    assert play_days_of(event) == [at(5).date()]
    stale = Event.objects.get(pk=event.pk)
    Showtime.objects.create(event=event, starts_at=at(6))
    stale.title = "Nouveau titre"
    stale.save()  # sends back the play days it loaded: the database keeps its own
    assert play_days_of(event) == [at(5).date(), at(6).date()]
    event.showtimes.all().delete()
    assert play_days_of(event) == []


def test_dates_and_facets_together(client):
    """The page's filters (ORM pool) and a date in the query (play days) combine."""
    day = at(10).date()
    EventFactory(title="Jazz du jour", showtimes=[at(10, 21)])
    EventFactory(title="Jazz du lendemain", showtimes=[at(11, 21)])
    query = f"jazz {day.day} {MONTH_NAMES[day.month - 1]}"
    response = client.get(URL, {"q": query, "a_venir": "on"})
    assert [e.title for e in response.context["results"].events] == ["Jazz du jour"]


def test_a_week_end_finds_the_events_that_play_then_whatever_their_next_showtime():
    """« ce week-end » looks among the events whose next showtime comes before it ends:
    one that plays on Thursday and Saturday is found, as is one that plays on Saturday
    only; those that play only on Thursday or only on Monday are not."""
    now = fixed_now()  # a Wednesday: the week-end starts on Friday at 18:00
    EventFactory(title="Cirque du jeudi et du samedi", showtimes=[day_at(now, 1), day_at(now, 3)])
    EventFactory(title="Cirque du samedi", showtimes=[day_at(now, 3)])
    EventFactory(title="Cirque du jeudi", showtimes=[day_at(now, 1)])
    EventFactory(title="Cirque du lundi", showtimes=[day_at(now, 5)])
    results = search_text("cirque ce week-end", now=now)
    assert sorted(e.title for e in results.events) == [
        "Cirque du jeudi et du samedi",
        "Cirque du samedi",
    ]


def test_a_date_range_to_come_bounds_the_next_showtimes_read(monkeypatch):
    """With a selective word (any word, in a catalogue this small), « cette semaine »
    reads the events whose next showtime comes before its end, through the date index.
    It starts « now », and the parser and the search take the same one: the clock moves
    between two readings of it, and the range must still be to come for the search."""
    wednesday, ticks = fixed_now(), itertools.count()
    monkeypatch.setattr(
        timezone, "now", lambda: wednesday + datetime.timedelta(microseconds=next(ticks))
    )
    with CaptureQueriesContext(connection) as queries:
        search_text("cirque cette semaine")
    assert any("e.next_showtime_at < " in query["sql"] for query in queries)


# --- The parser ---------------------------------------------------------------------------


CITIES = [("lyon", "Lyon"), ("saint-etienne", "Saint-Étienne"), ("paris", "Paris")]


@pytest.mark.parametrize(
    ("query", "text", "city", "date_label"),
    [
        ("jazz lyon samedi", "jazz", "lyon", "samedi"),
        ("théâtre à Saint-Étienne", "théâtre", "saint-etienne", ""),
        ("concert ce soir", "concert", "", "Ce soir"),
        ("humour demain à paris", "humour", "paris", "Demain"),
        ('"ce soir" paris', '"ce soir"', "paris", ""),
        ("cirque -paris", "cirque -paris", "", ""),
        ("expo en mars", "expo", "", "en mars"),
    ],
)
def test_parser_reads_dates_and_places(query, text, city, date_label):
    parsed = parse(query, cities=CITIES, now=fixed_now())
    assert parsed.text == text
    assert parsed.city_slug == city
    assert parsed.date_label.startswith(date_label)


def test_parser_cleans_and_cuts():
    parsed = parse("a\x00b\x1fc " + "x" * 10_000, cities=CITIES)
    assert "\x00" not in parsed.raw
    assert len(parsed.raw) <= MAX_QUERY_LENGTH
    assert parsed.was_cut


def test_saturday_means_next_saturday():
    now = fixed_now()  # a Wednesday
    parsed = parse("samedi", cities=CITIES, now=now)
    assert parsed.start.date() == (now + datetime.timedelta(days=3)).date()


# --- The page ------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    now = fixed_now()
    build_catalogue(now)
    return now


def test_results_page_highlights_and_counts(client, catalogue):
    response = client.get(URL, {"q": "moliere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "résultats" in html
    assert "<mark>" in html
    assert "Rubrique" in html


def test_typo_page_says_what_it_searched(client, catalogue):
    html = client.get(URL, {"q": "molyere"}).content.decode()
    assert "Aucun résultat pour «&nbsp;molyere&nbsp;»" in html
    assert "molière" in html


def test_chips_can_be_removed(client, catalogue):
    html = client.get(URL, {"q": "jazz lyon samedi"}).content.decode()
    assert "à Lyon" in html
    assert "?q=jazz+samedi" in html
    assert "?q=jazz+lyon" in html


def test_facets_narrow_the_results(client, catalogue):
    response = client.get(URL, {"q": "jazz", "ville": "paris"})
    assert [e.title for e in response.context["results"].events] == ["Nuit du jazz"]


def test_sort_by_date(client, catalogue):
    response = client.get(URL, {"q": "moliere", "tri": "date"})
    titles = [e.title for e in response.context["results"].events]
    assert titles[:3] == ["L'Avare", "Le Malade imaginaire", "Tartuffe"]


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "x" * 10_000,
        "!!! ??? ...",
        "'; DROP TABLE events_event; --",
        '"guillemets pas fermés',
        "a\x00b\x01c\x7f",
        "😀🎭🎶",
        "-",
        "or or or",
        "& | ! ( ) : *",
        "le la les de du",
    ],
)
def test_bad_input_never_fails(client, catalogue, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert client.get(reverse("events:suggest"), {"q": q}).status_code == 200


def test_overlong_query_is_cut_and_said(client, catalogue):
    html = client.get(URL, {"q": "théâtre " * 2000}).content.decode()
    assert "200 premiers caractères" in html


def test_bad_filters_get_a_400(client, catalogue):
    assert client.get(URL, {"q": "jazz", "prix_max": "abc"}).status_code == 400


def test_page_out_of_range_is_a_404(client, catalogue):
    assert client.get(URL, {"q": "moliere", "page": "99"}).status_code == 404


def test_search_page_query_count_is_fixed(client, django_assert_max_num_queries):
    """One statement for the pool, ranks, facets and the page's results with their
    snippets, rubrique and venue; rubrique names (+ the cities list and the header's
    rubriques on a cold cache): the same whatever the number of matches."""
    for n in range(60):
        EventFactory(title=f"Soirée jazz numéro {n}", showtimes=[at(n % 20 + 1)])
    search_lexicon_refresh()
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": "jazz"})
    assert response.context["results"].total == 60


def test_results_are_read_with_the_search_as_the_database_holds_them(catalogue):
    """The page's results come from the search's own statement (`search.RESULT_FIELDS`):
    each field, and their rubrique's and venue's, as a plain query reads them, and
    nothing else (a field left out would cost one query per result)."""
    results = search_text("moliere", now=catalogue)
    assert len(results.events) >= 3
    fresh = {
        event.pk: event
        for event in Event.objects.filter(pk__in=[e.pk for e in results.events]).select_related(
            "category", "venue"
        )
    }
    for event in results.events:
        for instance, names in (
            (event, search.RESULT_FIELDS[0][2]),
            (event.category, search.RESULT_FIELDS[1][2]),
            (event.venue, search.RESULT_FIELDS[2][2]),
        ):
            assert set(instance.get_deferred_fields()).isdisjoint(names)
            expected = fresh[event.pk]
            if instance is not event:
                expected = getattr(expected, instance._meta.model_name)
            assert [getattr(instance, name) for name in names] == [
                getattr(expected, name) for name in names
            ]


def test_search_page_query_count_with_few_results(client, django_assert_max_num_queries):
    """With fewer than three results, one lookup in the lexicon for a correction."""
    EventFactory(title="Soirée jazz")
    search_lexicon_refresh()
    with django_assert_max_num_queries(6):
        client.get(URL, {"q": "jazz"})


# --- Typos and autocomplete ---------------------------------------------------------------


def test_typo_corrections_use_the_lexicon(catalogue):
    assert typo_corrections("molyere") == "molière"
    assert typo_corrections("shakspeare") == "shakespeare"
    assert typo_corrections("moliere") == ""


def test_autocomplete_suggests_each_kind(client, catalogue):
    data = client.get(reverse("events:suggest"), {"q": "hamle"}).json()
    assert [s["label"] for s in data["evenements"]] == ["Hamlet"]
    data = client.get(reverse("events:suggest"), {"q": "shakesp"}).json()
    assert data["artistes"][0]["label"] == "William Shakespeare"
    data = client.get(reverse("events:suggest"), {"q": "celest"}).json()
    assert data["lieux"][0]["label"] == "Théâtre des Célestins"
    data = client.get(reverse("events:suggest"), {"q": "bord"}).json()
    assert data["villes"][0]["label"] == "Bordeaux"


def test_autocomplete_tolerates_typos(catalogue):
    assert suggest("pinochio")["evenements"][0]["label"] == "Pinocchio"
    assert suggest("shakspeare")["artistes"][0]["label"] == "William Shakespeare"


def test_autocomplete_is_capped_at_ten(catalogue):
    for n in range(15):
        EventFactory(title=f"Hamlet {n}")
    search_lexicon_refresh()
    assert len(suggest("hamlet")["evenements"]) == 10


# --- Arbitrary input ------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=st.text(max_size=300))
def test_any_string_gives_a_page_never_a_500(client, q):
    assert client.get(URL, {"q": q}).status_code in (200, 400)
    assert client.get(reverse("events:suggest"), {"q": q}).status_code == 200


def test_published_only(client, catalogue):
    Event.objects.filter(title="Hamlet").update(status=Event.Status.DRAFT)
    titles = [e.title for e in search_text("hamlet", now=catalogue).events]
    assert "Hamlet" not in titles


@pytest.mark.parametrize("q", ["𐩁 juin", "٣ mars", "² décembre"])
def test_non_ascii_digits_in_dates(client, q):
    assert client.get(URL, {"q": q}).status_code == 200


@pytest.mark.parametrize("tier_one", [4, 12])
def test_autocomplete_suggests_the_soonest_events_whatever_the_tiers(tier_one):
    """The ten soonest events whose title matches, looked for among the soonest events
    (tier 1) first: when that tier holds ten of them (12 events in it) and when it holds
    fewer (4), in date order either way."""
    for n in range(14):
        EventFactory(title=f"Festival d'hiver {n}", showtimes=[at(n + 1)])
    EventFactory(title="Concert de demain", showtimes=[at(1, 18)])
    search_horizon_refresh((tier_one, 20, 30))
    labels = [s["label"] for s in search.suggest_uncached("festi")["evenements"]]
    assert labels == [f"Festival d'hiver {n}" for n in range(10)]


def test_autocomplete_looks_among_the_soonest_by_their_horizon_not_their_rank_alone():
    """An event ranked in tier 1 while a refresh moved its horizon may lie past it (see
    events/search_sql.py): the look checks the horizon itself, so such an event cannot
    take the place of a sooner one outside the tier."""
    festivals = [
        EventFactory(title=f"Festival d'hiver {n}", showtimes=[at(n + 1)]) for n in range(14)
    ]
    EventFactory(title="Concert de demain", showtimes=[at(1, 18)])
    search_horizon_refresh((11, 20, 30))  # tier 1: the concert and festivals 0 to 8
    horizon = SearchHorizon.objects.values_list("until", flat=True).get(tier=1)
    SearchHorizon.objects.filter(tier=1).update(until=at(30))
    Event.objects.filter(pk=festivals[13].pk).update(soon_rank=None)  # ranked 1 again
    SearchHorizon.objects.filter(tier=1).update(until=horizon)
    assert set(Event.objects.filter(soon_rank=1).values_list("title", flat=True)) == {
        "Concert de demain",
        *(f"Festival d'hiver {n}" for n in (*range(9), 13)),
    }
    labels = [s["label"] for s in search.suggest_uncached("festi")["evenements"]]
    assert labels == [f"Festival d'hiver {n}" for n in range(10)]


def test_autocomplete_answers_are_remembered_per_prefix(catalogue, django_assert_num_queries):
    first = suggest("hamle")
    with django_assert_num_queries(0):
        assert suggest("hamle") == first


# --- The pool's date windows ----------------------------------------------------------------


def _tier_for(monkeypatch, catalogue: int, share: float) -> int | None:
    """The tier of events that play soon (`SOON_TIERS`: the soonest 25,000, 50,000,
    then 200,000) where a word in `share` of `catalogue` events looks first."""
    windows = [
        search.DateWindow(tier, min(size, catalogue), at(7 * tier))
        for tier, size in enumerate(SOON_TIERS, start=1)
    ]
    statistics = search.SearchStatistics(catalogue, windows, {"mot": share})
    monkeypatch.setattr(search, "search_statistics", lambda: statistics)
    window = search.date_window("mot", search.POOL_SIZE)
    return window and window.tier


def test_date_windows_are_for_words_of_a_few_per_cent(monkeypatch):
    """Out of a million events: « moliere » (1.9 %) looks among the soonest 25,000 first,
    « shakespeare » (0.8 %) among the soonest 50,000, « pinocchio » (0.34 %) among the
    soonest 200,000; a rarer word reads every match, a common one follows the date
    index. Out of 100,000, the tiers must spare 500 events: a word in 1 % of them at
    least. A catalogue of 25,000 is one tier: no window."""
    assert _tier_for(monkeypatch, 1_000_000, 0.019) == 1
    assert _tier_for(monkeypatch, 1_000_000, 0.008) == 2
    assert _tier_for(monkeypatch, 1_000_000, 0.0034) == 3
    assert _tier_for(monkeypatch, 1_000_000, 0.0015) is None
    assert _tier_for(monkeypatch, 1_000_000, 0.09) == 1
    assert _tier_for(monkeypatch, 1_000_000, 0.12) is None
    assert _tier_for(monkeypatch, 100_000, 0.019) == 1
    assert _tier_for(monkeypatch, 100_000, 0.012) == 2
    assert _tier_for(monkeypatch, 100_000, 0.008) is None
    assert _tier_for(monkeypatch, 50_000, 0.05) == 1
    assert _tier_for(monkeypatch, 25_000, 0.05) is None


def test_the_rarest_word_chooses_the_window(monkeypatch):
    window = search.DateWindow(1, 25_000, at(3))
    statistics = search.SearchStatistics(1_000_000, [window], {"molier": 0.019, "theatr": 0.6})
    monkeypatch.setattr(search, "search_statistics", lambda: statistics)
    assert search.date_window("Molière", search.POOL_SIZE) == window
    assert search.date_window("théâtre molière", search.POOL_SIZE) == window
    assert search.date_window("théâtre", search.POOL_SIZE) is None
    assert search.date_window("molière xylophone", search.POOL_SIZE) is None
    assert search.date_window("molière or théâtre", search.POOL_SIZE) is None


@pytest.mark.parametrize(
    "text", ["cirque -nantes", "-nantes cirque", "cirque (-nantes)", '"cirque"-nantes', "a !-b"]
)
def test_a_hyphen_before_a_word_excludes_it(text):
    """As `websearch_to_tsquery()` reads it: not inside a word."""
    assert search.excludes_words(text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery('french_unaccent', %s)::text", [text])
        assert "!" in cursor.fetchone()[0]


def test_a_hyphen_inside_a_word_does_not():
    assert not search.excludes_words("saint-étienne")
    assert not search.excludes_words("théâtre")


def test_title_hits_are_checked_on_the_whole_text_only_when_a_word_is_excluded():
    """3 µs a title hit read: « théâtre » at 1M events reads 10,730 of them."""
    assert "ts_match_vq" not in search.title_hits_sql("théâtre", "q")
    assert "ts_match_vq" in search.title_hits_sql("théâtre -nantes", "q")


def test_an_excluded_word_in_a_title_hit_gives_way_to_the_next_one(monkeypatch):
    """Every way of reading the pool keeps the first title hits that match the whole
    text: « Cirque Alpha », whose summary names Nantes, gives way to « Cirque Gamma »."""
    EventFactory(title="Cirque Alpha", summary="Sous chapiteau à Nantes", showtimes=[at(1)])
    EventFactory(title="Spectacle Beta", summary="Un cirque de poche", showtimes=[at(2)])
    EventFactory(title="Cirque Gamma", summary="Sous chapiteau", showtimes=[at(3)])
    monkeypatch.setattr(search, "POOL_SIZE", 1)
    monkeypatch.setattr(search, "TITLE_POOL_SIZE", 1)
    shown = {}
    for every in (True, False):
        monkeypatch.setattr(search, "fetches_every_match", lambda text, every=every: every)
        results = search_text("cirque -nantes")
        shown[every] = sorted(event.title for event in results.events)
    filtered = search_text("cirque -nantes", base_queryset=Event.objects.published())
    shown["filtered"] = sorted(event.title for event in filtered.events)
    assert shown[True] == shown[False] == shown["filtered"] == ["Cirque Gamma", "Spectacle Beta"]


def test_search_vectors_stay_in_their_rows():
    """Ranking reads every pooled event's vector: it stays in the row (storage MAIN,
    migration 0014) where a long description would have sent it to the TOAST table
    (1.4 ms instead of 0.4 for a pool of 300, docs/performance.md)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'events_event'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_small_catalogues_have_no_date_window(django_assert_max_num_queries):
    """Every event plays soon in a small catalogue: no window, and no question about
    words."""
    EventFactory(title="Soirée jazz", showtimes=[at(2)])
    assert [window.events for window in search.search_statistics().windows] == [1, 1, 1]
    with django_assert_max_num_queries(0):
        assert search.date_window("jazz", search.POOL_SIZE) is None


def test_the_events_that_play_soon_follow_the_horizon():
    """`search_horizon_refresh((n, m))` ranks 1 the events before the n-th soonest next
    showtime, 2 those before the m-th; an event written later is ranked against those
    horizons by its trigger, and a horizon moved back ranks again the events it leaves."""
    events = [EventFactory(title=f"Concert {n}", showtimes=[at(n + 1)]) for n in range(5)]

    def ranks() -> dict:
        return dict(Event.objects.filter(soon_rank__isnull=False).values_list("title", "soon_rank"))

    search_horizon_refresh((2, 4))
    assert ranks() == {"Concert 0": 1, "Concert 1": 2, "Concert 2": 2}
    late = events[4]
    Showtime.objects.filter(event=late).update(starts_at=at(0.5))
    event_showtime_bounds_refresh(event=late)
    assert ranks() == {"Concert 0": 1, "Concert 1": 2, "Concert 2": 2, "Concert 4": 1}
    assert search_horizon_refresh((2, 3)) == 3
    assert ranks() == {"Concert 4": 1, "Concert 0": 2}
    assert search_horizon_refresh((1,)) == 2
    assert ranks() == {}
    assert search_horizon_refresh((10, 20)) == 5
    assert ranks() == {f"Concert {n}": 1 for n in range(5)}


def test_statistics_list_the_common_words():
    """The share of each common lexeme, from ANALYZE's statistics on the search vectors."""
    for n in range(30):
        EventFactory(title=f"Soirée jazz {n}" if n % 3 else f"Récital {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
    assert search.query_terms("Soirées JAZZ").lexemes == ("jazz", "soire")
    assert search.search_statistics().shares["jazz"] == pytest.approx(2 / 3, abs=0.01)


def test_lexemes_are_remembered(django_assert_num_queries):
    assert search.query_terms("Théâtres").lexemes == ("theatr",)
    with django_assert_num_queries(0):
        assert search.query_terms("Théâtres").lexemes == ("theatr",)


def _reads_every_match(monkeypatch, catalogue: int, shares: dict, text: str) -> bool:
    statistics = search.SearchStatistics(catalogue, [], shares)
    monkeypatch.setattr(search, "search_statistics", lambda: statistics)
    return search.fetches_every_match(text)


def test_rare_words_read_every_match(monkeypatch):
    """Reading every match pays up to √(POOL_SIZE · catalogue) of them: 5,477 at 100k
    events, 17,320 at a million. A word ANALYZE does not list is rarer than those it
    does; without statistics at all, the planner chooses."""
    shares = {"molier": 0.019, "theatr": 0.6, "concert": 0.054, "jazz": 0.056}
    assert _reads_every_match(monkeypatch, 100_000, shares, "molière")
    assert _reads_every_match(monkeypatch, 100_000, shares, "concert")
    assert not _reads_every_match(monkeypatch, 100_000, shares, "jazz")
    assert not _reads_every_match(monkeypatch, 100_000, shares, "théâtre")
    assert _reads_every_match(monkeypatch, 1_000_000, shares, "xylophone")
    assert _reads_every_match(monkeypatch, 1_000_000, shares, "théâtre xylophone")
    assert not _reads_every_match(monkeypatch, 1_000_000, {}, "xylophone")


def test_excluded_words_and_alternatives_leave_the_choice_to_the_planner(monkeypatch):
    """« théâtre -molière » matches most of the catalogue although « molière » is rare;
    « molière or théâtre » too."""
    shares = {"molier": 0.019, "theatr": 0.6}
    assert not _reads_every_match(monkeypatch, 100_000, shares, "théâtre -molière")
    assert not _reads_every_match(monkeypatch, 100_000, shares, "molière or théâtre")
    assert not _reads_every_match(monkeypatch, 100_000, shares, "-molière")
    assert _reads_every_match(monkeypatch, 100_000, shares, "molière -théâtre")


def test_query_terms_are_what_a_match_must_hold():
    assert search.query_terms("Théâtre -Molière") == search.QueryTerms(("theatr",), False)
    assert search.query_terms("hamlet or tartuffe") == search.QueryTerms(
        ("hamlet", "tartuff"), True
    )
    assert search.query_terms('"lac des cygnes"') == search.QueryTerms(("cygn", "lac"), False)
    assert search.query_terms("-tartuffe") == search.QueryTerms((), False)


def test_small_catalogues_read_every_match_without_asking(django_assert_max_num_queries):
    EventFactory(title="Soirée jazz", showtimes=[at(2)])
    search.search_statistics()
    with django_assert_max_num_queries(0):
        assert search.fetches_every_match("jazz or -blues")


def _prepared_statements(pattern: str) -> tuple[int, int]:
    """The generic plans run and the number of statements prepared on this connection
    whose text is LIKE `pattern`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), count(*) FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            [pattern],
        )
        return cursor.fetchone()


def test_a_rare_word_runs_a_prepared_statement_with_one_plan(catalogue, monkeypatch):
    """Parsed and planned once per connection: after five runs PostgreSQL keeps the
    generic plan, which it plans as for any rare word, without knowing the text."""
    statistics = search.SearchStatistics(100_000, [], {"theatr": 0.6})
    monkeypatch.setattr(search, "search_statistics", lambda: statistics)
    for _ in range(7):
        results = search_text("hamlet", now=catalogue)
    assert [event.title for event in results.events][:1] == ["Hamlet"]
    generic_plans, statements = _prepared_statements("%matches AS MATERIALIZED%")
    assert statements == 1
    assert generic_plans >= 1


def test_without_prepared_statements_the_same_results(catalogue, monkeypatch):
    """`DJANGO_DB_PREPARED_STATEMENTS=false` (PgBouncer in transaction mode): the same
    statement, sent the usual way."""
    expected = [event.id for event in search_text("moliere", now=catalogue).events]
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    assert [event.id for event in search_text("moliere", now=catalogue).events] == expected


@pytest.fixture
def jazz_in_a_window(monkeypatch):
    """Sixty jazz events, the statistics saying that « jazz » looks among the soonest
    ten first."""
    for n in range(60):
        EventFactory(title=f"Soirée jazz numéro {n}", showtimes=[at(n % 20 + 1)])
    search_lexicon_refresh()
    window = search.DateWindow(1, 10, at(5))
    statistics = search.SearchStatistics(60, [window], {"jazz": 1.0})
    monkeypatch.setattr(search, "search_statistics", lambda: statistics)
    monkeypatch.setattr(search, "WINDOW_MARGIN", 0.01)
    monkeypatch.setattr(search, "WINDOW_SAVING", 0)


def test_search_page_query_count_with_a_date_window(
    client, jazz_in_a_window, django_assert_max_num_queries
):
    """In a catalogue large enough for date windows, a text not seen before asks for its
    lexemes: one query more than in a small one (the statistics are kept a few minutes)."""
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": "jazz"})
    assert response.context["results"].total == 60
    assert _prepared_statements("%soon AS MATERIALIZED%")[1] == 1


def test_a_city_looks_among_the_events_that_play_soon_unprepared(
    client, jazz_in_a_window, django_assert_max_num_queries
):
    """With a city, the planner plans each statement: the city's venues change the plan."""
    city = Event.objects.first().venue.city
    with django_assert_max_num_queries(6) as captured:
        response = client.get(URL, {"q": f"jazz {city}"})
    assert response.context["results"].query.city_slug
    assert any("WITH look" in (query["sql"] or "") for query in captured.captured_queries)


def test_autocomplete_matches_wildcards_literally(catalogue):
    from events.search import _like_escape

    assert _like_escape("100%_\\") == "100\\%\\_\\\\"
    # « % » and « _ » are not wildcards: no venue, artist or word contains them.
    assert suggest("_%")["lieux"] == suggest("_%")["artistes"] == []


def test_autocomplete_is_two_statements(catalogue, django_assert_num_queries):
    from events.search import suggest_uncached

    suggest_uncached("ham")  # the cities, kept with the catalogue version once read
    with django_assert_num_queries(2):
        answer = suggest_uncached("shakesp")
    assert answer["artistes"][0] == {
        "label": "William Shakespeare",
        "url": reverse("events:artist", args=["shakespeare"]),
    }


def _elsewhere():
    """A connection of its own to the test database."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"], host=settings["HOST"], port=settings["PORT"], user=settings["USER"]
    )


@pytest.mark.django_db(transaction=True)
def test_an_event_written_while_the_horizon_moves_is_put_right_by_the_next_refresh():
    """A refresh moves the first horizon from the 2nd to the 4th soonest next showtime;
    before it commits, another connection moves an event between the two and commits.
    The event's trigger read the old horizon, and the refresh did not see the event: it
    is out of the first tier. The next refresh, the horizon unmoved, looks again at the
    stretch the last one moved across, and ranks it. Neither waited for the other."""
    events = [EventFactory(title=f"Concert {n}", showtimes=[at(n + 1)]) for n in range(5)]
    search_horizon_refresh((2, 10))
    moved = events[4]
    with _elsewhere() as refresher, _elsewhere() as writer:
        refresher.execute("SELECT events_search_horizon_refresh(ARRAY[4, 10])")
        writer.execute(
            "UPDATE events_event SET next_showtime_at = %s WHERE id = %s", [at(2.5), moved.pk]
        )
        writer.commit()
        refresher.commit()
    moved.refresh_from_db()
    assert moved.soon_rank != 1
    search_horizon_refresh((4, 10))
    moved.refresh_from_db()
    assert moved.soon_rank == 1
