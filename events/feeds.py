"""Atom feeds of what is coming up, per rubrique and per city."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Category, Event, Venue
from .structured_data import absolute_url

FEED_SIZE = 50


class UpcomingEventsFeed(Feed):
    """The published events to come, soonest first. Three queries, whatever the size."""

    feed_type = Atom1Feed
    author_name = "Billetnet"

    def events(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return (
            self.events(obj)
            .bookable_status()
            .upcoming()
            .by_date()
            .select_related("category", "venue", "advertiser")
            .prefetch_related("tags")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(settings.SITE_URL, item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.advertiser.name

    def item_categories(self, item):
        return [item.category.name, *(tag.name for tag in item.tags.all())]


class CategoryFeed(UpcomingEventsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def events(self, category):
        return Event.objects.in_category(category)

    def title(self, category):
        return f"{category.name} : les prochains événements — Billetnet"

    def subtitle(self, category):
        return category.description

    def link(self, category):
        return absolute_url(settings.SITE_URL, category.get_absolute_url())

    def feed_url(self, category):
        return absolute_url(
            settings.SITE_URL, reverse("events:feed-category", kwargs={"slug": category.slug})
        )


class CityFeed(UpcomingEventsFeed):
    def get_object(self, request, city):
        venue = Venue.objects.in_city(city).only("city", "city_slug").first()
        if venue is None:
            raise Http404("Ville inconnue")
        return venue

    def events(self, venue):
        return Event.objects.in_city(venue.city_slug)

    def title(self, venue):
        return f"{venue.city} : les prochains événements — Billetnet"

    def subtitle(self, venue):
        return f"Spectacles, concerts et sorties à {venue.city}."

    def link(self, venue):
        return absolute_url(
            settings.SITE_URL, reverse("events:city", kwargs={"city": venue.city_slug})
        )

    def feed_url(self, venue):
        return absolute_url(
            settings.SITE_URL, reverse("events:feed-city", kwargs={"city": venue.city_slug})
        )
