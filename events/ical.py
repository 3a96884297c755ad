"""An event's showtimes as an iCalendar file (« Ajouter à mon agenda » → « Fichier .ics »)."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, Showtime
from .structured_data import absolute_url, showtime_calendar_end, showtime_venue, venue_one_line

PRODID = "-//Billetnet//Agenda//FR"
UID_DOMAIN = "billetnet.fr"


def event_calendar(event: Event, *, site_url: str) -> Calendar:
    """One VEVENT per showtime that is not cancelled; all CANCELLED if the event is."""
    event_url = absolute_url(site_url, event.get_absolute_url())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{event.title} — Billetnet")
    status = "CANCELLED" if event.is_cancelled else "CONFIRMED"
    for showtime in event.showtimes.all():
        if showtime.status == Showtime.Status.CANCELLED:
            continue
        venue = showtime_venue(showtime, event)
        item = CalendarEvent()
        item.add("uid", f"showtime-{showtime.pk}@{UID_DOMAIN}")
        item.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("dtstart", showtime.starts_at.astimezone(datetime.UTC))
        item.add("dtend", showtime_calendar_end(showtime, event).astimezone(datetime.UTC))
        item.add("summary", event.title)
        item.add("location", venue_one_line(venue))
        if venue.latitude is not None and venue.longitude is not None:
            item.add("geo", (float(venue.latitude), float(venue.longitude)))
        item.add("description", f"{event.summary}\n\n{event_url}")
        item.add("url", event_url)
        item.add("status", status)
        calendar.add_component(item)
    return calendar


@require_GET
def event_ics(request, slug):
    showtimes = Showtime.objects.for_event_page()
    event = get_object_or_404(
        Event.objects.published()
        .select_related("venue")
        .prefetch_related(Prefetch("showtimes", queryset=showtimes)),
        slug=slug,
    )
    calendar = event_calendar(event, site_url=settings.SITE_URL)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
