"""Reads of the catalogue: chainable names, and one `for_<page>()` per page.

A page's query count is decided here, in one place.
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone


class VenueQuerySet(models.QuerySet):
    def in_city(self, city_slug: str):
        return self.filter(city_slug=city_slug)


class ShowtimeQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(starts_at__gte=now or timezone.now())

    def not_cancelled(self):
        return self.exclude(status="cancelled")

    def between(self, start: datetime.datetime, end: datetime.datetime):
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def for_event_page(self):
        return self.select_related("venue").order_by("starts_at")


class EventQuerySet(models.QuerySet):
    # --- Visibility -------------------------------------------------------------
    def published(self):
        """What the public may read: published events, and cancelled ones (shown as such)."""
        return self.filter(status__in=["published", "cancelled"])

    def bookable_status(self):
        return self.filter(status="published")

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(last_showtime_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None):
        return self.filter(last_showtime_at__lt=now or timezone.now())

    # --- Filters ---------------------------------------------------------------------
    def in_category(self, category):
        return self.filter(category=category)

    def in_city(self, city_slug: str):
        return self.filter(venue__city_slug=city_slug)

    def at_venue(self, venue):
        return self.filter(Q(venue=venue) | Q(showtimes__venue=venue)).distinct()

    def playing_between(self, start: datetime.datetime, end: datetime.datetime):
        """Events with a showtime (not cancelled) starting in [start, end)."""
        from .models import Showtime

        showtimes = Showtime.objects.filter(
            event=OuterRef("pk"), starts_at__gte=start, starts_at__lt=end
        ).not_cancelled()
        return self.filter(Exists(showtimes))

    def with_accessibility(self, features: list[str]):
        from .models import Showtime

        showtimes = Showtime.objects.filter(event=OuterRef("pk"), **dict.fromkeys(features, True))
        return self.filter(Exists(showtimes.upcoming().not_cancelled()))

    def max_price(self, amount):
        return self.filter(Q(price_type__in=["gratuit", "prix_libre"]) | Q(price_min__lte=amount))

    def free(self):
        return self.filter(price_type="gratuit")

    def with_group_rates(self):
        return self.exclude(group_rates="")

    def with_promotion(self):
        return self.exclude(promotion="")

    def for_young_audience(self, age: int | None = None):
        if age is None:
            return self.filter(min_age__isnull=False, min_age__lte=12)
        return self.filter(min_age__isnull=False, min_age__lte=age)

    def with_booking_mode(self, mode: str):
        return self.filter(booking_mode=mode)

    # --- Sorting -----------------------------------------------------------------------
    def by_date(self):
        return self.order_by(models.F("next_showtime_at").asc(nulls_last=True), "pk")

    def by_popularity(self):
        return self.order_by("-popularity", models.F("next_showtime_at").asc(nulls_last=True), "pk")

    def by_rating(self):
        return self.order_by(
            models.F("rating_average").desc(nulls_last=True),
            "-rating_count",
            models.F("next_showtime_at").asc(nulls_last=True),
            "pk",
        )

    # --- Pages -------------------------------------------------------------------------
    def for_cards(self):
        """What an event card shows: category, venue, tags and the next showtimes."""
        return self.select_related("category", "venue").only(
            "title",
            "slug",
            "summary",
            "poster",
            "poster_width",
            "poster_height",
            "price_type",
            "price_min",
            "price_max",
            "promotion",
            "promotion_one_plus_one",
            "group_rates",
            "age_advice",
            "status",
            "booking_url",
            "next_showtime_at",
            "last_showtime_at",
            "rating_average",
            "rating_count",
            "category__name",
            "category__slug",
            "venue__name",
            "venue__slug",
            "venue__city",
            "venue__city_slug",
        )

    def for_event_page(self):
        """The event page's whole event: its relations joined, its lists prefetched."""
        return self.for_event_page_lazy().prefetch_related(*event_page_prefetches())

    def for_event_page_lazy(self):
        """The event without its lists, for a page served from the cache most of the
        time: `event_page_prefetch(event)` fetches the lists on a cache miss."""
        return self.select_related("category", "venue", "advertiser")


def event_page_prefetches():
    from .models import Credit, Showtime

    return (
        "tags",
        Prefetch("credits", queryset=Credit.objects.select_related("artist")),
        Prefetch("showtimes", queryset=Showtime.objects.for_event_page()),
    )


def event_page_prefetch(event):
    prefetch_related_objects([event], *event_page_prefetches())
    return event
