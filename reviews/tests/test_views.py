import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from events.models import AdvertiserMembership, BookingClick
from events.tests.factories import EventFactory, at
from moderation.models import TextStatus
from reviews.models import AdvertiserReply, Review, ReviewVote
from reviews.services import event_rating_refresh, review_submit

from .factories import ReviewFactory, played_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return played_event()


def reviews_of(event, count, **kwargs):
    reviews = [
        review_submit(
            author=UserFactory(), event=event, rating=1 + n % 5, body=f"Avis n° {n}", **kwargs
        )
        for n in range(count)
    ]
    return reviews


def test_the_event_page_shows_note_distribution_and_reviews(client, event):
    reviews_of(event, 4)  # notes 1, 2, 3, 4
    page = client.get(event.get_absolute_url()).content.decode()
    assert "2,5/5" in page or "2.5/5" in page
    assert "4 critiques" in page
    assert page.count("<meter") == 5
    assert "Avis n° 3" in page


def test_the_event_page_query_count_is_fixed_with_50_reviews(
    client, event, settings, django_assert_num_queries
):
    """Nav, event, tags, credits, showtimes, then the reviews: distribution and one page
    (author, showtime, reply and advertiser joined in). The same with 3 or 50 reviews."""
    settings.PAGE_CACHE_SECONDS = 0
    reviews_of(event, 3)
    client.get(event.get_absolute_url())  # the rubriques of the nav are cached from then on
    with CaptureQueriesContext(connection) as few:
        client.get(event.get_absolute_url())
    reviews_of(event, 47)
    with django_assert_num_queries(len(few)):
        page = client.get(event.get_absolute_url()).content.decode()
    assert len(few) <= 7
    assert "Page 1 sur 5" in page
    member = UserFactory()
    client.force_login(member)
    client.get(event.get_absolute_url())
    with CaptureQueriesContext(connection) as as_member:
        client.get(event.get_absolute_url())
    reviews_of(event, 5)
    with django_assert_num_queries(len(as_member)):
        client.get(event.get_absolute_url() + "?critiques=notes-basses&cpage=2")


REVIEWS_START, REVIEWS_END = "<!--slot:reviews-->", "<!--/slot:reviews-->"


def reviews_block(page: str) -> str:
    """The event page's reviews block, between the markers of its member slot."""
    assert page.count(REVIEWS_START) == page.count(REVIEWS_END) == 1
    return page.split(REVIEWS_START)[1].split(REVIEWS_END)[0]


def around_reviews_block(page: str) -> tuple[str, str]:
    """The page below the header, without its reviews block."""
    body = page.split("</header>", 1)[1]
    return body.split(REVIEWS_START)[0], body.split(REVIEWS_END)[1]


def stored_event_page_key() -> str:
    from django.core.cache import cache

    return next(key.split(":", 2)[2] for key in cache._cache if ":events:page:" in key)


def test_a_member_gets_the_stored_page_with_their_own_reviews_block(
    client, event, django_assert_num_queries
):
    """Only the reviews block is rendered for a member, in place of the anonymous one:
    session, whether it differs for them, member, event, their review, their advertiser
    role, distribution and page of reviews. The same count with 4 reviews or 51, on any
    page of them."""
    reviews_of(event, 3)
    mine = ReviewFactory(event=event, body="Ma critique à moi.")
    url = event.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Modifier ma critique" not in anonymous
    client.force_login(mine.author)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    member_queries = len(few)  # read now: the next request empties the log
    assert member_queries <= 8
    assert "Modifier ma critique" in reviews_block(page) and "Ma critique à moi." in page
    assert 'aria-pressed="false"' in reviews_block(page)
    assert around_reviews_block(page) == around_reviews_block(anonymous)
    reviews_of(event, 47)
    paged = url + "?critiques=notes-basses&cpage=2"
    client.get(paged)  # stored for everyone, at this address
    with django_assert_num_queries(member_queries):
        page = client.get(paged).content.decode()
    assert "Page 2 sur 6" in reviews_block(page) and "Modifier ma critique" in page


