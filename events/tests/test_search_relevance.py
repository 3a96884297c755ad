"""What people type, and what they must find first, on a fixed catalogue.

Each case: the query, the titles that must make up the top of the results (in
any order), and titles that must not appear at all. Dates are relative to a
fixed Wednesday noon, passed to the search as `now`.
"""

import pytest

from events import search
from events.search import search_text
from events.search_parser import MONTH_NAMES
from events.services import search_horizon_refresh
from events.tests.search_fixtures import (
    FESTIVAL_MONTHS_AHEAD,
    GALA_MONTHS_AHEAD,
    build_catalogue,
    fixed_now,
    months_ahead,
)

GALA_MONTH = MONTH_NAMES[months_ahead(fixed_now(), GALA_MONTHS_AHEAD)[1] - 1]
FESTIVAL_MONTH = MONTH_NAMES[months_ahead(fixed_now(), FESTIVAL_MONTHS_AHEAD)[1] - 1]

MOLIERE_UPCOMING = {"Le Malade imaginaire", "L'Avare", "Tartuffe"}
SHAKESPEARE = {"Hamlet", "Roméo et Juliette", "Le Songe d'une nuit d'été"}
JAZZ = {"Soirée jazz au Hot Club", "Jazz manouche", "Nuit du jazz"}

CASES = [
    # Accents and case
    ("moliere", MOLIERE_UPCOMING, set()),
    ("Molière", MOLIERE_UPCOMING, set()),
    ("MOLIÈRE", MOLIERE_UPCOMING, set()),
    ("celestins", {"Jazz manouche", "Les Zygomatiques"}, set()),
    ("Célestins", {"Jazz manouche", "Les Zygomatiques"}, set()),
    # Typos
    ("molyere", MOLIERE_UPCOMING, set()),
    ("shakspeare", SHAKESPEARE, set()),
    ("tartufe", {"Tartuffe"}, set()),
    ("pinochio", {"Pinocchio"}, set()),
    # Titles, words, phrases, syntax
    ("hamlet", {"Hamlet"}, set()),
    ("le malade imaginaire", {"Le Malade imaginaire"}, set()),
    ("imaginaire", {"Le Malade imaginaire"}, set()),
    ('"lac des cygnes"', {"Le Lac des cygnes"}, set()),
    ("hamlet or tartuffe", {"Hamlet", "Tartuffe"}, set()),
    ("cirque -nantes", {"Cirque d'hiver"}, {"Cirque Plume"}),
    # Artists, venues, advertisers
    ("shakespeare", SHAKESPEARE, set()),
    ("mozart", {"La Flûte enchantée"}, set()),
    ("tchaikovski", {"Le Lac des cygnes"}, set()),
    ("rond-point", {"L'Avare", "Hamlet"}, set()),
    ("opera bordeaux", {"La Flûte enchantée"}, set()),
    # Plural and singular
    ("enfants", {"Pinocchio", "Contes du grenier"}, set()),
    ("enfant", {"Pinocchio", "Contes du grenier"}, set()),
    ("cygne", {"Le Lac des cygnes"}, set()),
    ("concerts", {"Concert symphonique"}, set()),
    # Categories and tags
    ("jazz", JAZZ, set()),
    ("humour", {"Les Zygomatiques"}, set()),
    # Dates and places
    ("jazz lyon samedi", {"Soirée jazz au Hot Club"}, {"Nuit du jazz", "Jazz manouche"}),
    ("concert jazz lyon samedi", {"Soirée jazz au Hot Club"}, {"Nuit du jazz"}),
    ("spectacle enfant ce week-end", {"Pinocchio", "Contes du grenier"}, set()),
    (f"avignon {FESTIVAL_MONTH}", {"Roméo et Juliette", "Cyrano de Bergerac"}, {"Hamlet"}),
    (f"22 {GALA_MONTH}", {"Concert de gala"}, {"Le Lac des cygnes"}),
    (f"en {GALA_MONTH}", {"Concert de gala", "Le Lac des cygnes"}, {"Hamlet"}),
    ("danse à Paris", {"Le Lac des cygnes"}, set()),
    ("ce soir", {"Les Zygomatiques"}, {"Concert symphonique"}),
    ("demain", {"Concert symphonique"}, set()),
    ("théâtre saint-étienne", {"Tartuffe"}, set()),
    ("saint etienne", {"Tartuffe"}, set()),
    ("bordeaux", {"La Flûte enchantée", "Concert de gala", "Le Songe d'une nuit d'été"}, set()),
    # Past events stay findable, below upcoming ones
    ("scapin", {"Les Fourberies de Scapin"}, set()),
]


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        now = fixed_now()
        atomic = transaction.atomic()
        atomic.__enter__()
        build_catalogue(now)
        yield now
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize(("query", "expected", "excluded"), CASES, ids=[c[0] for c in CASES])
def test_relevance(catalogue, db, query, expected, excluded):
    results = search_text(query, now=catalogue)
    titles = [event.title for event in results.events]
    assert set(titles[: len(expected)]) == expected, titles
    assert not excluded & set(titles), titles


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_past_events_rank_below_upcoming_ones(catalogue, db):
    titles = [e.title for e in search_text("moliere", now=catalogue).events]
    assert titles[-1] == "Les Fourberies de Scapin"


