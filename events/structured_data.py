"""The event page's machine-readable side: schema.org JSON-LD and « Ajouter à mon agenda » links.

Both read only what `Event.objects.for_event_page()` has already loaded (category,
venue, advertiser, credits with their artists, showtimes with their venues), so the
event page gains no query.
"""

import datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from .models import Event, Showtime, Venue

PARIS = ZoneInfo("Europe/Paris")
SCHEMA = "https://schema.org"
# Showtimes that started less than this long ago still get their own Event.
RECENT = datetime.timedelta(days=1)
MAX_JSONLD_SHOWTIMES = 20
# Search engines are shown a note only once enough members have given one.
MIN_RATINGS_FOR_AGGREGATE = 3
# Calendars need an end: without an end time or a duration, assume two hours.
DEFAULT_CALENDAR_DURATION = datetime.timedelta(hours=2)

EVENT_TYPES = {
    "theatre": "TheaterEvent",
    "concerts": "MusicEvent",
    "opera": "MusicEvent",
    "musique-classique": "MusicEvent",
    "enfants": "ChildrensEvent",
    "humour": "ComedyEvent",
    "danse": "DanceEvent",
    "expositions": "ExhibitionEvent",
    "festivals": "Festival",
    "sports": "SportsEvent",
}


def absolute_url(site_url: str, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url.rstrip('/')}{path}"


def showtime_end(showtime: Showtime, event: Event) -> datetime.datetime | None:
    """The showtime's end if known: its own, else its start plus the event's duration."""
    if showtime.ends_at:
        return showtime.ends_at
    if event.duration:
        return showtime.starts_at + datetime.timedelta(minutes=event.duration)
    return None


def showtime_calendar_end(showtime: Showtime, event: Event) -> datetime.datetime:
    return showtime_end(showtime, event) or showtime.starts_at + DEFAULT_CALENDAR_DURATION


def showtime_venue(showtime: Showtime, event: Event) -> Venue:
    return showtime.venue if showtime.venue_id else event.venue


def venue_one_line(venue: Venue) -> str:
    return f"{venue.name}, {venue.address}, {venue.postal_code} {venue.city}"


def _paris_iso(value: datetime.datetime) -> str:
    return value.astimezone(PARIS).isoformat()


def _event_type(event: Event) -> str:
    return EVENT_TYPES.get(event.category.slug, "Event")


