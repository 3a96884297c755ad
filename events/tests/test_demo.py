"""The demo catalogue behind `make run` (`seed_demo`), and the large one for benchmarks."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from events import demo
from events.dates import preset_range
from events.models import Advertiser, Artist, Category, Credit, Event, Showtime, Venue
from events.services import event_showtime_bounds_refresh

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Noon today: the tests of « ce soir » do not depend on the hour they run at.
NOON = timezone.localtime(timezone.now(), PARIS).replace(hour=12, minute=0, second=0, microsecond=0)


def catalogue_delete():
    TaggedItem.objects.all().delete()
    Credit.objects.all().delete()
    Showtime.objects.all().delete()
    Event.objects.all().delete()
    Artist.objects.all().delete()
    Advertiser.objects.all().delete()
    Venue.objects.all().delete()
    Tag.objects.all().delete()


def snapshot() -> dict:
    """Everything a second run could change: row counts and the latest modification."""
    counts = {
        model.__name__: model.objects.count()
        for model in (Event, Showtime, Credit, Venue, Advertiser, Artist, Tag, TaggedItem)
    }
    counts["updated_at"] = Event.objects.aggregate(latest=Max("updated_at"))["latest"]
    return counts


@pytest.fixture(scope="class")
def catalogue(django_db_setup, django_db_blocker):
    """The default catalogue, built once for a class of tests (without posters, for speed)."""
    with django_db_blocker.unblock():
        report = demo.catalogue_seed(posters=False, now=NOON)
        yield report
        catalogue_delete()


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
class TestDefaultCatalogue:
    """The 300-event catalogue that `make run` shows."""

    def test_at_least_300_events_over_every_category(self, catalogue):
        assert catalogue.events >= 300
        assert demo.demo_events().count() >= 300
        used = set(Event.objects.values_list("category__slug", flat=True))
        assert used == set(Category.objects.values_list("slug", flat=True))
        assert len(used) == 12

    def test_40_venues_in_at_least_10_cities_with_contacts(self):
        venues = Venue.objects.all()
        assert venues.count() >= 40
        assert venues.values("city").distinct().count() >= 10
        for venue in venues:
            assert venue.latitude and venue.longitude and venue.capacity
            assert venue.phone and venue.email.endswith(".example.org")
            assert venue.website.startswith("https://") and ".example.org/" in venue.website
        assert venues.filter(wheelchair_access=True).exists()
        assert venues.filter(wheelchair_access=False).exists()
        assert venues.filter(induction_loop=True).exists()

    def test_advertisers_of_the_four_kinds_verified_or_not(self):
        kinds = set(Advertiser.objects.values_list("kind", flat=True))
        assert kinds == set(Advertiser.Kind.values)
        assert Advertiser.objects.filter(verified=True).exists()
        assert Advertiser.objects.filter(verified=False).exists()

    def test_mostly_published_a_few_drafts_pending_and_cancelled(self):
        statuses = dict(Event.objects.values_list("status").annotate(n=Count("pk")))
        total = sum(statuses.values())
        assert statuses[Event.Status.PUBLISHED] >= 0.85 * total
        for status in (Event.Status.DRAFT, Event.Status.PENDING, Event.Status.CANCELLED):
            assert 0 < statuses[status] <= 0.1 * total

    def test_showtimes_past_and_future_cancelled_sold_out_and_accessible(self):
        showtimes = Showtime.objects.all()
        earliest = NOON - datetime.timedelta(days=demo.DAYS_BEFORE + 1)
        latest = NOON + datetime.timedelta(days=demo.DAYS_AFTER + 1)
        assert not showtimes.filter(Q(starts_at__lt=earliest) | Q(starts_at__gt=latest)).exists()
        assert showtimes.filter(starts_at__lt=NOON).exists()
        assert showtimes.filter(starts_at__gt=NOON).exists()
        assert showtimes.filter(status=Showtime.Status.CANCELLED).exists()
        assert showtimes.filter(status=Showtime.Status.SOLD_OUT).exists()
        for feature in ("sign_language", "audio_description", "surtitles", "relaxed"):
            assert showtimes.filter(**{feature: True}).exists(), feature
        hours = {
            timezone.localtime(s, PARIS).hour for s in showtimes.values_list("starts_at", flat=True)
        }
        assert {15, 16, 20} <= hours

    def test_something_to_see_tonight_and_this_weekend(self):
        published = Event.objects.bookable_status()
        for preset in ("ce-soir", "ce-week-end"):
            start, end = preset_range(preset, now=NOON)
            assert published.playing_between(start, end).count() >= 3, preset

    def test_bounds_follow_the_showtimes(self):
        for event in Event.objects.order_by("?")[:20]:
            stored = (event.first_showtime_at, event.next_showtime_at, event.last_showtime_at)
            event_showtime_bounds_refresh(event=event, now=NOON)
            assert stored == (
                event.first_showtime_at,
                event.next_showtime_at,
                event.last_showtime_at,
            )
        assert Event.objects.filter(next_showtime_at__isnull=False).exists()
        assert Event.objects.filter(last_showtime_at__lt=NOON).exists()

    def test_prices_booking_and_offers(self):
        events = Event.objects.all()
        free = events.filter(price_type=Event.PriceType.FREE)
        assert free.exists()
        assert not free.filter(Q(price_min__isnull=False) | Q(price_max__isnull=False)).exists()
        assert events.filter(price_type=Event.PriceType.PAY_WHAT_YOU_WANT).exists()
        paid = events.filter(price_type=Event.PriceType.PAID)
        assert paid.count() > events.count() / 2
        assert not paid.filter(Q(price_min__isnull=True) | Q(price_max__isnull=True)).exists()
        for url in events.values_list("booking_url", flat=True):
            assert url.startswith("https://") and ".example." in url
        assert set(events.values_list("booking_mode", flat=True)) == set(Event.BookingMode.values)
        assert events.with_group_rates().exists()
        assert events.with_promotion().filter(promotion_one_plus_one=False).exists()
        one_plus_one = events.filter(promotion_one_plus_one=True)
        assert one_plus_one.exists()
        for promotion in one_plus_one.values_list("promotion", flat=True):
            assert promotion.startswith("1 place achetée = 1 place offerte")

    def test_young_audience_texts_credits_and_tags(self):
        young = Event.objects.for_young_audience()
        assert young.exists()
        assert not young.filter(age_advice="").exists()
        for event in Event.objects.order_by("?")[:20]:
            assert event.summary and len(event.description.split("\n\n")) >= 3
        roles = set(Credit.objects.values_list("role", flat=True))
        assert {"mise en scène", "avec", "chorégraphie", "texte", "direction musicale"} <= roles
        tagged = Event.objects.filter(tags__isnull=False).distinct().count()
        assert tagged >= 0.9 * Event.objects.count()
        titles = Event.objects.values("title").distinct().count()
        assert titles >= 0.6 * Event.objects.count()

    def test_running_seed_demo_again_changes_nothing(self):
        before = snapshot()
        out = io.StringIO()
        call_command("seed_demo", "--no-posters", stdout=out)
        call_command("seed_demo", "--no-posters", verbosity=0, stdout=out)
        assert snapshot() == before
        assert "déjà en place" in out.getvalue()


@pytest.mark.django_db
def test_the_normal_catalogue_draws_posters_with_renditions():
    report = demo.catalogue_seed(events=4, now=NOON)
    assert report.posters == 4
    for event in Event.objects.all():
        assert (event.poster_width, event.poster_height) == demo.POSTER_SIZE
        storage, name = event.poster.storage, event.poster.name
        assert name.endswith("-640.webp")
        assert storage.exists(name) and storage.exists(name.replace("-640.", "-320."))


@pytest.mark.django_db
def test_a_poster_reads_without_a_system_font(monkeypatch):
    monkeypatch.setattr(demo, "FONT_FILES", ("no-such-font.ttf",))
    demo._font.cache_clear()
    try:
        image = demo.poster_draw(
            title="Cœur de l'Écusson",
            category_slug="opera",
            category_name="Opéra",
            venue="Opéra de la Baie",
            city="Nice",
            dates="Le 1er mars 2027",
        )
    finally:
        demo._font.cache_clear()
    assert image.size == demo.POSTER_SIZE


@pytest.mark.django_db
def test_bulk_catalogue_has_showtimes_bounds_and_a_shared_poster_pool():
    report = demo.catalogue_seed_bulk(events=60, now=NOON, batch_size=25, poster_pool=3)
    assert report.events == 60
    assert report.posters == 3
    events = Event.objects.all()
    assert not events.filter(poster="").exists()
    assert events.values("poster").distinct().count() == 3
    for event in events:
        stored = (event.first_showtime_at, event.next_showtime_at, event.last_showtime_at)
        event_showtime_bounds_refresh(event=event, now=NOON)
        assert stored == (event.first_showtime_at, event.next_showtime_at, event.last_showtime_at)


@pytest.mark.django_db
def test_seed_demo_events_builds_in_bulk_once():
    out = io.StringIO()
    call_command("seed_demo", "--events", "2000", "--no-posters", stdout=out)
    output = out.getvalue()
    assert "2000/2000 événements" in output and "(en masse)" in output
    assert demo.demo_events().count() == 2000
    per_event = Event.objects.annotate(n=Count("showtimes")).values_list("n", flat=True)
    # The nightly shows aside, one to eight showtimes per event.
    assert sum(1 for n in per_event if not 1 <= n <= 8) <= len(demo.NIGHTLY)
    # No first showtime only when every showtime is cancelled.
    playing = [Showtime.Status.SCHEDULED, Showtime.Status.SOLD_OUT]
    assert not Event.objects.filter(
        first_showtime_at__isnull=True, showtimes__status__in=playing
    ).exists()
    assert Event.objects.filter(next_showtime_at__isnull=False).count() > 1000
    assert TaggedItem.objects.count() >= 2000
    assert Credit.objects.count() >= 2000

    before = snapshot()
    quiet = io.StringIO()
    call_command("seed_demo", "--events", "2000", verbosity=0, stdout=quiet)
    assert snapshot() == before
    assert quiet.getvalue() == ""


@pytest.mark.django_db
def test_seed_demo_refuses_a_number_of_events_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="positif"):
        call_command("seed_demo", "--events", "0")


@pytest.mark.django_db
def test_large_catalogues_are_multiplied_in_sql():
    from django.db import connection

    from events.models import Credit, Event, Showtime

    demo.catalogue_seed_bulk(events=40, now=NOON, batch_size=20, poster_pool=0, posters=False)
    copied = demo.catalogue_multiply(events=100)
    assert copied == 60
    assert demo.demo_events().count() == 100
    copy = Event.objects.get(slug__endswith="-x1", title=Event.objects.order_by("id").first().title)
    original = Event.objects.order_by("id").first()
    assert Showtime.objects.filter(event=copy).count() == original.showtimes.count()
    assert Credit.objects.filter(event=copy).count() == original.credits.count()
    assert set(copy.tags.names()) == set(original.tags.names())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.search_vector = b.search_vector FROM events_event a, events_event b "
            "WHERE a.id = %s AND b.id = %s",
            [copy.pk, original.pk],
        )
        assert cursor.fetchone()[0] is True
    assert demo.catalogue_multiply(events=100) == 0


@pytest.mark.django_db
def test_a_copied_event_reads_its_next_showtime_from_its_own_showtimes():
    """The first round of copies plays a day later than the originals: a showtime the
    original played twelve hours ago is one of its copy's upcoming ones, twelve hours from
    now, so the copy's next showtime is not the original's next one moved by a day (the
    search trusts `next_showtime_at` to come before every showtime still to play)."""
    demo.catalogue_seed_bulk(events=20, now=NOON, batch_size=20, poster_pool=0, posters=False)
    original = demo.demo_events().order_by("id").first()
    played = timezone.now() - datetime.timedelta(hours=12)
    Showtime.objects.create(event=original, starts_at=played, venue_id=original.venue_id)
    event_showtime_bounds_refresh(event=original)
    assert original.next_showtime_at is None or original.next_showtime_at > played

    demo.catalogue_multiply(events=40)
    copies = Event.objects.filter(slug__endswith="-x1")
    assert copies.count() == 20
    copy = copies.get(slug=f"{original.slug}-x1")
    assert copy.next_showtime_at <= played + datetime.timedelta(days=1)
    for event in copies:
        upcoming = event.showtimes.filter(starts_at__gte=timezone.now()).exclude(
            status=Showtime.Status.CANCELLED
        )
        assert event.next_showtime_at == min((s.starts_at for s in upcoming), default=None)
