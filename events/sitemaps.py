"""sitemap.xml: an index of one section per kind of page, each paginated by `limit`."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Advertiser, Artist, Category, Event, Venue


class EventSitemap(Sitemap):
    # Well under the protocol's 50,000: a page stays quick to render for 100k events.
    limit = 10_000

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate says the same.
        return Event.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SlugSitemap(Sitemap):
    """Pages of objects found by their slug, whose own dates are not tracked."""

    limit = 10_000
    model = None

    def items(self):
        return self.model.objects.only("slug").order_by("pk")


class VenueSitemap(SlugSitemap):
    model = Venue


class ArtistSitemap(SlugSitemap):
    model = Artist


class AdvertiserSitemap(SlugSitemap):
    model = Advertiser


class CategorySitemap(SlugSitemap):
    model = Category


class CitySitemap(Sitemap):
    limit = 10_000

    def items(self):
        return Venue.objects.values_list("city_slug", flat=True).order_by("city_slug").distinct()

    def location(self, city_slug):
        return reverse("events:city", kwargs={"city": city_slug})


SITEMAPS = {
    "evenements": EventSitemap,
    "rubriques": CategorySitemap,
    "villes": CitySitemap,
    "lieux": VenueSitemap,
    "artistes": ArtistSitemap,
    "annonceurs": AdvertiserSitemap,
}
