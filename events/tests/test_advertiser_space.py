"""L'espace annonceur: who may see what (404 for everything foreign), the event,
showtime, team and application forms, their French errors on bad input, and
that nothing is half-saved or created twice."""

import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.tests.factories import UserFactory
from events import services
from events.models import (
    Advertiser,
    AdvertiserApplication,
    AdvertiserMembership,
    Artist,
    Credit,
    Event,
    Showtime,
    Venue,
)
from events.services import DuplicateSubmission, advertiser_event_duplicate
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

OWNER = AdvertiserMembership.Role.OWNER
EDITOR = AdvertiserMembership.Role.EDITOR


def member_of(advertiser, role=EDITOR, **user_kwargs):
    user = UserFactory(**user_kwargs)
    AdvertiserMembership.objects.create(advertiser=advertiser, user=user, role=role)
    return user


@pytest.fixture
def advertiser():
    return AdvertiserFactory(name="Compagnie du Rideau", slug="compagnie-du-rideau")


@pytest.fixture
def owner(advertiser):
    return member_of(advertiser, OWNER)


@pytest.fixture
def editor(advertiser):
    return member_of(advertiser, EDITOR)


@pytest.fixture
def event(advertiser):
    return EventFactory(advertiser=advertiser, title="Le Misanthrope", slug="le-misanthrope")


@pytest.fixture
def venue():
    return VenueFactory(name="Théâtre des Célestins", city="Lyon")


def login(client, user):
    client.force_login(user)
    return client


def url(name, advertiser=None, event=None, **kwargs):
    if advertiser is not None:
        kwargs["advertiser"] = advertiser.slug
    if event is not None:
        kwargs["event"] = event.slug
    return reverse(f"events:{name}", kwargs=kwargs)


def text(response) -> str:
    """The page's text, entities decoded (Django escapes apostrophes)."""
    return html.unescape(response.content.decode())