def test_past_events_can_be_excluded(catalogue, db):
    titles = [e.title for e in search_text("moliere", now=catalogue, include_past=False).events]
    assert "Les Fourberies de Scapin" not in titles


def test_a_typo_that_finds_nothing_is_corrected_and_said(catalogue, db):
    results = search_text("molyere", now=catalogue)
    assert results.corrected_from == "molyere"
    assert results.suggestion == "molière"


def test_recognised_date_and_place_become_chips(catalogue, db):
    results = search_text("jazz lyon samedi", now=catalogue)
    assert results.query.text == "jazz"
    assert results.query.city_slug == "lyon"
    labels = [chip.label for chip in results.query.chips]
    assert labels[1] == "à Lyon"
    assert labels[0].startswith("samedi")
    assert {chip.query_without for chip in results.query.chips} == {"jazz lyon", "jazz samedi"}


def _shown(results) -> tuple:
    return results.total, results.more_than_total, [event.id for event in results.events]


POOL_SIZES = [(2, 1), (2, search.TITLE_POOL_SIZE), (search.POOL_SIZE, search.TITLE_POOL_SIZE)]


@pytest.mark.parametrize(("pool_size", "title_pool_size"), POOL_SIZES)
def test_a_date_window_never_changes_the_results(
    catalogue, db, monkeypatch, pool_size, title_pool_size
):
    """A first look among the events that play soon (`search.DateWindow`) is a plan, not
    a filter: wherever the horizon, every query finds what it finds without one. With a
    pool of two, some horizons leave enough matches before them and others send the
    statement on to the plain query."""
    monkeypatch.setattr(search, "POOL_SIZE", pool_size)
    monkeypatch.setattr(search, "TITLE_POOL_SIZE", title_pool_size)
    queries = [(query, include_past) for query, _, _ in CASES for include_past in (True, False)]
    without = {q: _shown(search_text(q[0], now=catalogue, include_past=q[1])) for q in queries}
    for soon in (0, 1, 3, 10, 60, 400):
        search_horizon_refresh((soon // 3, soon))
        for tier in (1, 2):
            window = search.DateWindow(tier, soon, None)
            monkeypatch.setattr(search, "date_window", lambda text, limit, window=window: window)
            for query, include_past in queries:
                results = search_text(query, now=catalogue, include_past=include_past)
                assert _shown(results) == without[query, include_past], (query, soon, tier)


@pytest.mark.parametrize(("pool_size", "title_pool_size"), POOL_SIZES)
def test_reading_every_match_never_changes_the_results(
    catalogue, db, monkeypatch, pool_size, title_pool_size
):
    """The pool read from every match in one pass, in a prepared statement
    (`search._every_match_pool_sql()`), holds what the planner-chosen shape holds: the
    POOL_SIZE soonest matches and the soonest title hits, whatever the query. With a
    pool of two, the title hits are most of it."""
    monkeypatch.setattr(search, "POOL_SIZE", pool_size)
    monkeypatch.setattr(search, "TITLE_POOL_SIZE", title_pool_size)
    queries = [(query, include_past) for query, _, _ in CASES for include_past in (True, False)]
    monkeypatch.setattr(search, "fetches_every_match", lambda text: True)
    every = {q: _shown(search_text(q[0], now=catalogue, include_past=q[1])) for q in queries}
    monkeypatch.setattr(search, "fetches_every_match", lambda text: False)
    for query, include_past in queries:
        results = search_text(query, now=catalogue, include_past=include_past)
        assert _shown(results) == every[query, include_past], query
