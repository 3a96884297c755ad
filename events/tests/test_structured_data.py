"""schema.org JSON-LD and « Ajouter à mon agenda » links on the event page."""

import datetime
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template

from events.models import Event, Showtime
from events.services import event_showtime_bounds_refresh
from events.structured_data import agenda_links, event_jsonld
from events.tests.factories import (
    AdvertiserFactory,
    ArtistFactory,
    EventFactory,
    VenueFactory,
    at,
    category,
    credit,
)

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.billetnet.fr"
SCHEMA = "https://schema.org/"


def event_page(event: Event) -> Event:
    """The event as the event page fetches it, prefetches included."""
    return Event.objects.for_event_page().get(pk=event.pk)


def render(source: str, event: Event) -> str:
    template = Template("{% load structured_data %}" + source)
    return template.render(Context({"event": event, "site_url": SITE_URL}))


def jsonld_from_page(event: Event) -> dict:
    html = render("{% event_jsonld event %}", event_page(event))
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert match, html
    return json.loads(match.group(1))


@pytest.fixture
def concert():
    advertiser = AdvertiserFactory(name="Les Nuits Sonores", slug="nuits-sonores")
    main_venue = VenueFactory(name="Le Transbordeur", slug="transbordeur")
    other_venue = VenueFactory(
        name="Salle Rameau",
        slug="salle-rameau",
        address="29 rue de la Martinière",
        postal_code="69001",
        latitude=None,
        longitude=None,
    )
    event = EventFactory(
        title="Orchestre en plein air",
        slug="orchestre-en-plein-air",
        category=category("concerts"),
        advertiser=advertiser,
        venue=main_venue,
        summary="Un concert sous les étoiles.",
        duration=90,
        price_min=Decimal("12.50"),
        price_max=Decimal("30"),
        showtimes=[at(3), at(5)],
    )
    Showtime.objects.filter(event=event, starts_at=at(5)).update(venue=other_venue)
    credit(event, artist=ArtistFactory(name="Clara Haskil", slug="clara-haskil"), role="piano")
    credit(event, artist=ArtistFactory(name="Louis Martin", slug="louis-martin"), order=1)
    event.poster.name = "affiches/abcdef-1280.webp"
    event.poster_width, event.poster_height = 1280, 1920
    event.save()
    return event