def event_data(venue, **overrides) -> dict:
    """What the event form posts: a complete, valid event, with two distribution lines."""
    data = {
        "title": "Tartuffe",
        "category": category("theatre").pk,
        "summary": "L'hypocrite démasqué.",
        "description": "Une comédie de Molière.",
        "tags": "comédie, Molière",
        "venue": venue.pk if venue else "",
        "new_venue_name": "",
        "new_venue_address": "",
        "new_venue_postal_code": "",
        "new_venue_city": "",
        "duration": "110",
        "age_advice": "dès 12 ans",
        "min_age": "12",
        "language": "français",
        "price_type": "payant",
        "price_min": "15",
        "price_max": "32.50",
        "booking_url": "https://billetterie.example.org/tartuffe?seance=1",
        "booking_mode": "e_billet",
        "group_rates": "12 € dès 10 personnes",
        "promotion": "1 place achetée = 1 place offerte le jeudi",
        "promotion_one_plus_one": "on",
        "action": "publish",
        "distribution-TOTAL_FORMS": "3",
        "distribution-INITIAL_FORMS": "0",
        "distribution-MIN_NUM_FORMS": "0",
        "distribution-MAX_NUM_FORMS": "40",
        "distribution-0-artist_name": "Sarah Bernard",
        "distribution-0-role": "avec",
        "distribution-1-artist_name": "Jean Nouveau",
        "distribution-1-role": "mise en scène",
        "distribution-2-artist_name": "",
        "distribution-2-role": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def showtime_data(event, rows, *, existing=None) -> dict:
    """The showtimes formset: `existing` showtimes (changed by `rows` when given), then new rows."""
    existing = list(existing if existing is not None else [])
    data = {
        "seances-TOTAL_FORMS": str(len(rows)),
        "seances-INITIAL_FORMS": str(len(existing)),
        "seances-MIN_NUM_FORMS": "0",
        "seances-MAX_NUM_FORMS": "400",
    }
    for index, row in enumerate(rows):
        prefix = f"seances-{index}-"
        if index < len(existing):
            data[f"{prefix}id"] = str(existing[index].pk)
        data[f"{prefix}starts_at"] = local(row["starts_at"]) if row.get("starts_at") else ""
        data[f"{prefix}ends_at"] = local(row["ends_at"]) if row.get("ends_at") else ""
        data[f"{prefix}venue"] = str(row["venue"].pk) if row.get("venue") else ""
        data[f"{prefix}status"] = row.get("status", "scheduled")
        for flag in ("sign_language", "audio_description", "surtitles", "relaxed"):
            if row.get(flag):
                data[f"{prefix}{flag}"] = "on"
    return data


def png_bytes(size=(800, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- Who sees what ---------------------------------------------------------------------------


# Every espace annonceur URL of an advertiser: (name, needs the event, owners only, what an
# empty POST from a member answers). The writing ones come last, in an order where each
# still has something to act on; an empty POST is bad input (400) or a confirmation (302).
WALK = [
    ("space-dashboard", False, False, 405),
    ("space-event-create", False, False, 400),
    ("space-event-edit", True, False, 400),
    ("space-showtimes", True, False, 400),
    ("space-members", False, True, 400),
    ("space-event-duplicate", True, False, 302),
    ("space-event-cancel", True, False, 302),
    ("space-member-remove", False, True, 302),
]


@pytest.fixture
def walk(advertiser, owner, editor, event):
    """[(name, address, owners only, status of an empty POST)] for every advertiser page."""
    removed = AdvertiserMembership.objects.get(user=editor)
    addresses = []
    for name, with_event, owners_only, posted in WALK:
        kwargs = {"membership": removed.pk} if name == "space-member-remove" else {}
        address = url(name, advertiser, event if with_event else None, **kwargs)
        addresses.append((name, address, owners_only, posted))
    return addresses


def test_walk_anonymous_is_sent_to_login(client, walk):
    everything = [url("space-home"), url("space-apply"), *(a for _, a, _, _ in walk)]
    for address in everything:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("account_login")), address


def test_walk_plain_member_gets_404(client, walk, event):
    login(client, UserFactory())
    assert client.get(url("space-home")).status_code == 200
    assert client.get(url("space-apply")).status_code == 200
    for _, address, _, _ in walk:
        assert client.get(address).status_code == 404, address
        assert client.post(address).status_code == 404, address
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert (Event.objects.count(), AdvertiserMembership.objects.count()) == (1, 2)


def test_walk_other_advertisers_member_gets_404(client, walk, event):
    outsider = member_of(AdvertiserFactory(), OWNER)
    login(client, outsider)
    for _, address, _, _ in walk:
        assert client.get(address).status_code == 404, address
        assert client.post(address).status_code == 404, address
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert (Event.objects.count(), AdvertiserMembership.objects.count()) == (1, 3)


def test_walk_editor_sees_all_but_team(client, walk, editor, event):
    login(client, editor)
    for name, address, owners_only, _ in walk:
        assert client.get(address).status_code == (404 if owners_only else 200), name
    for name, address, owners_only, posted in walk:
        assert client.post(address).status_code == (404 if owners_only else posted), name
    assert AdvertiserMembership.objects.count() == 2
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_walk_owner_sees_everything(client, walk, owner, editor, event):
    login(client, owner)
    for address in [url("space-home"), url("space-apply")]:
        assert client.get(address).status_code == 200, address
    for name, address, _, _ in walk:
        assert client.get(address).status_code == 200, name
    for name, address, _, posted in walk:
        assert client.post(address).status_code == posted, name
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert not AdvertiserMembership.objects.filter(user=editor).exists()


def test_foreign_event_membership_and_showtime_answer_404(client, advertiser, owner, event):
    other = AdvertiserFactory()
    foreign_event = EventFactory(advertiser=other)
    foreign_membership = AdvertiserMembership.objects.create(
        advertiser=other, user=UserFactory(), role=OWNER
    )
    login(client, owner)
    for name in ("space-event-edit", "space-event-cancel", "space-showtimes"):
        assert client.get(url(name, advertiser, foreign_event)).status_code == 404
    response = client.post(url("space-event-duplicate", advertiser, foreign_event))
    assert response.status_code == 404
    assert client.post(url("space-event-cancel", advertiser, foreign_event)).status_code == 404
    address = url("space-member-remove", advertiser, membership=foreign_membership.pk)
    assert client.post(address).status_code == 404
    # A showtime of another event, slipped into this event's formset.
    foreign_showtime = foreign_event.showtimes.get()
    data = showtime_data(
        event, [{"starts_at": at(20), "status": "cancelled"}], existing=[foreign_showtime]
    )
    assert client.post(url("space-showtimes", advertiser, event), data).status_code == 404
    foreign_showtime.refresh_from_db()
    assert foreign_showtime.status == Showtime.Status.SCHEDULED
    foreign_event.refresh_from_db()
    assert foreign_event.status == Event.Status.PUBLISHED
    assert Event.objects.count() == 2
    assert AdvertiserMembership.objects.filter(pk=foreign_membership.pk).exists()


def test_home_lists_the_members_advertisers(client, advertiser, owner):
    response = login(client, owner).get(url("space-home"))
    assert response.status_code == 200
    assert advertiser.name in text(response)
    assert url("space-dashboard", advertiser) in text(response)


def test_home_explains_how_to_apply(client):
    page = text(login(client, UserFactory()).get(url("space-home")))
    assert "pas encore de compte annonceur" in page
    assert url("space-apply") in page


# --- Creating and editing events -------------------------------------------------------------


def test_verified_advertiser_publishes_directly(client, advertiser, editor, venue):
    known = ArtistFactory(name="Sarah Bernard")
    response = login(client, editor).post(url("space-event-create", advertiser), event_data(venue))
    event = Event.objects.get(title="Tartuffe")
    assert response.status_code == 302
    assert response["Location"] == url("space-showtimes", advertiser, event)
    assert event.status == Event.Status.PUBLISHED
    assert event.published_at is not None
    assert event.slug == "tartuffe"
    assert event.advertiser == advertiser
    assert event.venue == venue
    assert event.promotion_one_plus_one
    assert event.booking_url == "https://billetterie.example.org/tartuffe?seance=1"
    assert sorted(event.tags.names()) == ["Molière", "comédie"]
    credits = list(event.credits.select_related("artist"))
    assert [(c.artist.name, c.role, c.order) for c in credits] == [
        ("Sarah Bernard", "avec", 0),
        ("Jean Nouveau", "mise en scène", 1),
    ]
    assert credits[0].artist == known  # found by name, not created again
    assert Artist.objects.filter(name="Jean Nouveau").count() == 1
    assert "est publié" in text(client.get(response["Location"]))


def test_unverified_advertiser_goes_to_moderation(client, venue):
    advertiser = AdvertiserFactory(verified=False)
    editor = member_of(advertiser)
    response = login(client, editor).post(
        url("space-event-create", advertiser), event_data(venue), follow=True
    )
    event = Event.objects.get(title="Tartuffe")
    assert event.status == Event.Status.PENDING
    assert event.published_at is None
    assert "en attente de validation" in text(response)
    assert "un modérateur" in text(response)


def test_draft_stays_draft_even_when_verified(client, advertiser, editor, venue):
    login(client, editor).post(
        url("space-event-create", advertiser), event_data(venue, action="draft")
    )
    assert Event.objects.get(title="Tartuffe").status == Event.Status.DRAFT


def test_slug_is_unique_and_made_from_the_title(client, advertiser, editor, venue):
    EventFactory(title="Tartuffe", slug="tartuffe")
    EventFactory(title="Tartuffe", slug="tartuffe-2")
    login(client, editor).post(url("space-event-create", advertiser), event_data(venue))
    assert Event.objects.get(advertiser=advertiser, title="Tartuffe").slug == "tartuffe-3"


def test_proposed_venue_is_created_then_reused(client, advertiser, editor):
    proposal = {
        "new_venue_name": "La Comédie de Saint-Étienne",
        "new_venue_address": "7 avenue Émile Loubet",
        "new_venue_postal_code": "42000",
        "new_venue_city": "Saint-Étienne",
    }
    login(client, editor)
    client.post(url("space-event-create", advertiser), event_data(None, **proposal))
    venue = Venue.objects.get(name="La Comédie de Saint-Étienne")
    assert venue.city_slug == "saint-etienne"
    assert Event.objects.get(title="Tartuffe").venue == venue
    client.post(
        url("space-event-create", advertiser), event_data(None, title="Dom Juan", **proposal)
    )
    assert Venue.objects.filter(name="La Comédie de Saint-Étienne").count() == 1
    assert Event.objects.get(title="Dom Juan").venue == venue


def test_venue_is_picked_or_proposed_not_both_nor_neither(client, advertiser, editor, venue):
    login(client, editor)
    response = client.post(url("space-event-create", advertiser), event_data(None))
    assert response.status_code == 400
    assert "Choisissez le lieu de l'événement" in text(response)
    response = client.post(
        url("space-event-create", advertiser),
        event_data(venue, new_venue_name="Ailleurs", new_venue_city="Paris"),
    )
    assert response.status_code == 400
    assert "pas les deux" in text(response)
    response = client.post(
        url("space-event-create", advertiser),
        event_data(None, new_venue_name="Ailleurs", new_venue_postal_code="75O11"),
    )
    assert response.status_code == 400
    assert "Un code postal compte 5 chiffres." in text(response)
    assert "nécessaire pour proposer un nouveau lieu" in text(response)
    assert not Event.objects.filter(title="Tartuffe").exists()
    assert not Venue.objects.filter(name="Ailleurs").exists()


def test_poster_upload_is_verified_and_rendered(client, advertiser, editor, venue):
    data = event_data(venue)
    data["poster_upload"] = SimpleUploadedFile("affiche.png", png_bytes(), "image/png")
    login(client, editor).post(url("space-event-create", advertiser), data)
    event = Event.objects.get(title="Tartuffe")
    assert event.poster.name.endswith(".webp")
    assert (event.poster_width, event.poster_height) == (800, 1200)


def test_edit_changes_the_event_keeps_its_slug_and_replaces_credits(
    client, advertiser, editor, event
):
    credit(event, role="avec")
    venue = VenueFactory()
    data = event_data(
        venue,
        title="Le Misanthrope, nouvelle mise en scène",
        **{"distribution-0-artist_name": "Anne Neuve", "distribution-1-artist_name": ""},
        **{"distribution-1-role": ""},
    )
    response = login(client, editor).post(url("space-event-edit", advertiser, event), data)
    assert response.status_code == 302
    assert response["Location"] == url("space-dashboard", advertiser)
    event.refresh_from_db()
    assert event.title == "Le Misanthrope, nouvelle mise en scène"
    assert event.slug == "le-misanthrope"
    assert event.venue == venue
    assert event.status == Event.Status.PUBLISHED
    assert [c.artist.name for c in event.credits.all()] == ["Anne Neuve"]


def test_edit_form_shows_the_current_values(client, advertiser, editor, event):
    credit(event, artist=ArtistFactory(name="Sarah Bernard"), role="avec")
    event.tags.add("classique")
    page = text(login(client, editor).get(url("space-event-edit", advertiser, event)))
    assert 'value="Le Misanthrope"' in page
    assert 'value="Sarah Bernard"' in page
    assert "classique" in page
    assert "Enregistrer les modifications" in page


def test_published_event_of_unverified_advertiser_stays_published_when_edited(client, venue):
    advertiser = AdvertiserFactory(verified=False)
    event = EventFactory(advertiser=advertiser)
    editor = member_of(advertiser)
    data = event_data(venue)
    data.update(title=event.title, summary=event.summary, booking_url=event.booking_url)
    data["description"] = event.description
    response = login(client, editor).post(
        url("space-event-edit", advertiser, event), {**data, "duration": "95"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.duration, event.status) == (95, Event.Status.PUBLISHED)


def test_unverified_advertiser_changing_title_or_booking_url_goes_back_to_moderation(client, venue):
    """What a moderator approved cannot be swapped afterwards (a booking link above all)."""
    advertiser = AdvertiserFactory(verified=False)
    event = EventFactory(advertiser=advertiser)
    login(client, member_of(advertiser)).post(
        url("space-event-edit", advertiser, event), event_data(venue, title="Nouveau titre")
    )
    event.refresh_from_db()
    assert (event.title, event.status) == ("Nouveau titre", Event.Status.PENDING)


def test_pending_event_edited_by_a_now_verified_advertiser_is_published(client, venue):
    advertiser = AdvertiserFactory(verified=False)
    event = EventFactory(advertiser=advertiser, status=Event.Status.PENDING)
    Advertiser.objects.filter(pk=advertiser.pk).update(verified=True)
    login(client, member_of(advertiser)).post(
        url("space-event-edit", advertiser, event), event_data(venue)
    )
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_cancelled_event_cannot_be_edited(client, advertiser, editor, event, venue):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    login(client, editor)
    page = text(client.get(url("space-event-edit", advertiser, event)))
    assert "ne peut plus être modifié" in page
    response = client.post(url("space-event-edit", advertiser, event), event_data(venue))
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.title == "Le Misanthrope"


# --- Cancel and duplicate --------------------------------------------------------------------


def test_cancel_asks_then_cancels(client, advertiser, editor, event):
    login(client, editor)
    address = url("space-event-cancel", advertiser, event)
    response = client.get(address)
    assert response.status_code == 200
    assert "Annuler l'événement" in text(response)
    response = client.post(address)
    assert response["Location"] == url("space-dashboard", advertiser)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    # Sent again: nothing changes, no error.
    assert client.post(address).status_code == 302


def test_draft_cannot_be_cancelled(client, advertiser, editor):
    draft = EventFactory(advertiser=advertiser, status=Event.Status.DRAFT)
    response = login(client, editor).post(url("space-event-cancel", advertiser, draft))
    assert response.status_code == 400
    assert "Seul un événement publié peut être annulé" in text(response)
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_duplicate_makes_a_draft_copy_without_showtimes(client, advertiser, editor, event):
    artist = ArtistFactory()
    credit(event, artist=artist, role="avec")
    event.tags.add("comédie", "Molière")
    login(client, editor)
    assert client.get(url("space-event-duplicate", advertiser, event)).status_code == 200
    response = client.post(url("space-event-duplicate", advertiser, event))
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == url("space-event-edit", advertiser, copy)
    assert copy.title == "Le Misanthrope (copie)"
    assert copy.slug == "le-misanthrope-copie"
    assert copy.status == Event.Status.DRAFT
    assert copy.advertiser == advertiser
    assert (copy.venue, copy.category, copy.booking_url) == (
        event.venue,
        event.category,
        event.booking_url,
    )
    assert [(c.artist, c.role) for c in copy.credits.all()] == [(artist, "avec")]
    assert sorted(copy.tags.names()) == ["Molière", "comédie"]
    assert not copy.showtimes.exists()
    assert copy.next_showtime_at is None
    # The same POST again (a double click) makes no second copy.
    response = client.post(url("space-event-duplicate", advertiser, event))
    assert response["Location"] == url("space-event-edit", advertiser, copy)
    assert Event.objects.count() == 2


def test_duplicate_of_a_long_title_still_fits(advertiser):
    event = EventFactory(advertiser=advertiser, title="x" * 200)
    copy = advertiser_event_duplicate(event=event)
    assert len(copy.title) == 200
    assert copy.title.endswith(" (copie)")
    with pytest.raises(DuplicateSubmission):
        advertiser_event_duplicate(event=event)


# --- Showtimes -------------------------------------------------------------------------------


def test_showtimes_are_added_with_accessibility(client, advertiser, editor, venue):
    event = EventFactory(advertiser=advertiser, showtimes=[])
    other_venue = VenueFactory()
    rows = [
        {"starts_at": at(10), "ends_at": at(10, hour=22), "sign_language": True, "relaxed": True},
        {"starts_at": at(11, hour=15), "venue": other_venue, "audio_description": True},
        {},
    ]
    response = login(client, editor).post(
        url("space-showtimes", advertiser, event), showtime_data(event, rows)
    )
    assert response.status_code == 302
    first, second = event.showtimes.order_by("starts_at")
    assert (first.starts_at, first.ends_at, first.venue) == (at(10), at(10, hour=22), None)
    assert first.sign_language and first.relaxed
    assert not first.audio_description and not first.surtitles
    assert second.venue == other_venue and second.audio_description
    event.refresh_from_db()
    assert (event.first_showtime_at, event.next_showtime_at, event.last_showtime_at) == (
        at(10),
        at(10),
        at(11, hour=15),
    )


def test_showtimes_are_changed_and_cancelled(client, advertiser, editor):
    event = EventFactory(advertiser=advertiser, showtimes=[at(5), at(6)])
    first, second = event.showtimes.order_by("starts_at")
    page = login(client, editor).get(url("space-showtimes", advertiser, event))
    assert page.status_code == 200
    rows = [
        {"starts_at": at(5), "status": "cancelled"},
        {"starts_at": at(7), "surtitles": True},
        {},
    ]
    data = showtime_data(event, rows, existing=[first, second])
    response = client.post(url("space-showtimes", advertiser, event), data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Showtime.Status.CANCELLED
    assert (second.starts_at, second.surtitles) == (at(7), True)
    event.refresh_from_db()
    # The cancelled showtime no longer counts.
    assert (event.first_showtime_at, event.next_showtime_at) == (at(7), at(7))


def test_new_showtime_in_the_past_is_refused(client, advertiser, editor, event):
    before = list(event.showtimes.values_list("pk", "starts_at"))
    rows = [{"starts_at": timezone.now() - datetime.timedelta(days=2)}, {"starts_at": at(30)}]
    response = login(client, editor).post(
        url("space-showtimes", advertiser, event), showtime_data(event, rows)
    )
    assert response.status_code == 400
    assert "Cette date est passée" in text(response)
    assert list(event.showtimes.values_list("pk", "starts_at")) == before


def test_showtime_ending_before_it_starts_is_refused(client, advertiser, editor, event):
    rows = [{"starts_at": at(30), "ends_at": at(30, hour=18)}]
    response = login(client, editor).post(
        url("space-showtimes", advertiser, event), showtime_data(event, rows)
    )
    assert response.status_code == 400
    assert "La fin doit suivre le début" in text(response)
    assert event.showtimes.count() == 1


def test_same_new_showtime_sent_twice_is_created_once(client, advertiser, editor):
    event = EventFactory(advertiser=advertiser, showtimes=[])
    data = showtime_data(event, [{"starts_at": at(12)}])
    login(client, editor)
    assert client.post(url("space-showtimes", advertiser, event), data).status_code == 302
    response = client.post(url("space-showtimes", advertiser, event), data)
    assert response.status_code == 400
    assert "déjà prévue" in text(response)
    assert event.showtimes.count() == 1


def test_past_showtimes_are_listed_not_editable(client, advertiser, editor):
    event = EventFactory(advertiser=advertiser, showtimes=[at(-3), at(4)])
    response = login(client, editor).get(url("space-showtimes", advertiser, event))
    assert len(response.context["formset"].forms) == 1 + 3
    assert len(response.context["past_showtimes"]) == 1
    assert "Représentations passées" in text(response)


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"booking_url": "http://billetterie.example.org/"}, "commençant par https://"),
        ({"booking_url": "pas une adresse"}, "Saisissez une URL valide."),
        ({"booking_url": "javascript:alert(1)"}, "Saisissez une URL valide."),
        ({"booking_url": ""}, "Ce champ est obligatoire."),
        ({"price_min": "40", "price_max": "20"}, "doit être supérieur ou égal au prix minimum"),
        ({"price_min": "-5"}, "supérieure ou égale à 0"),
        ({"price_type": "gratuit"}, "Un événement gratuit n'a pas de prix"),
        ({"price_min": "", "price_max": ""}, "Indiquez au moins un prix"),
        ({"title": "x" * 10_000}, "au plus 200 caractères (actuellement 10000)"),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"min_age": "99"}, "inférieure ou égale à 21"),
        ({"tags": "x" * 120}, "Un mot-clé compte 50 caractères au plus"),
        ({"distribution-0-role": ""}, "Indiquez le rôle de Sarah Bernard."),
        (
            {"distribution-1-artist_name": "Sarah Bernard", "distribution-1-role": "avec"},
            "Sarah Bernard figure deux fois",
        ),
        ({"category": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_event_input_is_refused_in_french(
    client, advertiser, editor, venue, overrides, message
):
    """Also in the same post: a new artist, which must not be created either."""
    data = event_data(venue, **overrides)
    response = login(client, editor).post(url("space-event-create", advertiser), data)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert 'class="form-errors" role="alert"' in page
    assert not Event.objects.exists()
    assert not Artist.objects.filter(name="Jean Nouveau").exists()


def test_bad_edit_changes_nothing(client, advertiser, editor, event, venue):
    credit(event, role="avec")
    data = event_data(venue, title="Nouveau", booking_url="http://non-securise.example.org/")
    response = login(client, editor).post(url("space-event-edit", advertiser, event), data)
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.title == "Le Misanthrope"
    assert event.credits.count() == 1
    # The page still shows the saved title in its heading.
    assert "Modifier « Le Misanthrope »" in text(response)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("affiche.jpg", b"ceci n'est pas une image", "n'est pas une image lisible"),
        ("affiche.pdf", b"%PDF-1.4 faux", "n'est pas une image lisible"),
        ("affiche.jpg", png_bytes((40, 60)), "ne correspond pas à son extension"),
    ],
)
def test_poster_that_is_not_an_image_is_refused(
    client, advertiser, editor, venue, name, content, message
):
    data = event_data(venue)
    data["poster_upload"] = SimpleUploadedFile(name, content)
    response = login(client, editor).post(url("space-event-create", advertiser), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Event.objects.exists()


def test_a_failure_while_saving_leaves_nothing_half_saved(client, advertiser, editor, monkeypatch):
    """The venue, artists, event and tags are saved in one transaction with the poster."""

    def broken_poster(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(services, "event_poster_set", broken_poster)
    data = event_data(
        None,
        new_venue_name="Salle Neuve",
        new_venue_address="1 place du Marché",
        new_venue_postal_code="69002",
        new_venue_city="Lyon",
    )
    data["poster_upload"] = SimpleUploadedFile("affiche.png", png_bytes(), "image/png")
    login(client, editor)
    with pytest.raises(RuntimeError):
        client.post(url("space-event-create", advertiser), data)
    assert not Event.objects.exists()
    assert not Venue.objects.filter(name="Salle Neuve").exists()
    assert not Artist.objects.exists()
    assert not Credit.objects.exists()


def test_creation_sent_twice_creates_one_event(client, advertiser, editor, venue):
    login(client, editor)
    first = client.post(url("space-event-create", advertiser), event_data(venue))
    second = client.post(url("space-event-create", advertiser), event_data(venue), follow=True)
    event = Event.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == url("space-event-edit", advertiser, event)
    assert "n'a pas été créé une seconde fois" in text(second)
    assert Credit.objects.count() == 2


def test_same_title_a_minute_later_is_a_new_event(advertiser, venue):
    """The resubmission window is a minute: later, the same title is a new event."""
    from events.services import advertiser_event_save

    def new_event():
        return Event(
            title="Tartuffe",
            category=category("theatre"),
            venue=venue,
            summary="Encore.",
            booking_url="https://billetterie.example.org/",
            price_min=10,
        )

    first = advertiser_event_save(event=new_event(), advertiser=advertiser, publish=False)
    with pytest.raises(DuplicateSubmission):
        advertiser_event_save(event=new_event(), advertiser=advertiser, publish=False)
    later = timezone.now() + datetime.timedelta(minutes=2)
    second = advertiser_event_save(
        event=new_event(), advertiser=advertiser, publish=False, now=later
    )
    assert (first.slug, second.slug) == ("tartuffe", "tartuffe-2")


# --- Team ------------------------------------------------------------------------------------


def test_owner_invites_an_editor_by_email(client, advertiser, owner):
    newcomer = UserFactory(email="Nouvelle.Recrue@example.org")
    login(client, owner)
    response = client.post(
        url("space-members", advertiser), {"email": "nouvelle.recrue@EXAMPLE.org"}
    )
    assert response.status_code == 302
    membership = AdvertiserMembership.objects.get(user=newcomer)
    assert (membership.advertiser, membership.role) == (advertiser, EDITOR)
    assert client.get(url("space-dashboard", advertiser)).status_code == 200
    # Invited again: a clear error, no second membership.
    response = client.post(url("space-members", advertiser), {"email": newcomer.email})
    assert response.status_code == 400
    assert "fait déjà partie de l'équipe" in text(response)
    assert AdvertiserMembership.objects.filter(user=newcomer).count() == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("inconnu@example.org", "Aucun membre de Billetnet n'utilise cette adresse"),
        ("pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_invite_refuses_unknown_or_invalid_addresses(client, advertiser, owner, email, message):
    response = login(client, owner).post(url("space-members", advertiser), {"email": email})
    assert response.status_code == 400
    assert message in text(response)
    assert AdvertiserMembership.objects.count() == 1


def test_invite_refuses_an_unverified_member(client, advertiser, owner):
    UserFactory(email="pas.confirme@example.org", verified=False)
    response = login(client, owner).post(
        url("space-members", advertiser), {"email": "pas.confirme@example.org"}
    )
    assert response.status_code == 400
    assert "pas encore confirmé son adresse" in text(response)
    assert AdvertiserMembership.objects.count() == 1


def test_owner_removes_an_editor(client, advertiser, owner, editor):
    membership = AdvertiserMembership.objects.get(user=editor)
    login(client, owner)
    address = url("space-member-remove", advertiser, membership=membership.pk)
    assert client.get(address).status_code == 200
    response = client.post(address)
    assert response["Location"] == url("space-members", advertiser)
    assert not AdvertiserMembership.objects.filter(pk=membership.pk).exists()
    login(client, editor)
    assert client.get(url("space-dashboard", advertiser)).status_code == 404


def test_last_owner_cannot_leave(client, advertiser, owner, editor):
    membership = AdvertiserMembership.objects.get(user=owner)
    response = login(client, owner).post(
        url("space-member-remove", advertiser, membership=membership.pk)
    )
    assert response.status_code == 400
    assert "au moins un responsable" in text(response)
    assert AdvertiserMembership.objects.filter(pk=membership.pk).exists()


def test_an_owner_may_leave_when_another_remains(client, advertiser, owner):
    member_of(advertiser, OWNER)
    membership = AdvertiserMembership.objects.get(user=owner)
    response = login(client, owner).post(
        url("space-member-remove", advertiser, membership=membership.pk)
    )
    assert response["Location"] == url("space-home")
    assert not AdvertiserMembership.objects.filter(pk=membership.pk).exists()


# --- Applying for an advertiser account ------------------------------------------------------

APPLICATION = {
    "organisation": "Théâtre de la Lune",
    "kind": "salle",
    "website": "theatre-lune.example.org",
    "siret": "123 456 789 00012",
    "message": "Une salle de 200 places à Nantes.",
}


def test_verified_member_applies_once(client):
    member = UserFactory()
    login(client, member)
    response = client.post(url("space-apply"), APPLICATION)
    assert response["Location"] == url("space-home")
    application = AdvertiserApplication.objects.get()
    assert application.user == member
    assert application.status == AdvertiserApplication.Status.PENDING
    assert application.siret == "12345678900012"
    assert application.website == "https://theatre-lune.example.org"
    assert application.kind == Advertiser.Kind.SALLE
    assert "Théâtre de la Lune" in text(client.get(url("space-home")))
    # A second request while the first is pending is refused.
    assert "est en attente" in text(client.get(url("space-apply")))
    response = client.post(url("space-apply"), {**APPLICATION, "organisation": "Autre"})
    assert response.status_code == 400
    assert "déjà une demande en attente" in text(response)
    assert AdvertiserApplication.objects.count() == 1


def test_member_may_apply_again_once_decided(client):
    member = UserFactory()
    AdvertiserApplication.objects.create(
        user=member,
        organisation="Ancienne",
        kind="salle",
        status=AdvertiserApplication.Status.REFUSED,
    )
    response = login(client, member).post(url("space-apply"), APPLICATION)
    assert response.status_code == 302
    assert AdvertiserApplication.objects.count() == 2


def test_unverified_email_cannot_apply(client):
    member = UserFactory(verified=False)
    login(client, member)
    page = client.get(url("space-apply"))
    assert page.status_code == 200
    assert "Confirmez d'abord votre adresse e-mail" in text(page)
    response = client.post(url("space-apply"), APPLICATION)
    assert response.status_code == 403
    assert "Confirmez d'abord votre adresse e-mail" in text(response)
    assert not AdvertiserApplication.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"siret": "1234567890123"}, "Un numéro SIRET compte 14 chiffres"),
        ({"organisation": ""}, "Ce champ est obligatoire."),
        ({"kind": "mécène"}, "Sélectionnez un choix valide."),
        ({"website": "pas une adresse"}, "Saisissez une URL valide."),
        ({"message": "x" * 2001}, "au plus 2000 caractères"),
    ],
)
def test_bad_application_is_refused_in_french(client, overrides, message):
    response = login(client, UserFactory()).post(url("space-apply"), {**APPLICATION, **overrides})
    assert response.status_code == 400
    assert message in text(response)
    assert not AdvertiserApplication.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 40])
def test_dashboard_query_count_does_not_grow_with_events(
    client, advertiser, editor, django_assert_max_num_queries, count
):
    """Session, user, membership with advertiser, the count, one page of events with their
    venue and showtime count: whatever the number of events."""
    venues = [VenueFactory() for _ in range(3)]
    for n in range(count):
        event = EventFactory(
            advertiser=advertiser,
            venue=venues[n % 3],
            status=[Event.Status.DRAFT, Event.Status.PUBLISHED, Event.Status.PENDING][n % 3],
            showtimes=[at(n % 7 + 1), at(n % 7 + 2)],
        )
        credit(event)
        event.tags.add("théâtre")
    login(client, editor)
    with django_assert_max_num_queries(6):
        response = client.get(url("space-dashboard", advertiser))
    assert response.status_code == 200
    assert len(response.context["events"]) == count
    assert "2 représentations en tout" in text(response)
