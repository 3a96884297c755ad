"""Search speed on the large demo catalogues, per query class.

    .venv/bin/python bench/search.py [--database-url URL] [--runs 30]

Runs ~25 representative queries (selective words, common words, typos, dates and
cities, autocomplete prefixes) many times against the catalogue in URL (default:
the 100k-event `billetnet_bench`; build a 1M one with `seed_demo --events 1000000`
in another database), in this process, as the search page and the autocomplete
endpoint run them. Prints p50 and p95 per class, the number of matches, how the pool
is read (`pool`: the tier of events that play soon where it looks first,
`events.search.date_window()`; `every` when it reads every match in a prepared
statement, `events.search.fetches_every_match()`; `-` when the planner chooses; for a
typo, the choice for the text as typed, its correction may take another), the same
times as multiples of a minimal view (/healthz) measured in the same run, and the
EXPLAIN ANALYZE plan of the slowest query of the slowest class (for a prepared
statement, of the generic plan it runs after five executions).

Autovacuum is off on these machines: after a bulk load or a migration that rewrote
the events, `--vacuum` first runs the VACUUM (ANALYZE) autovacuum would have run in
production; the header says how many dead rows the events table holds.
"""

import argparse
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLASSES = {
    "selective": ["moliere", "shakespeare", "tartuffe", "cyrano", "pinocchio", "flûte enchantée"],
    "common": ["théâtre", "concert", "spectacle", "paris", "comédie"],
    "typo": ["molyere", "shakspeare", "tartufe", "cyranno", "pinochio"],
    "dates+cities": [
        "jazz lyon samedi",
        "théâtre à Paris ce week-end",
        "enfants demain",
        "avignon juillet",
        "concert bordeaux en décembre",
    ],
    "autocomplete": ["mol", "sha", "lyo", "théâ", "cir"],
    "autocomplete (cached)": ["mol", "sha", "lyo", "théâ", "cir"],
}
GOALS_MS = {
    "selective": 10,
    "common": 50,
    "typo": 30,
    "dates+cities": 50,
    "autocomplete": 15,
    "autocomplete (cached)": 15,
}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/billetnet_bench"
        ),
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--vacuum", action="store_true", help="VACUUM (ANALYZE) the catalogue's tables first"
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "billetnet.settings.dev")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from billetnet.db import prepared_cursor, runs_prepared
    from events.models import Event
    from events.search import (
        POOL_SIZE,
        date_window,
        fetches_every_match,
        known_cities,
        search_statistics,
        search_text,
        suggest,
        suggest_uncached,
    )
    from events.search_parser import parse

    if args.vacuum:
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM (ANALYZE) events_event, events_showtime, events_venue, "
                "events_searchterm, events_artist"
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'events_event'")
        dead = cursor.fetchone()[0]
    total = Event.objects.count()
    client = Client()
    client.get("/healthz")
    healthz = []
    for _ in range(args.runs * 3):
        started = time.perf_counter()
        client.get("/healthz")
        healthz.append(time.perf_counter() - started)
    base = statistics.median(healthz) * 1000
    print(
        f"Catalogue: {total} events ({args.database_url.rsplit('/', 1)[-1]}); "
        f"{args.runs} runs per query; /healthz p50 {base:.2f} ms in this process; "
        f"{dead} dead rows in events_event"
    )
    windows = ", ".join(
        f"tier {w.tier}: {w.events} before "
        + (f"{w.horizon:%Y-%m-%d %H:%M}" if w.horizon else "any date")
        for w in search_statistics().windows
    )
    print(f"Events that play soon (date windows): {windows or 'none'}")
    print(f"\n{'class':<22} {'query':<30} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'pool':>7}")

    summary, slowest = {}, (0.0, None, None)
    for name, queries in CLASSES.items():
        timings = []
        for query in queries:
            if name == "autocomplete":  # computed every time
                run = partial(suggest_uncached, query)
            elif name == "autocomplete (cached)":  # as the endpoint answers
                run = partial(suggest, query)
            else:
                run = partial(search_text, query)
            result = run()  # warm up
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                run()
                times.append((time.perf_counter() - started) * 1000)
            timings += times
            matches = (
                sum(len(v) for v in result.values())
                if name.startswith("autocomplete")
                else f"{result.total}{'+' if result.more_than_total else ''}"
            )
            p50, p95 = statistics.median(times), percentile(times, 95)
            pool = "-"
            if not name.startswith("autocomplete"):
                parsed = parse(query, cities=known_cities())
                if parsed.start is None and parsed.text.strip():
                    window = date_window(parsed.text, POOL_SIZE)
                    if window:
                        pool = f"tier {window.tier}"
                    elif not parsed.city_slug and fetches_every_match(parsed.text):
                        pool = "every"
            print(f"{name:<22} {query[:30]:<30} {matches!s:>8} {p50:8.1f} {p95:8.1f} {pool:>7}")
            if p95 > slowest[0]:
                slowest = (p95, name, query)
        summary[name] = (statistics.median(timings), percentile(timings, 95))

    print(f"\n{'class':<22} {'p50 ms':>8} {'p95 ms':>8} {'goal p95':>9} {'p50 ÷ /healthz':>15}")
    for name, (p50, p95) in summary.items():
        print(f"{name:<22} {p50:8.1f} {p95:8.1f} {GOALS_MS[name]:>8}  {p50 / base:14.1f}")

    _, name, query = slowest
    statements = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        prepared = runs_prepared(context["cursor"])
        statements.append((time.perf_counter() - started, sql, params, prepared))
        return result

    with connection.execute_wrapper(record):
        suggest_uncached(query) if name.startswith("autocomplete") else search_text(query)
    _, sql, params, prepared = max(statements, key=lambda statement: statement[0])
    print(f"\nSlowest: {name} « {query} »; its longest SQL statement:\n{sql}\n{params}\n")
    with prepared_cursor() if prepared else connection.cursor() as cursor:
        if prepared:
            cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))
        if prepared:
            cursor.execute("RESET plan_cache_mode")


if __name__ == "__main__":
    main()
