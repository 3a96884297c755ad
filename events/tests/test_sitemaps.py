"""sitemap.xml: an index of sections, each listing the public pages of its kind."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from events.models import Event
from events.sitemaps import EventSitemap
from events.tests.factories import ArtistFactory, EventFactory, credit

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = ("evenements", "rubriques", "villes", "lieux", "artistes", "annonceurs")


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall(".//sm:loc", NS)]


def test_index_lists_every_section(client):
    EventFactory()
    locs = locations(client.get(reverse("sitemap")))
    assert locs == [f"http://testserver/sitemap-{section}.xml" for section in SECTIONS]


def test_events_section_lists_public_events_only(client):
    published = EventFactory()
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    draft = EventFactory(status=Event.Status.DRAFT)
    response = client.get(reverse("sitemap-section", kwargs={"section": "evenements"}))
    locs = locations(response)
    assert f"http://testserver{published.get_absolute_url()}" in locs
    assert f"http://testserver{cancelled.get_absolute_url()}" in locs
    assert f"http://testserver{draft.get_absolute_url()}" not in locs
    root = ET.fromstring(response.content)
    assert all(url.find("sm:lastmod", NS) is not None for url in root.findall("sm:url", NS))


def test_other_sections_list_their_pages(client):
    event = EventFactory()
    artist = ArtistFactory()
    credit(event, artist=artist)

    def section(name):
        return locations(client.get(reverse("sitemap-section", kwargs={"section": name})))

    assert f"http://testserver{event.venue.get_absolute_url()}" in section("lieux")
    assert f"http://testserver{artist.get_absolute_url()}" in section("artistes")
    assert f"http://testserver{event.advertiser.get_absolute_url()}" in section("annonceurs")
    assert "http://testserver/rubriques/theatre/" in section("rubriques")
    assert section("villes") == ["http://testserver/villes/lyon/"]


def test_events_section_is_paginated_through_the_index(client, monkeypatch):
    monkeypatch.setattr(EventSitemap, "limit", 2)
    events = [EventFactory() for _ in range(3)]
    index = locations(client.get(reverse("sitemap")))
    assert "http://testserver/sitemap-evenements.xml?p=2" in index
    url = reverse("sitemap-section", kwargs={"section": "evenements"})
    page_two = locations(client.get(url, {"p": 2}))
    assert page_two == [f"http://testserver{events[2].get_absolute_url()}"]
    assert client.get(url, {"p": 3}).status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert "Sitemap: https://www.billetnet.fr/sitemap.xml" in response.content.decode()
