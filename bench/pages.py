"""Catalogue pages under gunicorn, against the minimal view (/healthz) in the same run.

    .venv/bin/python bench/pages.py [--events 100000] [--requests 1500] [--concurrency 4]
                                    [--passes cached,member,uncached] [--rounds 10]

Builds (once) a catalogue of --events events in the `billetnet_bench` database with
`seed_demo --events N`, serves it as `make serve` does (production settings,
gunicorn, whitenoise, Redis cache), and measures requests per second and p95 for the
home, the event list, a filtered list and event pages: once with the page cache on
(the normal case), for a logged-in member (the page stored for anonymous visitors,
with the member's own account links and, where it differs for them, reviews block put
in) and with the cache off (every request
renders and queries, from a new catalogue version so that nothing cached before is read).
Prints each page's throughput as a ratio of /healthz's, measured in the same run: the
pages take turns in --rounds rounds, so that a change in the shared machine's speed
falls on all of them alike, and the last column gives the ratio's range over the rounds.
`--passes member` runs the member's pass alone (its pages are then first rendered in it).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import BENCH_DATABASE_URL, ROOT, combined, gunicorn, load, manage, serve_env

PASSES = ("cached", "member", "uncached")


def sample_paths(database_url: str) -> dict[str, list[str]]:
    with psycopg.connect(database_url) as conn:
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM events_event WHERE status = 'published' "
                "AND last_showtime_at >= now() ORDER BY md5(slug) LIMIT 300"
            )
        ]
        # Events already premiered and still playing: reviews can be written for them.
        reviewed = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM events_event WHERE status = 'published' "
                "AND first_showtime_at <= now() AND last_showtime_at >= now() "
                "ORDER BY md5(slug || 'critiques') LIMIT 30"
            )
        ]
        city = conn.execute(
            "SELECT city_slug FROM events_venue GROUP BY city_slug ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    return {
        "/healthz": ["/healthz"],
        "accueil": ["/"],
        "liste": ["/evenements/"],
        "liste filtrée": [
            f"/evenements/?ville={city}&quand=ce-mois-ci&prix_max=30",
            "/evenements/?categorie=theatre&tri=popularite",
            f"/evenements/?ville={city}&categorie=concerts&quand=ce-week-end",
        ],
        "page événement": [f"/evenements/{slug}/" for slug in slugs],
        # Their reviews are written by reviewed_events(): a member's reviews block is
        # then rendered for them (votes, reply links), the rest of the page shared.
        "avec critiques": [f"/evenements/{slug}/" for slug in reviewed],
    }


# Written once, through the reviews service, on the last 30 sampled events.
REVIEWS_CODE = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from events.models import Event
from reviews.services import review_submit
authors = []
for n in range(12):
    user, created = get_user_model().objects.get_or_create(
        email=f"critique{n}@billetnet.test", defaults={"pseudo": f"critique{n}"})
    if created:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    authors.append(user)
for slug in SLUGS:
    event = Event.objects.get(slug=slug)
    if event.rating_count or event.first_showtime_at is None:
        continue
    for n, author in enumerate(authors):
        review_submit(author=author, event=event, rating=1 + (n * 7 + event.pk) % 5,
                      body=f"Avis n° {n} : une **belle** soirée, une mise en scène soignée.")
"""


def reviewed_events(env, paths) -> None:
    slugs = [url.split("/")[2] for url in paths["avec critiques"]]
    code = REVIEWS_CODE.replace("SLUGS", repr(slugs))
    # The bench writes many reviews at once: no rate limit, no burst alert.
    manage(
        "shell",
        "-c",
        code,
        env={
            **env,
            "BILLETNET_POSTS_PER_HOUR": "100000",
            "BILLETNET_REVIEW_BURST_TOTAL": "100000",
            "BILLETNET_REVIEW_BURST_NEWCOMERS": "100000",
        },
    )