def test_jsonld_has_the_required_fields(concert):
    data = jsonld_from_page(concert)
    assert data["@context"] == "https://schema.org"
    first, second = data["@graph"]
    assert first["@type"] == "MusicEvent"
    assert first["name"] == "Orchestre en plein air"
    assert first["url"] == f"{SITE_URL}/evenements/orchestre-en-plein-air/"
    assert first["description"] == "Un concert sous les étoiles."
    start = datetime.datetime.fromisoformat(first["startDate"])
    assert start == at(3)
    assert start.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    assert datetime.datetime.fromisoformat(first["endDate"]) == at(3) + datetime.timedelta(
        minutes=90
    )
    assert first["eventStatus"] == f"{SCHEMA}EventScheduled"
    assert first["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"
    assert first["location"]["@type"] == "Place"
    assert first["location"]["name"] == "Le Transbordeur"
    assert first["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue de la Comédie",
        "postalCode": "69001",
        "addressLocality": "Lyon",
        "addressCountry": "FR",
    }
    assert first["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 45.767,
        "longitude": 4.834,
    }
    assert first["image"] == [f"{SITE_URL}/media/affiches/abcdef-1280.webp"]
    offer = first["offers"]
    assert offer["@type"] == "Offer"
    assert offer["url"] == first["url"]
    assert offer["price"] == "12.50"
    assert offer["priceCurrency"] == "EUR"
    assert offer["availability"] == f"{SCHEMA}InStock"
    assert first["performer"] == [
        {"@type": "Person", "name": "Clara Haskil", "url": f"{SITE_URL}/artistes/clara-haskil/"},
        {"@type": "Person", "name": "Louis Martin", "url": f"{SITE_URL}/artistes/louis-martin/"},
    ]
    assert first["organizer"] == {
        "@type": "Organization",
        "name": "Les Nuits Sonores",
        "url": f"{SITE_URL}/annonceurs/nuits-sonores/",
    }
    # The second showtime is at another venue, which has no coordinates.
    assert datetime.datetime.fromisoformat(second["startDate"]) == at(5)
    assert second["location"]["name"] == "Salle Rameau"
    assert second["location"]["address"]["streetAddress"] == "29 rue de la Martinière"
    assert "geo" not in second["location"]
    assert first["@id"] != second["@id"]


def test_offer_never_points_to_the_booking_url(concert):
    data = jsonld_from_page(concert)
    assert "billetterie.example.org" not in json.dumps(data)


@pytest.mark.parametrize(
    ("slug", "schema_type"),
    [
        ("theatre", "TheaterEvent"),
        ("opera", "MusicEvent"),
        ("enfants", "ChildrensEvent"),
        ("humour", "ComedyEvent"),
        ("danse", "DanceEvent"),
        ("expositions", "ExhibitionEvent"),
        ("festivals", "Festival"),
        ("sports", "SportsEvent"),
        ("cirque", "Event"),
        ("loisirs", "Event"),
    ],
)
def test_schema_type_follows_the_category(slug, schema_type):
    event = EventFactory(category=category(slug))
    assert jsonld_from_page(event)["@graph"][0]["@type"] == schema_type


def test_cancelled_event_is_event_cancelled_and_discontinued():
    event = EventFactory(status=Event.Status.CANCELLED)
    (data,) = jsonld_from_page(event)["@graph"]
    assert data["eventStatus"] == f"{SCHEMA}EventCancelled"
    assert data["offers"]["availability"] == f"{SCHEMA}Discontinued"


def test_showtime_status_sets_each_events_status_and_availability():
    event = EventFactory(showtimes=[at(2), at(3), at(4)])
    Showtime.objects.filter(event=event, starts_at=at(3)).update(status="cancelled")
    Showtime.objects.filter(event=event, starts_at=at(4)).update(status="sold_out")
    scheduled, cancelled, sold_out = jsonld_from_page(event)["@graph"]
    assert scheduled["eventStatus"] == f"{SCHEMA}EventScheduled"
    assert cancelled["eventStatus"] == f"{SCHEMA}EventCancelled"
    assert cancelled["offers"]["availability"] == f"{SCHEMA}Discontinued"
    assert sold_out["eventStatus"] == f"{SCHEMA}EventScheduled"
    assert sold_out["offers"]["availability"] == f"{SCHEMA}SoldOut"


def test_free_event_has_a_zero_price_and_no_end_without_duration():
    event = EventFactory(price_type=Event.PriceType.FREE, price_min=None, price_max=None)
    (data,) = jsonld_from_page(event)["@graph"]
    assert data["offers"]["price"] == "0.00"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert "endDate" not in data


def test_at_most_twenty_showtimes_soonest_first_past_ones_left_out():
    event = EventFactory(showtimes=[at(-10)] + [at(day) for day in range(30, 0, -1)])
    graph = jsonld_from_page(event)["@graph"]
    assert len(graph) == 20
    starts = [datetime.datetime.fromisoformat(item["startDate"]) for item in graph]
    assert starts == [at(day) for day in range(1, 21)]


def test_past_event_describes_its_first_showtime():
    event = EventFactory(showtimes=[at(-5), at(-3)])
    (data,) = jsonld_from_page(event)["@graph"]
    assert datetime.datetime.fromisoformat(data["startDate"]) == at(-5)


def test_jsonld_cannot_close_its_script_element():
    event = EventFactory(title="</script><script>alert(1)</script> & <!-- co")
    html = render("{% event_jsonld event %}", event_page(event))
    assert html.count("</script>") == 1
    assert "<!--" not in html
    assert jsonld_from_page(event)["@graph"][0]["name"] == event.title


def test_jsonld_and_agenda_links_add_no_query_to_the_event_page(concert, django_assert_num_queries):
    event = event_page(concert)
    with django_assert_num_queries(0):
        event_jsonld(event, site_url=SITE_URL)
        agenda_links(event, site_url=SITE_URL)
        render("{% event_jsonld event %}{% agenda_links event %}", event)


def test_agenda_links_for_the_next_showtime(concert):
    Showtime.objects.create(event=concert, starts_at=at(-2))
    event_showtime_bounds_refresh(event=concert)
    links = agenda_links(event_page(concert), site_url=SITE_URL)
    start, end = at(3).astimezone(datetime.UTC), (at(3) + datetime.timedelta(minutes=90))
    end = end.astimezone(datetime.UTC)

    google = urlsplit(links["google"])
    assert (google.scheme, google.netloc, google.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    params = parse_qs(google.query)
    assert params["action"] == ["TEMPLATE"]
    assert params["text"] == ["Orchestre en plein air"]
    assert params["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"]
    assert params["details"] == [
        f"Un concert sous les étoiles.\n\n{SITE_URL}/evenements/orchestre-en-plein-air/"
    ]
    assert params["location"] == ["Le Transbordeur, 12 rue de la Comédie, 69001 Lyon"]
    assert " " not in links["google"]

    outlook = urlsplit(links["outlook"])
    assert outlook.netloc == "outlook.live.com"
    assert outlook.path == "/calendar/0/deeplink/compose"
    params = parse_qs(outlook.query)
    assert params["subject"] == ["Orchestre en plein air"]
    assert params["startdt"] == [f"{start:%Y-%m-%dT%H:%M:%SZ}"]
    assert params["enddt"] == [f"{end:%Y-%m-%dT%H:%M:%SZ}"]
    assert params["location"] == ["Le Transbordeur, 12 rue de la Comédie, 69001 Lyon"]
    assert "Un concert sous les étoiles." in params["body"][0]

    assert links["ics"] == f"{SITE_URL}/evenements/orchestre-en-plein-air/agenda.ics"


def test_agenda_links_end_two_hours_later_without_end_or_duration():
    event = EventFactory(title="Titre & co + 100 %", showtimes=[at(4)])
    links = agenda_links(event_page(event), site_url=SITE_URL)
    start, end = at(4), at(4) + datetime.timedelta(hours=2)
    params = parse_qs(urlsplit(links["google"]).query)
    assert params["text"] == ["Titre & co + 100 %"]
    assert params["dates"] == [
        f"{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}/"
        f"{end.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    ]


def test_agenda_links_skip_cancelled_showtimes():
    event = EventFactory(showtimes=[at(2), at(6)])
    Showtime.objects.filter(event=event, starts_at=at(2)).update(status="cancelled")
    params = parse_qs(urlsplit(agenda_links(event_page(event), site_url=SITE_URL)["outlook"]).query)
    assert params["startdt"] == [f"{at(6).astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}"]


def test_no_agenda_links_for_a_cancelled_or_past_event():
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    past = EventFactory(showtimes=[at(-3)])
    for event in (cancelled, past):
        assert agenda_links(event_page(event), site_url=SITE_URL) == {}
        assert render("{% agenda_links event %}", event_page(event)).strip() == ""


def test_agenda_links_tag_renders_the_three_links(concert):
    html = render("{% agenda_links event %}", event_page(concert))
    assert "Ajouter à mon agenda" in html
    assert "Google Agenda" in html
    assert "Outlook" in html
    assert "Fichier .ics" in html
    assert 'href="/evenements/orchestre-en-plein-air/agenda.ics"' in html
    assert 'href="https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=' in html