def test_a_member_who_asks_first_stores_nothing_of_their_own(client, event):
    """The stored page is rendered as an anonymous visitor sees it, whoever asked."""
    review = ReviewFactory(event=event)
    Review.objects.filter(pk=review.pk).update(status=TextStatus.HIDDEN, status_reason="Hors sujet")
    ReviewFactory(event=event)
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=review.author, role=AdvertiserMembership.Role.OWNER
    )
    client.force_login(review.author)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Motif : Hors sujet" in page and "Répondre au nom de l'annonceur" in page
    client.logout()
    client.cookies.clear()
    stored = client.get(event.get_absolute_url()).content.decode()
    assert f'id="critique-{review.pk}"' not in stored
    assert "Répondre au nom de l'annonceur" not in stored and "csrfmiddlewaretoken" not in stored
    assert "Écrire une critique" in stored


def test_an_event_without_public_reviews_still_shows_a_member_their_masked_one(client, event):
    """No public review (a note of 0 reviews), but the member's own, masked: their block
    is rendered for them, not the stored one."""
    review = ReviewFactory(event=event)
    Review.objects.filter(pk=review.pk).update(status=TextStatus.HIDDEN, status_reason="Hors sujet")
    event_rating_refresh(event_id=event.pk)
    event.refresh_from_db()
    assert event.rating_count == 0
    client.get(event.get_absolute_url())  # stored for everyone
    client.force_login(review.author)
    block = reviews_block(client.get(event.get_absolute_url()).content.decode())
    assert f'id="critique-{review.pk}"' in block and "Motif : Hors sujet" in block
    client.force_login(UserFactory())
    block = reviews_block(client.get(event.get_absolute_url()).content.decode())
    assert f'id="critique-{review.pk}"' not in block and "Écrire une critique" in block


def test_member_texts_cannot_forge_the_slot_markers(client, event):
    body = f"{REVIEWS_END} {REVIEWS_START} <!--slot:reviews-->"
    review = review_submit(
        author=UserFactory(), event=event, rating=3, title=REVIEWS_END, body=body
    )
    assert "<!--" not in review.body_html
    page = client.get(event.get_absolute_url()).content.decode()
    assert page.count(REVIEWS_START) == page.count(REVIEWS_END) == 1
    client.force_login(UserFactory())
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'id="critique-{review.pk}"' in reviews_block(page)


@pytest.mark.parametrize(
    "stored_by",
    [
        pytest.param(
            lambda page: page.replace(REVIEWS_START, "").replace(REVIEWS_END, ""),
            id="older-template",
        ),
        pytest.param(
            lambda page: page.replace("</body>", f"{REVIEWS_END}</body>"), id="marker-twice"
        ),
    ],
)
def test_a_stored_page_without_a_usable_slot_is_rendered_for_the_member(client, event, stored_by):
    from django.core.cache import cache

    review = ReviewFactory(event=event)
    client.get(event.get_absolute_url())
    key = stored_event_page_key()
    cache.set(key, stored_by(cache.get(key).decode()).encode())
    client.force_login(review.author)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Modifier ma critique" in page and "Se déconnecter" in page
    assert page.count(REVIEWS_START) <= 1


def test_sorting_and_pagination(client, event):
    reviews = reviews_of(event, 12)
    Review.objects.filter(pk=reviews[7].pk).update(helpful_count=9)
    page = client.get(event.get_absolute_url()).content.decode()
    first = re.findall(r'id="critique-(\d+)"', page)
    assert int(first[0]) == reviews[7].pk  # « les plus utiles » by default
    lowest = client.get(event.get_absolute_url() + "?critiques=notes-basses").content.decode()
    assert "1/5" in lowest.split('id="critique-')[1][:600]
    second = client.get(event.get_absolute_url() + "?critiques=recentes&cpage=2").content.decode()
    assert len(re.findall(r'id="critique-(\d+)"', second)) == 2
    assert client.get(event.get_absolute_url() + "?cpage=999").status_code == 200


