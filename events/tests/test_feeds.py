"""Atom feeds per rubrique and per city, read back with a real feed parser."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from taggit.models import Tag

from events.models import Event
from events.tests.factories import EventFactory, VenueFactory, at, category

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.billetnet.fr"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_category_feed_lists_upcoming_published_events_soonest_first(client):
    theatre = category("theatre")
    later = EventFactory(title="Plus tard", category=theatre, showtimes=[at(9)])
    sooner = EventFactory(
        title="Bientôt", category=theatre, summary="Une comédie.", showtimes=[at(2)]
    )
    sooner.tags.add("comédie")
    EventFactory(title="Brouillon", category=theatre, status=Event.Status.DRAFT)
    EventFactory(title="Annulé", category=theatre, status=Event.Status.CANCELLED)
    EventFactory(title="Passé", category=theatre, showtimes=[at(-2)])
    EventFactory(title="Un concert", category=category("concerts"))

    feed = parse(client.get(reverse("events:feed-category", kwargs={"slug": "theatre"})))

    assert feed.feed.title == "Théâtre : les prochains événements — Billetnet"
    assert feed.feed.link == f"{SITE_URL}/rubriques/theatre/"
    assert [entry.title for entry in feed.entries] == ["Bientôt", "Plus tard"]
    entry = feed.entries[0]
    assert entry.link == f"{SITE_URL}/evenements/{sooner.slug}/"
    assert entry.summary == "Une comédie."
    assert entry.author == sooner.advertiser.name
    assert {tag.term for tag in entry.tags} == {"Théâtre", "comédie"}
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - sooner.created_at) < datetime.timedelta(seconds=1)
    assert entry.updated_parsed is not None
    assert later.slug in feed.entries[1].link


def test_feed_pubdate_is_the_publication_date(client):
    published_at = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
    event = EventFactory(published_at=published_at)
    feed = parse(client.get(reverse("events:feed-category", kwargs={"slug": "theatre"})))
    (entry,) = feed.entries
    assert entry.link.endswith(event.get_absolute_url())
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == published_at


def test_city_feed_lists_the_events_of_that_city(client):
    lyon, paris = VenueFactory(city="Lyon"), VenueFactory(city="Paris")
    EventFactory(title="À Lyon", venue=lyon)
    EventFactory(title="À Paris", venue=paris)

    feed = parse(client.get(reverse("events:feed-city", kwargs={"city": "lyon"})))

    assert feed.feed.title == "Lyon : les prochains événements — Billetnet"
    assert feed.feed.link == f"{SITE_URL}/villes/lyon/"
    assert [entry.title for entry in feed.entries] == ["À Lyon"]


def test_feed_of_a_city_without_venue_is_404(client):
    VenueFactory(city="Lyon")
    response = client.get(reverse("events:feed-city", kwargs={"city": "quimper"}))
    assert response.status_code == 404


def test_feed_of_an_unknown_category_is_404(client):
    response = client.get(reverse("events:feed-category", kwargs={"slug": "inconnue"}))
    assert response.status_code == 404


def test_feed_keeps_the_fifty_soonest(client):
    venue = VenueFactory()
    for n in range(52):
        EventFactory(venue=venue, showtimes=[at(1 + n % 20, hour=10 + n % 12)])
    feed = parse(client.get(reverse("events:feed-city", kwargs={"city": venue.city_slug})))
    assert len(feed.entries) == 50


def test_feed_query_count_does_not_grow_with_its_items(client, django_assert_num_queries):
    """Rubrique, events (with category, venue, advertiser), their tags: three queries."""
    tag = Tag.objects.create(name="plein air", slug="plein-air")
    for n in range(10):
        EventFactory(showtimes=[at(n + 1)]).tags.add(tag)
    url = reverse("events:feed-category", kwargs={"slug": "theatre"})
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(parse(response).entries) == 10
