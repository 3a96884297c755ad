"""« Réserver »: one click counted, then the stored address; never an open redirect."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import BookingClick, BookingClickDaily, Event, Showtime
from events.services import booking_clicks_rollup, booking_target_url, events_popularity_refresh
from events.tests.factories import EventFactory, at

pytestmark = pytest.mark.django_db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.fixture
def event():
    return EventFactory(
        booking_url="https://billetterie.example.org/spectacle?lang=fr&utm_source=autre",
        showtimes=[at(3), at(4)],
    )


def book(client, event, **params):
    return client.get(reverse("events:book", args=[event.slug]), params, headers=BROWSER)


def test_redirects_to_the_stored_address_with_utm(client, event):
    response = book(client, event)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == (
        "https",
        "billetterie.example.org",
        "/spectacle",
    )
    assert parse_qs(target.query) == {
        "lang": ["fr"],
        "utm_source": ["billetnet"],
        "utm_medium": ["referral"],
    }
    assert response["Cache-Control"] == "no-store"


def test_target_url_keeps_fragments_and_parameters():
    url = booking_target_url("https://example.org/a/b?x=1&x=2#places")
    assert url == "https://example.org/a/b?x=1&x=2&utm_source=billetnet&utm_medium=referral#places"


def test_one_click_is_recorded(client, event):
    book(client, event)
    click = BookingClick.objects.get()
    assert click.event == event
    assert click.showtime is None
    assert click.is_unique and not click.is_bot
    assert len(click.visitor_hash) == 64
    assert click.source == "direct"
    assert click.user is None


def test_click_records_the_source_page_and_the_member(member_client, member, event):
    member_client.get(
        reverse("events:book", args=[event.slug]),
        headers={**BROWSER, "Referer": f"http://testserver{event.get_absolute_url()}?x=1"},
    )
    click = BookingClick.objects.get()
    assert click.source == event.get_absolute_url()
    assert click.user == member


def test_external_referer_is_not_stored(client, event):
    client.get(
        reverse("events:book", args=[event.slug]),
        headers={**BROWSER, "Referer": "https://ailleurs.example.com/page?secret=1"},
    )
    assert BookingClick.objects.get().source == "externe"


@pytest.mark.parametrize("asynchronous", [True, False])
def test_a_click_commits_as_the_setting_says(client, event, settings, asynchronous):
    """A click waits for the disk or not, as the setting says (on by default: see
    billetnet/tests/test_settings.py)."""
    settings.BOOKING_CLICK_ASYNC_COMMIT = asynchronous
    assert book(client, event).status_code == 302
    assert BookingClick.objects.filter(event=event).count() == 1
    # The test's transaction is still open: the statement's setting holds until it ends.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == ("off" if asynchronous else "on")


def test_showtime_click(client, event):
    showtime = event.showtimes.first()
    assert book(client, event, seance=showtime.pk).status_code == 302
    assert BookingClick.objects.get().showtime == showtime


@pytest.mark.parametrize("seance", ["abc", "-1", "1.5", "999999"])
def test_unknown_showtime_is_a_404(client, event, seance):
    assert book(client, event, seance=seance).status_code == 404
    assert not BookingClick.objects.exists()


def test_showtime_of_another_event_is_a_404(client, event):
    other = EventFactory()
    assert book(client, event, seance=other.showtimes.first().pk).status_code == 404


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.PENDING])
def test_unpublished_event_is_a_404(client, status):
    event = EventFactory(status=status)
    assert book(client, event).status_code == 404
    assert not BookingClick.objects.exists()


def test_unknown_event_is_a_404(client):
    assert client.get("/evenements/inconnu/reserver/").status_code == 404


def test_cancelled_event_explains_and_does_not_redirect(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    response = book(client, event)
    assert response.status_code == 410
    assert "est annulé" in response.content.decode()
    assert not BookingClick.objects.exists()


def test_past_event_and_past_cancelled_or_sold_out_showtimes_explain(client):
    event = EventFactory(showtimes=[at(-3), at(2), at(3)])
    past, cancelled, sold_out = event.showtimes.order_by("starts_at")
    Showtime.objects.filter(pk=cancelled.pk).update(status=Showtime.Status.CANCELLED)
    Showtime.objects.filter(pk=sold_out.pk).update(status=Showtime.Status.SOLD_OUT)
    for showtime, text in [
        (past, "a déjà eu lieu"),
        (cancelled, "est annulée"),
        (sold_out, "complète"),
    ]:
        response = book(client, event, seance=showtime.pk)
        assert response.status_code == 410
        assert text in response.content.decode()
    finished = EventFactory(showtimes=[at(-5)])
    assert book(client, finished).status_code == 410
    assert not BookingClick.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"next": "https://evil.example/"},
        {"url": "https://evil.example/"},
        {"url": "//evil.example/"},
        {"next": "/\\evil.example"},
        {"redirect": "https%3A%2F%2Fevil.example"},
        {"booking_url": "javascript:alert(1)"},
        {"seance": "1", "next": "//evil.example"},
    ],
)
def test_the_target_never_comes_from_the_request(client, event, params):
    response = client.get(reverse("events:book", args=[event.slug]), params, headers=BROWSER)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).netloc == "billetterie.example.org"
    else:
        assert response.status_code == 404
    assert "evil" not in response.get("Location", "")


def test_same_visitor_counts_once_per_half_hour(client, event):
    book(client, event)
    book(client, event)
    assert list(BookingClick.objects.order_by("pk").values_list("is_unique", flat=True)) == [
        True,
        False,
    ]
    BookingClick.objects.update(clicked_at=timezone.now() - datetime.timedelta(minutes=31))
    book(client, event)
    assert BookingClick.objects.filter(is_unique=True).count() == 2


def test_another_visitor_counts_again(client, event):
    book(client, event)
    client.get(
        reverse("events:book", args=[event.slug]),
        headers={"User-Agent": "Mozilla/5.0 Safari/605"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert BookingClick.objects.filter(is_unique=True).count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0)"},
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": ""},
        {**BROWSER, "Sec-Purpose": "prefetch"},
        {**BROWSER, "Sec-Purpose": "prefetch;prerender"},
        {**BROWSER, "Purpose": "prefetch"},
    ],
)
def test_bots_and_prefetches_are_stored_as_bots(client, event, headers):
    response = client.get(reverse("events:book", args=[event.slug]), headers=headers)
    assert response.status_code == 302
    click = BookingClick.objects.get()
    assert click.is_bot and not click.is_unique


def test_head_requests_are_bots(client, event):
    response = client.head(reverse("events:book", args=[event.slug]), headers=BROWSER)
    assert response.status_code == 302
    assert BookingClick.objects.get().is_bot


def test_nothing_identifying_is_stored(client, event):
    client.get(
        reverse("events:book", args=[event.slug]),
        headers={"User-Agent": "Mozilla/5.0 UniqueBrowser/1.0"},
        REMOTE_ADDR="203.0.113.7",
    )
    values = " ".join(str(v) for v in BookingClick.objects.values().get().values())
    assert "203.0.113.7" not in values
    assert "UniqueBrowser" not in values


def test_links_and_robots(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    url = reverse("events:book", args=[event.slug])
    assert f'href="{url}"' in html
    assert f'href="{url}?seance=' in html
    assert 'rel="nofollow sponsored"' in html
    assert "Vous quittez Billetnet" in html
    assert "Billetnet ne facture rien" in html
    list_html = client.get(reverse("events:list")).content.decode()
    assert f'href="{url}"' in list_html
    assert "Disallow: /evenements/*/reserver/" in client.get("/robots.txt").content.decode()


def test_rollup_counts_per_day_without_bots_and_is_idempotent(client, event):
    book(client, event)
    book(client, event)
    client.get(reverse("events:book", args=[event.slug]), headers={"User-Agent": "Googlebot"})
    today = timezone.localdate()
    booking_clicks_rollup(first_day=today, last_day=today)
    booking_clicks_rollup(first_day=today, last_day=today)
    daily = BookingClickDaily.objects.get()
    assert (daily.day, daily.clicks, daily.unique_clicks) == (today, 2, 1)
    events_popularity_refresh()
    event.refresh_from_db()
    assert event.popularity == 1


@pytest.mark.parametrize("seance", ["²", "٣", "¹²"])
def test_non_ascii_digits_are_a_404(client, event, seance):
    assert book(client, event, seance=seance).status_code == 404


@pytest.mark.parametrize("seance", ["0", "9223372036854775808", "9" * 40, "9" * 5000])
def test_showtime_ids_out_of_range_are_a_404(client, event, seance):
    assert book(client, event, seance=seance).status_code == 404
    assert not BookingClick.objects.exists()


def test_a_click_is_one_statement(client, event, django_assert_num_queries):
    """Finding the event, deciding it can be booked and recording the click: one query."""
    showtime = event.showtimes.first()
    with django_assert_num_queries(1):
        assert book(client, event).status_code == 302
    with django_assert_num_queries(1):
        assert book(client, event, seance=showtime.pk).status_code == 302
    assert BookingClick.objects.filter(showtime=showtime).count() == 1


def test_a_past_sold_out_showtime_says_it_has_played(client):
    event = EventFactory(showtimes=[at(-3), at(2)])
    past = event.showtimes.order_by("starts_at").first()
    Showtime.objects.filter(pk=past.pk).update(status=Showtime.Status.SOLD_OUT)
    response = book(client, event, seance=past.pk)
    assert response.status_code == 410
    assert "a déjà eu lieu" in response.content.decode()
