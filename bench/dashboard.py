"""The advertiser dashboard's cost, from ten thousand to a million clicks.

    .venv/bin/python bench/dashboard.py [--database-url URL] [--runs 20]

In the benchmark catalogue, gives one demo advertiser a history of 10k, then 100k,
then 1M « Réserver » clicks over the 89 days before today (plus the same 500 clicks
today, which the dashboard rolls up itself), on 30 of its events (--clicked-events),
their first showtimes and four source pages (bulk INSERT … SELECT generate_series),
rolls them up as the nightly command does, and times the 90-day dashboard (its data,
then the whole page through Django's test client) with its query count. The same
run times /healthz, the minimal view, for the ratio. The clicks it adds are removed at the end.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INSERT_CLICKS = """
WITH events AS (
    SELECT (array_agg(id ORDER BY id))[1:%(clicked_events)s] AS ids
    FROM events_event WHERE advertiser_id = %(advertiser)s
), picked AS (
    SELECT n, events.ids[1 + n %% cardinality(events.ids)] AS event_id
    FROM generate_series(1, %(count)s) AS n, events
)
INSERT INTO events_bookingclick
    (event_id, showtime_id, clicked_at, source, visitor_hash, is_bot, is_unique)
SELECT event_id,
       CASE WHEN n %% 3 = 0 THEN
           (SELECT min(s.id) FROM events_showtime s WHERE s.event_id = picked.event_id)
       END,
       %(latest)s - (n %% (89 * 24 * 60)) * interval '1 minute',
       (ARRAY['/', '/evenements/', '/recherche/', 'direct'])[1 + n %% 4],
       'bench-' || (n %% 5000),
       n %% 50 = 0,
       n %% 3 <> 0
FROM picked
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/billetnet_bench"
        ),
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--clicked-events",
        type=int,
        default=30,
        help="How many of the advertiser's events receive the clicks (default 30).",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "billetnet.settings.dev")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from events.advertiser_stats import statistics as dashboard_data
    from events.models import Advertiser, AdvertiserMembership, BookingClickDaily, Event
    from events.services import booking_clicks_rollup

    advertiser = Advertiser.objects.filter(events__isnull=False).order_by("pk").distinct().first()
    owner, _ = User.objects.get_or_create(
        email="bench-owner@billetnet.test", defaults={"pseudo": "bench-owner"}
    )
    AdvertiserMembership.objects.get_or_create(advertiser=advertiser, user=owner, role="owner")
    event_count = Event.objects.filter(advertiser=advertiser).count()
    client = Client()
    client.force_login(owner)
    page = reverse("events:space-statistics", args=[advertiser.slug]) + "?periode=90"
    today = timezone.localdate()

    def timed(fn, runs):
        fn()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]

    print(
        f"Advertiser « {advertiser.name} »: {event_count} events, {args.clicked_events} of them "
        f"clicked; 90-day dashboard; {args.runs} runs"
    )
    print(
        f"{'clicks':>9} {'daily rows':>11} {'data p50':>9} {'page p50':>9} {'page p95':>9} "
        f"{'queries':>8} {'page ÷ /healthz':>16}"
    )
    # History grows from 10k to 1M clicks; today's traffic stays the same (500 clicks),
    # as it does for an advertiser whose past accumulates.
    yesterday_evening = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(23, 0))
    )
    total = 0
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT_CLICKS,
                {
                    "count": 500,
                    "advertiser": advertiser.pk,
                    "clicked_events": args.clicked_events,
                    "latest": timezone.now(),
                },
            )
            cursor.execute(
                "UPDATE events_bookingclick SET clicked_at = now() - interval '1 minute' "
                "WHERE visitor_hash LIKE 'bench-%%' AND clicked_at >= %s",
                [timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))],
            )
        for target in (10_000, 100_000, 1_000_000):
            with connection.cursor() as cursor:
                cursor.execute(
                    INSERT_CLICKS,
                    {
                        "count": target - total,
                        "advertiser": advertiser.pk,
                        "clicked_events": args.clicked_events,
                        "latest": yesterday_evening,
                    },
                )
            total = target
            booking_clicks_rollup(first_day=today - datetime.timedelta(days=90), last_day=today)
            rows = BookingClickDaily.objects.filter(event__advertiser=advertiser).count()
            data_p50, _ = timed(lambda: dashboard_data(advertiser, days=90), args.runs)
            page_p50, page_p95 = timed(lambda: client.get(page), args.runs)
            base_p50, _ = timed(lambda: client.get("/healthz"), args.runs)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            print(
                f"{total:>9} {rows:>11} {data_p50:8.1f}  {page_p50:8.1f}  {page_p95:8.1f} "
                f"{len(captured.captured_queries):>8} {page_p50 / base_p50:>16.1f}"
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM events_bookingclick WHERE visitor_hash LIKE 'bench-%%'")
        booking_clicks_rollup(first_day=today - datetime.timedelta(days=90), last_day=today)
        BookingClickDaily.objects.filter(event__advertiser=advertiser).delete()


if __name__ == "__main__":
    main()
