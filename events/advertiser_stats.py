"""The advertiser's statistics: what Billetnet sends to their ticketing.

Everything is read from the daily roll-up (`BookingClickDaily`), never from the
raw clicks, so a dashboard costs the same with ten thousand clicks or a million.
Today's clicks are rolled up by the dashboard itself (only today's, only this
advertiser's); earlier days by `manage.py booking_clicks_rollup`.
"""

import csv
import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from .advertiser_views import SpaceMixin
from .models import Advertiser, BookingClickDaily
from .services import booking_clicks_rollup

PERIODS = {"7": 7, "30": 30, "90": 90}
TOP_ROWS = 50  # the page lists the 50 first events and showtimes; the CSV has them all
CHART_WIDTH, CHART_HEIGHT, CHART_PADDING = 720, 220, 28


@dataclass
class Day:
    day: datetime.date
    clicks: int
    unique_clicks: int


@dataclass
class Bar:
    x: float
    width: float
    y: float
    height: float
    unique_y: float
    unique_height: float
    day: Day


def period_days(raw: str | None) -> int:
    return PERIODS.get(raw or "", 30)


def statistics(advertiser: Advertiser, *, days: int) -> dict:
    """Clicks per day, per event, per showtime and per source page over `days` days."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    booking_clicks_rollup(first_day=today, last_day=today, advertiser_id=advertiser.pk)
    daily = BookingClickDaily.objects.filter(advertiser=advertiser, day__gte=first)
    totals = {"clicks": Sum("clicks"), "unique_clicks": Sum("unique_clicks")}

    per_day = {row["day"]: row for row in daily.values("day").annotate(**totals)}
    series = [
        Day(
            day,
            per_day.get(day, {}).get("clicks") or 0,
            per_day.get(day, {}).get("unique_clicks") or 0,
        )
        for day in (first + datetime.timedelta(days=n) for n in range(days))
    ]
    return {
        "days": days,
        "first": first,
        "today": today,
        "series": series,
        "total_clicks": sum(d.clicks for d in series),
        "total_unique": sum(d.unique_clicks for d in series),
        "chart": chart(series),
        "per_event": list(
            daily.values("event__title", "event__slug")
            .annotate(**totals)
            .order_by("-clicks")[:TOP_ROWS]
        ),
        "per_showtime": list(
            daily.filter(showtime__isnull=False)
            .values("event__title", "showtime__starts_at")
            .annotate(**totals)
            .order_by("-clicks")[:TOP_ROWS]
        ),
        "per_source": list(daily.values("source").annotate(**totals).order_by("-clicks")[:20]),
    }


def chart(series: list[Day]) -> dict:
    """Bars for an SVG drawn on the server: raw clicks, with unique clicks inside."""
    top = max([d.clicks for d in series] + [1])
    inner_width = CHART_WIDTH - 2 * CHART_PADDING
    inner_height = CHART_HEIGHT - 2 * CHART_PADDING
    step = inner_width / len(series)
    bars = []
    for n, day in enumerate(series):
        height = inner_height * day.clicks / top
        unique_height = inner_height * day.unique_clicks / top
        base = CHART_PADDING + inner_height
        bars.append(
            Bar(
                x=round(CHART_PADDING + n * step + step * 0.1, 1),
                width=round(step * 0.8, 1),
                y=round(base - height, 1),
                height=round(height, 1),
                unique_y=round(base - unique_height, 1),
                unique_height=round(unique_height, 1),
                day=day,
            )
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "padding": CHART_PADDING,
        "baseline": CHART_PADDING + inner_height,
        "top": top,
        "bars": bars,
        "label_every": max(1, len(series) // 10),
    }


class StatisticsView(SpaceMixin, TemplateView):
    """The dashboard: members of the advertiser only (SpaceMixin answers 404 to others)."""

    template_name = "events/advertiser_statistics.html"

    def get_context_data(self, **kwargs):
        days = period_days(self.request.GET.get("periode"))
        return super().get_context_data(
            periods=PERIODS, **statistics(self.advertiser, days=days), **kwargs
        )


class StatisticsCsvView(SpaceMixin, View):
    """The same figures, one row per day, event, showtime and source page."""

    def get(self, request, *args, **kwargs):
        days = period_days(request.GET.get("periode"))
        today = timezone.localdate()
        booking_clicks_rollup(first_day=today, last_day=today, advertiser_id=self.advertiser.pk)
        rows = (
            BookingClickDaily.objects.filter(
                advertiser=self.advertiser, day__gte=today - datetime.timedelta(days=days - 1)
            )
            .order_by("day", "event__title", "showtime__starts_at", "source")
            .values_list(
                "day", "event__title", "showtime__starts_at", "source", "clicks", "unique_clicks"
            )
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"billetnet-clics-{self.advertiser.slug}-{today:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # so that spreadsheets read the accents right
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            ["jour", "événement", "représentation", "page d'origine", "clics", "clics uniques"]
        )
        for day, title, starts_at, source, clicks, unique_clicks in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    day.isoformat(),
                    title,
                    timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M") if starts_at else "",
                    source,
                    clicks,
                    unique_clicks,
                ]
            )
        return response