def _place(venue: Venue, site_url: str) -> dict:
    place = {
        "@type": "Place",
        "name": venue.name,
        "url": absolute_url(site_url, venue.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.postal_code,
            "addressLocality": venue.city,
            "addressCountry": "FR",
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def _price(event: Event) -> str | None:
    if event.price_type in (Event.PriceType.FREE, Event.PriceType.PAY_WHAT_YOU_WANT):
        return f"{event.price_min or 0:.2f}"
    price = event.price_min if event.price_min is not None else event.price_max
    return None if price is None else f"{price:.2f}"


def _offer(event: Event, showtime: Showtime, event_url: str, cancelled: bool) -> dict:
    if cancelled:
        availability = "Discontinued"
    elif showtime.status == Showtime.Status.SOLD_OUT:
        availability = "SoldOut"
    else:
        availability = "InStock"
    # The event page, not the booking_url: « Réserver » goes through a tracked redirect.
    offer = {"@type": "Offer", "url": event_url, "priceCurrency": "EUR"}
    price = _price(event)
    if price is not None:
        offer["price"] = price
    offer["availability"] = f"{SCHEMA}/{availability}"
    if event.published_at:
        offer["validFrom"] = _paris_iso(event.published_at)
    return offer


def _performers(event: Event, site_url: str) -> list[dict]:
    performers, seen = [], set()
    for credit in event.credits.all():
        if credit.artist_id in seen:
            continue
        seen.add(credit.artist_id)
        performers.append(
            {
                "@type": "Person",
                "name": credit.artist.name,
                "url": absolute_url(site_url, credit.artist.get_absolute_url()),
            }
        )
    return performers


def jsonld_showtimes(event: Event, now: datetime.datetime | None = None) -> list[Showtime]:
    """Upcoming and recent showtimes, soonest first; the first one if there are none."""
    now = now or timezone.now()
    showtimes = list(event.showtimes.all())
    showtimes.sort(key=lambda showtime: showtime.starts_at)
    current = [s for s in showtimes if s.starts_at >= now - RECENT]
    return current[:MAX_JSONLD_SHOWTIMES] or showtimes[:1]


def _aggregate_rating(event: Event) -> dict | None:
    """The members' note (Event.rating_*, kept by the reviews app), from 3 reviews on."""
    if event.rating_count < MIN_RATINGS_FOR_AGGREGATE or event.rating_average is None:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": str(event.rating_average.normalize()),
        "ratingCount": event.rating_count,
        "reviewCount": event.rating_count,
        "bestRating": 5,
        "worstRating": 1,
    }


def event_jsonld(event: Event, *, site_url: str, now: datetime.datetime | None = None) -> dict:
    """schema.org data for the event page: one Event per upcoming or recent showtime."""
    event_url = absolute_url(site_url, event.get_absolute_url())
    event_type = _event_type(event)
    image = absolute_url(site_url, event.poster.url) if event.poster else None
    performers = _performers(event, site_url)
    organizer = {
        "@type": "Organization",
        "name": event.advertiser.name,
        "url": absolute_url(site_url, event.advertiser.get_absolute_url()),
    }
    rating = _aggregate_rating(event)
    graph = []
    for showtime in jsonld_showtimes(event, now):
        cancelled = event.is_cancelled or showtime.status == Showtime.Status.CANCELLED
        data = {
            "@type": event_type,
            "@id": f"{event_url}#representation-{showtime.pk}",
            "name": event.title,
            "url": event_url,
            "description": event.summary,
            "startDate": _paris_iso(showtime.starts_at),
        }
        end = showtime_end(showtime, event)
        if end:
            data["endDate"] = _paris_iso(end)
        data["eventStatus"] = f"{SCHEMA}/{'EventCancelled' if cancelled else 'EventScheduled'}"
        data["eventAttendanceMode"] = f"{SCHEMA}/OfflineEventAttendanceMode"
        data["location"] = _place(showtime_venue(showtime, event), site_url)
        if image:
            data["image"] = [image]
        data["offers"] = _offer(event, showtime, event_url, cancelled)
        if performers:
            data["performer"] = performers
        data["organizer"] = organizer
        if rating:
            data["aggregateRating"] = rating
        if event.language.strip().lower() == "français":
            data["inLanguage"] = "fr"
        graph.append(data)
    return {"@context": SCHEMA, "@graph": graph}


def next_calendar_showtime(event: Event, now: datetime.datetime | None = None) -> Showtime | None:
    now = now or timezone.now()
    upcoming = [
        showtime
        for showtime in event.showtimes.all()
        if showtime.starts_at >= now and showtime.status != Showtime.Status.CANCELLED
    ]
    return min(upcoming, key=lambda showtime: showtime.starts_at, default=None)


def _utc_compact(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc_iso(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _query(params: dict) -> str:
    return urlencode(params, quote_via=quote, safe="")


def agenda_links(event: Event, *, site_url: str, now: datetime.datetime | None = None) -> dict:
    """Google Agenda, Outlook and .ics links for the next showtime.

    Empty when there is nothing left to add: a cancelled event, or no showtime to come.
    """
    if event.is_cancelled:
        return {}
    showtime = next_calendar_showtime(event, now)
    if showtime is None:
        return {}
    event_url = absolute_url(site_url, event.get_absolute_url())
    start, end = showtime.starts_at, showtime_calendar_end(showtime, event)
    details = f"{event.summary}\n\n{event_url}"
    location = venue_one_line(showtime_venue(showtime, event))
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_compact(start)}/{_utc_compact(end)}",
        "details": details,
        "location": location,
        "ctz": "Europe/Paris",
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc_iso(start),
        "enddt": _utc_iso(end),
        "body": details,
        "location": location,
    }
    return {
        "google": f"https://calendar.google.com/calendar/render?{_query(google)}",
        "outlook": f"https://outlook.live.com/calendar/0/deeplink/compose?{_query(outlook)}",
        "ics": absolute_url(site_url, reverse("events:ics", kwargs={"slug": event.slug})),
    }