def member_session(env) -> str:
    """A real logged-in session for the demo member, made in the benchmark database."""
    code = (
        "from django.contrib.auth import get_user_model;"
        "from django.contrib.sessions.backends.cached_db import SessionStore;"
        "user = get_user_model().objects.get(email='membre@billetnet.test');"
        "s = SessionStore();"
        "s['_auth_user_id'] = str(user.pk);"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash'] = user.get_session_auth_hash();"
        "s.create(); print(s.session_key)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def run(
    label: str, *, env, paths, requests: int, concurrency: int, rounds: int, headers=None
) -> None:
    """Each page's throughput against /healthz's. The pages take turns, round after
    round, so that a change in the shared machine's speed falls on all of them alike;
    each round starts each page's list of addresses where the last one stopped."""
    print(f"\n{label}")
    share = max(1, requests // rounds)
    runs: dict[str, list] = {name: [] for name in paths}
    with gunicorn(env=env, workers=2) as port:
        for name, urls in paths.items():  # warm up: connections, caches, templates
            load(
                port,
                name,
                urls,
                requests=min(len(urls) * 2, 600),
                concurrency=concurrency,
                headers=headers,
            )
        for turn in range(rounds):
            for name, urls in paths.items():
                start = turn * share % len(urls)
                runs[name].append(
                    load(
                        port,
                        name,
                        urls[start:] + urls[:start],
                        requests=share,
                        concurrency=concurrency,
                        headers=headers,
                    )
                )
    baseline = combined("/healthz", runs["/healthz"])
    print(f"{rounds} rounds of {share} requests per page")
    print(
        f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'ratio':>7}"
        f"  {'per round':>11}"
    )
    for name in paths:
        result = combined(name, runs[name])
        per_round = sorted(
            page.rps / healthz.rps
            for page, healthz in zip(runs[name], runs["/healthz"], strict=True)
        )
        print(
            f"{name:<16} {result.rps:8.0f} {result.p50:8.1f} {result.percentile(95):8.1f}"
            f" {result.errors:7d} {result.rps / baseline.rps:7.2f}"
            f"  {per_round[0]:.2f}–{per_round[-1]:.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=10, help="turns the pages and /healthz take")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", BENCH_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--passes",
        default=",".join(PASSES),
        help=f"which passes to run, comma-separated, among {', '.join(PASSES)}",
    )
    args = parser.parse_args()
    passes = set(args.passes.split(","))
    if not passes <= set(PASSES):
        parser.error(f"--passes: choose among {', '.join(PASSES)}")

    env = serve_env(args.database_url, args.redis_url)
    manage("ensure_database", env=env)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_demo", "--events", str(args.events), env=env)
    manage("refresh_showtimes", "-v0", env=env)
    paths = sample_paths(args.database_url)
    reviewed_events(env, paths)
    print(
        f"Catalogue: {args.events} events; {args.requests} requests per page, "
        f"{args.concurrency} connections; gunicorn 2 workers; ratio = req/s ÷ /healthz req/s"
    )

    if "cached" in passes:
        run(
            "Page cache on (Redis)",
            env=env,
            paths=paths,
            requests=args.requests,
            concurrency=args.concurrency,
            rounds=args.rounds,
        )
    if "member" in passes:
        run(
            "A logged-in member: the stored page, with their own account links and "
            "reviews block put in",
            env=env,
            paths=paths,
            requests=args.requests,
            concurrency=args.concurrency,
            rounds=args.rounds,
            headers={"Cookie": f"sessionid={member_session(env)}"},
        )
    if "uncached" in passes:
        # Otherwise the content fragments the passes above cached would still be read.
        manage(
            "shell",
            "-c",
            "from events.services import catalogue_changed; catalogue_changed()",
            env=env,
        )
        run(
            "Page cache off (every request renders and queries)",
            env={**env, "BILLETNET_PAGE_CACHE_SECONDS": "0"},
            paths=paths,
            requests=args.requests,
            concurrency=args.concurrency,
            rounds=args.rounds,
        )


if __name__ == "__main__":
    main()
