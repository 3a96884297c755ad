import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from events.models import Advertiser, Artist, Category, Credit, Event, Showtime, Venue
from events.services import event_showtime_bounds_refresh


def category(slug="theatre") -> Category:
    """The categories come from a data migration; transactional tests flush them, so
    they are made again from the migration's own list when missing."""
    from importlib import import_module

    known = import_module("events.migrations.0002_categories").CATEGORIES
    name, description = next((n, d) for n, s, d in known if s == slug)
    return Category.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )[0]


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Théâtre numéro {n}")
    slug = factory.Sequence(lambda n: f"theatre-{n}")
    address = "12 rue de la Comédie"
    postal_code = "69001"
    city = "Lyon"
    latitude = Decimal("45.767000")
    longitude = Decimal("4.834000")
    phone = "04 78 00 00 00"


class AdvertiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advertiser

    name = factory.Sequence(lambda n: f"Compagnie {n}")
    slug = factory.Sequence(lambda n: f"compagnie-{n}")
    kind = Advertiser.Kind.PRODUCTION
    verified = True


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artist

    name = factory.Sequence(lambda n: f"Artiste {n}")
    slug = factory.Sequence(lambda n: f"artiste-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Spectacle {n}")
    slug = factory.Sequence(lambda n: f"spectacle-{n}")
    category = factory.LazyFunction(category)
    advertiser = factory.SubFactory(AdvertiserFactory)
    venue = factory.SubFactory(VenueFactory)
    summary = "Une soirée au théâtre."
    price_type = Event.PriceType.PAID
    price_min = Decimal("15")
    price_max = Decimal("30")
    booking_url = "https://billetterie.example.org/spectacle"
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def showtimes(self, create, extracted, **kwargs):
        """`showtimes=[datetime, …]`; by default one showtime in a week at 20:00."""
        if not create:
            return
        if extracted is None:
            start = timezone.localtime() + datetime.timedelta(days=7)
            extracted = [start.replace(hour=20, minute=0, second=0, microsecond=0)]
        for starts_at in extracted:
            Showtime.objects.create(event=self, starts_at=starts_at)
        event_showtime_bounds_refresh(event=self)


def credit(event, artist=None, role="avec", order=0) -> Credit:
    return Credit.objects.create(
        event=event, artist=artist or ArtistFactory(), role=role, order=order
    )


def at(days: int, hour: int = 20, minute: int = 0) -> datetime.datetime:
    """A local (Europe/Paris) time `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