def test_jsonld_gets_aggregate_rating_from_three_reviews(client, event, settings):
    settings.PAGE_CACHE_SECONDS = 0

    def ratings():
        page = client.get(event.get_absolute_url()).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        graph = json.loads(block.group(1))["@graph"]
        return [item.get("aggregateRating") for item in graph]

    reviews_of(event, 2)
    assert not any(ratings())
    reviews_of(event, 1)
    rating = ratings()[0]
    assert rating["ratingValue"] == "1.33" and rating["ratingCount"] == 3  # notes 1, 2, 1


def test_list_sorts_by_rating_and_cards_show_the_average(client):
    low, high = played_event(title="Bof"), played_event(title="Sublime")
    reviews_of(low, 1)  # note 1
    review_submit(author=UserFactory(), event=high, rating=5, body="Sublime !")
    page = client.get(reverse("events:list") + "?tri=note").content.decode()
    assert page.index("Sublime") < page.index("Bof")
    assert "★ 5,0/5 (1)" in page or "★ 5.0/5 (1)" in page


# --- Writing ---------------------------------------------------------------------------------


def test_a_member_writes_a_review_with_a_preview_first(client, event):
    author = UserFactory()
    client.force_login(author)
    url = reverse("reviews:create", args=[event.slug])
    assert client.get(url).status_code == 200
    data = {"rating": "5", "title": "Bravo", "body": "Quelle **énergie** !"}
    preview = client.post(url, {**data, "preview": "1"})
    assert "<strong>énergie</strong>" in preview.content.decode()
    assert not Review.objects.exists()
    response = client.post(url, data)
    review = Review.objects.get()
    assert response["Location"] == f"{event.get_absolute_url()}#critique-{review.pk}"
    # A second visit to « écrire » leads to the edit form.
    assert client.get(url)["Location"] == reverse("reviews:edit", args=[review.pk])


