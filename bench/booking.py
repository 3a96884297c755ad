"""« Réserver » under load: nothing lost, and its throughput against /healthz.

    .venv/bin/python bench/booking.py [--burst 2000] [--requests 3000] [--rounds 10]

Serves the benchmark catalogue (`billetnet_bench`, see bench/pages.py) under
gunicorn with 4 workers, then:

1. fires --burst requests at once (one thread each, released together by a
   barrier) at /evenements/<slug>/reserver/ and checks that every one answered
   302 and that exactly that many BookingClick rows were added;
2. measures the redirect's requests per second and p95 against /healthz in the
   same run, over keep-alive connections, the two taking turns in --rounds rounds
   (so that a change in the shared machine's speed falls on both alike), and
   prints the ratio over all rounds and its range from round to round.
"""

import argparse
import http.client
import os
import sys
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import BENCH_DATABASE_URL, combined, gunicorn, load, manage, serve_env


def clicks(database_url: str, slug: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM events_bookingclick c JOIN events_event e ON e.id = c.event_id "
            "WHERE e.slug = %s",
            [slug],
        ).fetchone()[0]


def burst(port: int, path: str, count: int) -> dict[int, int]:
    barrier = threading.Barrier(count)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def fire():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            barrier.wait(timeout=60)
            conn.request("GET", path, headers={"User-Agent": "Mozilla/5.0 bench"})
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError):
            status = 0
        finally:
            conn.close()
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=fire, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=10, help="turns /healthz and the redirect take"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", BENCH_DATABASE_URL)
    )
    args = parser.parse_args()
    env = serve_env(args.database_url, "redis://127.0.0.1:6379/3")
    manage("ensure_database", env=env)
    manage("migrate", "--noinput", "-v0", env=env)
    with psycopg.connect(args.database_url) as conn:
        slug = conn.execute(
            "SELECT slug FROM events_event WHERE status = 'published' AND next_showtime_at > now() "
            "ORDER BY next_showtime_at LIMIT 1"
        ).fetchone()[0]
    path = f"/evenements/{slug}/reserver/"
    threading.stack_size(256 * 1024)

    with gunicorn(env=env, workers=4) as port:
        before = clicks(args.database_url, slug)
        started = time.perf_counter()
        statuses = burst(port, path, args.burst)
        seconds = time.perf_counter() - started
        added = clicks(args.database_url, slug) - before
        print(
            f"Burst: {args.burst} simultaneous requests in {seconds:.1f} s; "
            f"answers {statuses}; rows added {added}"
        )
        ok = statuses.get(302, 0) == args.burst and added == args.burst
        print("Nothing lost: " + ("yes" if ok else "NO"))

        for _ in range(2):  # warm up
            load(port, "warm", ["/healthz"], requests=300, concurrency=args.concurrency)
            load(port, "warm", [path], requests=300, concurrency=args.concurrency, expect=(302,))
        # The two paths take turns, round after round: a change in the machine's speed
        # during the run (these machines are shared) falls on both alike.
        share = max(1, args.requests // args.rounds)
        healthz_runs, book_runs = [], []
        for _ in range(args.rounds):
            healthz_runs.append(
                load(port, "/healthz", ["/healthz"], requests=share, concurrency=args.concurrency)
            )
            book_runs.append(
                load(
                    port,
                    "reserver",
                    [path],
                    requests=share,
                    concurrency=args.concurrency,
                    expect=(302,),
                )
            )
        healthz = combined("/healthz", healthz_runs)
        book = combined("reserver", book_runs)
        ratios = sorted(b.rps / h.rps for h, b in zip(healthz_runs, book_runs, strict=True))
    print(
        f"\n{args.rounds} rounds of {share} requests each; ratio per round "
        f"{ratios[0]:.2f}–{ratios[-1]:.2f}, median {ratios[len(ratios) // 2]:.2f}"
    )
    print(f"\n{'page':<10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'ratio':>7}")
    for result in (healthz, book):
        print(
            f"{result.label:<10} {result.rps:8.0f} {result.p50:8.1f} "
            f"{result.percentile(95):8.1f} {result.errors:7d} {result.rps / healthz.rps:7.2f}"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
