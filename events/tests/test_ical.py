"""An event's .ics file, read back with icalendar."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event, Showtime
from events.tests.factories import EventFactory, VenueFactory, at

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.billetnet.fr"


def ics_url(event):
    return reverse("events:ics", kwargs={"slug": event.slug})


def calendar_of(client, event) -> Calendar:
    response = client.get(ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    return Calendar.from_ical(response.content)


def test_ics_has_one_vevent_per_showtime_not_cancelled(client):
    other_venue = VenueFactory(
        name="Salle Rameau", address="29 rue de la Martinière", postal_code="69001"
    )
    event = EventFactory(
        title="Le Misanthrope",
        slug="le-misanthrope",
        summary="Molière, toujours.",
        duration=100,
        showtimes=[at(2), at(3), at(4)],
    )
    second, third = Showtime.objects.filter(event=event).order_by("starts_at")[1:]
    Showtime.objects.filter(pk=second.pk).update(status="cancelled")
    Showtime.objects.filter(pk=third.pk).update(
        venue=other_venue, ends_at=at(4) + datetime.timedelta(hours=3)
    )

    calendar = calendar_of(client, event)

    assert str(calendar["PRODID"]) == "-//Billetnet//Agenda//FR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "Le Misanthrope" in str(calendar["X-WR-CALNAME"])
    first, last = calendar.walk("VEVENT")
    first_pk = Showtime.objects.get(event=event, starts_at=at(2)).pk
    assert str(first["UID"]) == f"showtime-{first_pk}@billetnet.fr"
    assert first.decoded("DTSTART") == at(2)
    assert first.decoded("DTEND") == at(2) + datetime.timedelta(minutes=100)
    assert str(first["SUMMARY"]) == "Le Misanthrope"
    assert str(first["LOCATION"]) == f"{event.venue.name}, 12 rue de la Comédie, 69001 Lyon"
    assert str(first["DESCRIPTION"]) == (
        f"Molière, toujours.\n\n{SITE_URL}/evenements/le-misanthrope/"
    )
    assert str(first["URL"]) == f"{SITE_URL}/evenements/le-misanthrope/"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in first

    assert str(last["UID"]) == f"showtime-{third.pk}@billetnet.fr"
    assert last.decoded("DTSTART") == at(4)
    assert last.decoded("DTEND") == at(4) + datetime.timedelta(hours=3)
    assert str(last["LOCATION"]) == "Salle Rameau, 29 rue de la Martinière, 69001 Lyon"


def test_ics_showtime_without_end_or_duration_lasts_two_hours(client):
    event = EventFactory(showtimes=[at(5)])
    (vevent,) = calendar_of(client, event).walk("VEVENT")
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == datetime.timedelta(hours=2)


def test_cancelled_event_ics_says_cancelled(client):
    event = EventFactory(status=Event.Status.CANCELLED, showtimes=[at(2), at(3)])
    vevents = calendar_of(client, event).walk("VEVENT")
    assert [str(vevent["STATUS"]) for vevent in vevents] == ["CANCELLED", "CANCELLED"]


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.PENDING])
def test_ics_of_an_unpublished_event_is_404(client, status):
    event = EventFactory(status=status)
    assert client.get(ics_url(event)).status_code == 404


def test_ics_of_an_unknown_event_is_404(client):
    assert client.get("/evenements/inconnu/agenda.ics").status_code == 404
