from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, Showtime
from events.tests.factories import EventFactory, VenueFactory, at

pytestmark = pytest.mark.django_db


def test_price_min_cannot_exceed_price_max():
    event = EventFactory()
    event.price_min, event.price_max = Decimal("40"), Decimal("20")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "Le prix minimum doit être inférieur ou égal au prix maximum." in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(price_min=Decimal("40"))


@pytest.mark.parametrize(
    "url",
    ["http://billetterie.example.org/", "javascript:alert(1)", "ftp://example.org/", "https://"],
)
def test_booking_url_must_be_https(url):
    event = EventFactory()
    event.booking_url = url
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "https://" in str(excinfo.value)


def test_booking_url_https_is_enforced_by_the_database():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(booking_url="http://example.org/")


def test_free_event_has_no_price():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(price_type="gratuit")


def test_slugs_are_unique():
    EventFactory(slug="cyrano")
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(slug="cyrano")


def test_showtime_must_end_after_it_starts():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Showtime.objects.create(event=event, starts_at=at(3), ends_at=at(3, hour=19))


def test_past_showtime_is_never_bookable():
    event = EventFactory(showtimes=[at(-2), at(5)])
    past, future = event.showtimes.order_by("starts_at")
    assert not past.is_bookable
    assert future.is_bookable
    future.status = Showtime.Status.SOLD_OUT
    assert not future.is_bookable


def test_past_event_stays_readable_but_not_bookable(client):
    event = EventFactory(showtimes=[at(-10), at(-9)])
    assert event.is_past
    assert not event.is_bookable
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cet événement est terminé" in html
    assert 'rel="nofollow sponsored">Réserver' not in html


def test_bounds_ignore_cancelled_showtimes():
    event = EventFactory(showtimes=[at(2), at(4)])
    first = event.showtimes.order_by("starts_at").first()
    first.status = Showtime.Status.CANCELLED
    first.save()
    from events.services import event_showtime_bounds_refresh

    event_showtime_bounds_refresh(event=event)
    assert event.first_showtime_at == at(4)
    assert event.next_showtime_at == at(4)


def test_city_slug_follows_the_city():
    venue = VenueFactory(city="Saint-Étienne")
    assert venue.city_slug == "saint-etienne"
