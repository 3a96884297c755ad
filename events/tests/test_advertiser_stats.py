"""The advertiser's click statistics: right figures, members only, flat cost."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events.models import AdvertiserMembership, BookingClick
from events.services import booking_clicks_rollup
from events.tests.factories import AdvertiserFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    owner = UserFactory()
    advertiser = AdvertiserFactory()
    AdvertiserMembership.objects.create(advertiser=advertiser, user=owner, role="owner")
    event = EventFactory(advertiser=advertiser, title="Cyrano")
    other_event = EventFactory(title="Chez les voisins")
    showtime = event.showtimes.first()
    now = timezone.now()

    def clicks(n, *, days_ago=0, unique=True, bot=False, on=event, showtime=None, source="/"):
        BookingClick.objects.bulk_create(
            BookingClick(
                event=on,
                showtime=showtime,
                clicked_at=now - datetime.timedelta(days=days_ago),
                source=source,
                visitor_hash=f"v{i}",
                is_unique=unique,
                is_bot=bot,
            )
            for i in range(n)
        )

    clicks(3, days_ago=0, source=event.get_absolute_url())
    clicks(2, days_ago=0, unique=False, showtime=showtime)
    clicks(4, days_ago=5)
    clicks(7, days_ago=40)
    clicks(9, days_ago=0, bot=True)
    clicks(5, days_ago=0, on=other_event)
    today = timezone.localdate()
    booking_clicks_rollup(first_day=today - datetime.timedelta(days=90), last_day=today)
    client.force_login(owner)
    return {"client": client, "advertiser": advertiser, "event": event, "owner": owner}


def url(advertiser, name="space-statistics"):
    return reverse(f"events:{name}", args=[advertiser.slug])


def test_figures_per_period(setup):
    client, advertiser = setup["client"], setup["advertiser"]
    context = client.get(url(advertiser)).context
    assert (context["total_clicks"], context["total_unique"]) == (9, 7)
    assert context["days"] == 30
    assert len(context["series"]) == 30
    assert context["series"][-1].clicks == 5
    context = client.get(url(advertiser), {"periode": "90"}).context
    assert context["total_clicks"] == 16
    context = client.get(url(advertiser), {"periode": "7"}).context
    assert context["total_clicks"] == 9
    assert [row["event__title"] for row in context["per_event"]] == ["Cyrano"]
    assert context["per_showtime"][0]["clicks"] == 2
    sources = {row["source"]: row["clicks"] for row in context["per_source"]}
    assert sources[setup["event"].get_absolute_url()] == 3


def test_todays_clicks_appear_without_waiting_for_the_nightly_rollup(setup):
    client, advertiser, event = setup["client"], setup["advertiser"], setup["event"]
    BookingClick.objects.create(event=event, visitor_hash="new", source="/")
    assert client.get(url(advertiser)).context["series"][-1].clicks == 6


def test_chart_is_svg_with_a_table_for_screen_readers(setup):
    html = setup["client"].get(url(setup["advertiser"])).content.decode()
    assert '<svg viewBox="0 0 720 220"' in html
    assert 'role="img"' in html
    assert "<rect" in html
    assert '<caption id="chart-table-caption">Clics par jour</caption>' in html


def test_csv_export(setup):
    response = setup["client"].get(
        url(setup["advertiser"], "space-statistics-csv"), {"periode": "90"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "jour",
        "événement",
        "représentation",
        "page d'origine",
        "clics",
        "clics uniques",
    ]
    assert sum(int(row[4]) for row in rows[1:]) == 16
    assert all(row[1] == "Cyrano" for row in rows[1:])


@pytest.mark.parametrize("name", ["space-statistics", "space-statistics-csv"])
def test_only_members_see_the_figures(client, setup, name):
    advertiser = setup["advertiser"]
    anonymous = type(client)().get(url(advertiser, name))
    assert anonymous.status_code == 302
    stranger = type(client)()
    stranger.force_login(UserFactory())
    assert stranger.get(url(advertiser, name)).status_code == 404
    editor = UserFactory()
    AdvertiserMembership.objects.create(advertiser=advertiser, user=editor, role="editor")
    colleague = type(client)()
    colleague.force_login(editor)
    assert colleague.get(url(advertiser, name)).status_code == 200


def test_query_count_does_not_grow_with_clicks(setup, django_assert_max_num_queries):
    client, advertiser, event = setup["client"], setup["advertiser"], setup["event"]
    BookingClick.objects.bulk_create(
        BookingClick(event=event, visitor_hash=f"x{i}", source="/") for i in range(500)
    )
    # session, user, membership, event ids, today's roll-up (delete + insert), four reads
    # of the roll-up, the savepoints of the roll-up's transaction: none per click.
    with django_assert_max_num_queries(13):
        assert client.get(url(advertiser), {"periode": "90"}).status_code == 200