def test_bad_input_is_a_400_in_french_with_the_text_kept(client, event):
    client.force_login(UserFactory())
    url = reverse("reviews:create", args=[event.slug])
    response = client.post(url, {"rating": "9", "body": "Mon avis détaillé"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mon avis détaillé" in page
    assert "Sélectionnez un choix valide" in page or "valide" in page
    assert not Review.objects.exists()


def test_no_review_form_before_the_premiere(client):
    upcoming = EventFactory(showtimes=[at(3)])
    client.force_login(UserFactory())
    response = client.get(reverse("reviews:create", args=[upcoming.slug]))
    assert response.status_code == 403
    assert "ouvriront avec la première représentation" in response.content.decode()
    assert (
        client.post(
            reverse("reviews:create", args=[upcoming.slug]), {"rating": "5", "body": "Déjà vu ?"}
        ).status_code
        == 403
    )


def test_an_unverified_member_is_told_to_confirm_first(client, event):
    client.force_login(UserFactory(verified=False))
    response = client.get(reverse("reviews:create", args=[event.slug]))
    assert response.status_code == 403
    assert "Confirmez" in response.content.decode()


def test_others_get_404_on_edit_and_delete(client, event):
    review = ReviewFactory(event=event)
    client.force_login(UserFactory())
    assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 404
    assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 404
    assert Review.objects.filter(pk=review.pk).exists()
    client.logout()
    assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 302


def test_the_author_edits_and_deletes(client, event):
    review = review_submit(author=UserFactory(), event=event, rating=2, body="Bof")
    client.force_login(review.author)
    edit = reverse("reviews:edit", args=[review.pk])
    assert "Bof" in client.get(edit).content.decode()
    client.post(edit, {"rating": "4", "body": "En fait, très bien."})
    review.refresh_from_db()
    assert review.rating == 4 and review.is_edited
    assert "modifiée" in client.get(event.get_absolute_url()).content.decode()
    client.post(reverse("reviews:delete", args=[review.pk]))
    event.refresh_from_db()
    assert not Review.objects.exists() and event.rating_count == 0


def test_the_author_sees_their_masked_review_with_the_reason(client, event):
    review = ReviewFactory(event=event)
    Review.objects.filter(pk=review.pk).update(status=TextStatus.HIDDEN, status_reason="Hors sujet")
    assert f'id="critique-{review.pk}"' not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(review.author)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'id="critique-{review.pk}"' in page and "Motif : Hors sujet" in page
    mine = client.get(reverse("reviews:mine")).content.decode()
    assert "masquée" in mine and "Hors sujet" in mine


# --- Votes and replies ------------------------------------------------------------------------


def test_votes_by_post_only(client, event):
    review = ReviewFactory(event=event)
    voter = UserFactory()
    client.force_login(voter)
    url = reverse("reviews:vote", args=[review.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    assert ReviewVote.objects.filter(review=review, member=voter).exists()
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page and "Utile (1)" in page
    client.force_login(review.author)
    client.post(url)
    assert ReviewVote.objects.count() == 1


def test_only_the_advertiser_sees_and_uses_the_reply_form(
    client, event, django_capture_on_commit_callbacks
):
    review = ReviewFactory(event=event)
    url = reverse("reviews:reply", args=[review.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Merci"}).status_code == 404
    owner = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=owner, role=AdvertiserMembership.Role.OWNER
    )
    client.force_login(owner)
    assert "Répondre au nom de l'annonceur" in client.get(event.get_absolute_url()).content.decode()
    # The owner's visit stored the page for everyone; the reply's commit retires it.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Merci de votre venue !"})
    assert AdvertiserReply.objects.get().body == "Merci de votre venue !"
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Réponse de l'annonceur" in page and "Merci de votre venue !" in page


# --- Elsewhere ----------------------------------------------------------------------------------


def test_home_profile_and_mon_espace_list_reviews(client, event):
    review = review_submit(author=UserFactory(), event=event, rating=5, body="Inoubliable.")
    assert "Inoubliable." in client.get(reverse("events:home")).content.decode()
    profile = client.get(review.author.get_absolute_url()).content.decode()
    assert (
        "Inoubliable." in profile
        and reverse("reviews:member", args=[review.author.pseudo]) in profile
    )
    assert (
        "Inoubliable."
        in client.get(reverse("reviews:member", args=[review.author.pseudo])).content.decode()
    )
    client.force_login(review.author)
    espace = client.get(reverse("accounts:espace")).content.decode()
    assert "Mes critiques" in espace and event.title in espace


def test_mon_espace_suggests_the_shows_booked_through_billetnet(client, event):
    member = UserFactory()
    BookingClick.objects.create(user=member, event=event, visitor_hash="x")
    upcoming = EventFactory(showtimes=[at(5)], title="Pas encore joué")
    BookingClick.objects.create(user=member, event=upcoming, visitor_hash="x")
    client.force_login(member)
    espace = client.get(reverse("accounts:espace")).content.decode()
    assert reverse("reviews:create", args=[event.slug]) in espace
    assert "Pas encore joué" not in espace
    review_submit(author=member, event=event, rating=4, body="Vu !")
    espace = client.get(reverse("accounts:espace")).content.decode()
    assert reverse("reviews:create", args=[event.slug]) not in espace


def test_lists_of_reviews_have_a_fixed_query_count(client, settings, django_assert_max_num_queries):
    settings.MEMBER_POSTS_PER_HOUR = 100
    author = UserFactory()
    for _ in range(25):
        review_submit(author=author, event=played_event(), rating=4, body="Bien.")
    with django_assert_max_num_queries(4):
        client.get(reverse("reviews:member", args=[author.pseudo]))
    client.force_login(author)
    with django_assert_max_num_queries(8):
        assert "Page 1 sur 2" in client.get(reverse("reviews:mine")).content.decode()


def test_a_review_has_its_own_page(client, event):
    review = ReviewFactory(event=event)
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200 and review.body_html in page.content.decode()
    Review.objects.filter(pk=review.pk).update(status=TextStatus.REMOVED)
    assert client.get(review.get_absolute_url()).status_code == 404


def test_reviews_of_a_deleted_account_show_no_edit_links(client, event):
    review = ReviewFactory(event=event)
    Review.objects.filter(pk=review.pk).update(author=None)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "un ancien membre" in page
    assert reverse("reviews:edit", args=[review.pk]) not in page


def test_a_removed_review_blocks_a_new_one_with_a_message(client, event):
    review = ReviewFactory(event=event, status=TextStatus.REMOVED, status_reason="Insultes")
    client.force_login(review.author)
    response = client.get(reverse("reviews:create", args=[event.slug]))
    assert response.status_code == 403
    assert "supprimée par la modération" in response.content.decode()


def test_replies_can_be_reported_and_only_their_advertiser_deletes_them(client, event):
    review = ReviewFactory(event=event)
    owner = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=owner, role=AdvertiserMembership.Role.OWNER
    )
    reply = AdvertiserReply.objects.create(
        review=review,
        advertiser=event.advertiser,
        author=owner,
        body="Merci",
        body_html="<p>Merci</p>",
    )
    client.force_login(review.author)
    page = client.get(event.get_absolute_url()).content.decode()
    assert reverse("moderation:report", args=["reponse-annonceur", reply.pk]) in page
    delete = reverse("reviews:reply-delete", args=[review.pk])
    assert client.post(delete).status_code == 404
    assert AdvertiserReply.objects.filter(pk=reply.pk).exists()
    client.force_login(owner)
    client.post(delete)
    assert not AdvertiserReply.objects.exists()


def test_the_author_links_to_their_public_profile(client, event):
    review = ReviewFactory(event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{review.author.get_absolute_url()}"' in page


def test_members_with_nothing_of_their_own_share_one_stored_block(client, event):
    """Vote buttons for any member who has not voted, written or answered there: the
    block is rendered once per version and stored, each member's CSRF token put in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.views import csrf_placeholder

    reviews_of(event, 3)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Utile (0)" in page and csrf_placeholder() not in page
    client.force_login(second)
    client.get(event.get_absolute_url())
    with CaptureQueriesContext(connection) as stored:
        page = client.get(event.get_absolute_url()).content.decode()
    assert len(stored) <= 3  # session, the member view, CSRF-free: no review query
    assert csrf_placeholder() not in page
    token = client.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page and token
    # A vote moves the version: the others see the new count, the voter their own block.
    review = Review.objects.filter(event=event).first()
    client.post(reverse("reviews:vote", args=[review.pk]))
    assert 'aria-pressed="true"' in client.get(event.get_absolute_url()).content.decode()
    client.force_login(first)
    assert "Utile (1)" in client.get(event.get_absolute_url()).content.decode()


def test_a_review_cannot_collect_its_readers_csrf_tokens(client, event):
    """The block stored for every member holds a placeholder where each reader's CSRF
    token goes. It is derived from the secret key and replaced only in the hidden CSRF
    fields: a review that writes it down (were it known) shows it as written."""
    from events.views import csrf_placeholder

    placeholder = csrf_placeholder()
    review_submit(
        author=UserFactory(),
        event=event,
        rating=4,
        body=f"[billets](https://evil.example/?t={placeholder})",
    )
    client.force_login(UserFactory())
    client.get(event.get_absolute_url())  # stores the block
    page = client.get(event.get_absolute_url()).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert tokens and placeholder not in tokens
    assert f"https://evil.example/?t={placeholder}" in page
    assert not any(f"?t={token}" in page for token in tokens)
