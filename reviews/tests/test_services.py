import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events.models import AdvertiserMembership, BookingClick, Event
from events.tests.factories import EventFactory, at
from moderation.models import ModerationCase, TextStatus
from moderation.services import (
    PostingForbidden,
    TextDecision,
    case_decide,
    moderator_grant,
    report_submit,
)
from reviews.models import AdvertiserReply, Review, ReviewVote
from reviews.services import (
    ReviewRefused,
    reply_delete,
    reply_submit,
    reply_update,
    review_delete,
    review_submit,
    review_update,
    review_vote_toggle,
)

from .factories import ReviewFactory, played_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return played_event()


def submit(event, author=None, rating=4, **kwargs):
    return review_submit(
        author=author or UserFactory(),
        event=event,
        rating=rating,
        body=kwargs.pop("body", "Un très beau moment."),
        **kwargs,
    )


# --- Writing ---------------------------------------------------------------------------


def test_a_review_updates_the_event_note_in_the_same_transaction(event):
    submit(event, rating=5)
    submit(event, rating=2)
    event.refresh_from_db()
    assert event.rating_count == 2
    assert event.rating_average == Decimal("3.50")


def test_one_review_per_member_per_event(event):
    author = UserFactory()
    submit(event, author=author)
    with pytest.raises(ReviewRefused, match="déjà publié"):
        submit(event, author=author)
    assert Review.objects.count() == 1


def test_the_database_refuses_a_second_review_too(event):
    review = ReviewFactory(event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(event=event, author=review.author)


def test_the_database_refuses_a_note_outside_1_to_5(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(event=event, rating=6)


def test_no_review_before_the_premiere():
    upcoming = EventFactory(showtimes=[at(2)])
    with pytest.raises(ReviewRefused, match="première représentation"):
        submit(upcoming)
    premiere = timezone.now() + datetime.timedelta(minutes=1)
    tonight = EventFactory(showtimes=[premiere])
    with pytest.raises(ReviewRefused):
        submit(tonight)
    submit(tonight, now=premiere + datetime.timedelta(seconds=1))  # the curtain is up


def test_no_review_of_a_draft_or_of_a_showtime_to_come(event):
    with pytest.raises(ReviewRefused, match="pas encore eu lieu"):
        submit(event, showtime=event.showtimes.get(starts_at__gt=timezone.now()))
    draft = played_event(status=Event.Status.DRAFT)
    with pytest.raises(ReviewRefused):
        submit(draft)


def test_unverified_and_suspended_members_cannot_review(event):
    with pytest.raises(PostingForbidden):
        submit(event, author=UserFactory(verified=False))
    assert not Review.objects.exists()


def test_the_badge_needs_a_logged_in_click_before_the_showtime_seen(event):
    seen = event.showtimes.get(starts_at__lt=timezone.now())
    booker, late_booker, anonymous_click = UserFactory.create_batch(3)
    common = {"event": event, "visitor_hash": "x"}
    BookingClick.objects.create(
        user=booker, clicked_at=seen.starts_at - datetime.timedelta(days=2), **common
    )
    BookingClick.objects.create(
        user=late_booker, clicked_at=seen.starts_at + datetime.timedelta(hours=1), **common
    )
    BookingClick.objects.create(
        user=None, clicked_at=seen.starts_at - datetime.timedelta(days=2), **common
    )
    assert submit(event, author=booker, showtime=seen).booked_via_billetnet
    assert not submit(event, author=late_booker, showtime=seen).booked_via_billetnet
    assert not submit(event, author=anonymous_click, showtime=seen).booked_via_billetnet
    # Without the showtime seen, there is nothing to compare with.
    other = played_event()
    BookingClick.objects.create(user=booker, event=other, visitor_hash="x")
    assert not submit(other, author=booker).booked_via_billetnet


def test_only_the_author_edits_or_deletes(event):
    review = submit(event, rating=5)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        review_update(review=review, author=stranger, rating=1, body="Piraté")
    with pytest.raises(PermissionDenied):
        review_delete(review=review, author=stranger)
    review.refresh_from_db()
    assert review.rating == 5 and review.body == "Un très beau moment."


def test_an_edit_is_marked_and_the_note_follows(event):
    review = submit(event, rating=5)
    review_update(review=review, author=review.author, rating=3, body=review.body)
    review.refresh_from_db()
    event.refresh_from_db()
    assert review.edit_count == 1 and review.is_edited
    assert event.rating_average == Decimal("3.00")


def test_deleting_updates_the_note_and_closes_its_open_case(event):
    review = submit(event, rating=5)
    submit(event, rating=1)
    report_submit(reporter=UserFactory(), target=review, reason="spam")
    review_delete(review=review, author=review.author)
    event.refresh_from_db()
    assert (event.rating_count, event.rating_average) == (1, Decimal("1.00"))
    assert not ModerationCase.objects.open().exists()


def test_masked_reviews_leave_the_note_until_restored(event):
    moderator = UserFactory()
    moderator_grant(user=moderator)
    kept = submit(event, rating=4)
    masked = submit(event, rating=1)
    for reporter in UserFactory.create_batch(3):
        report_submit(reporter=reporter, target=masked, reason="insulte")
    event.refresh_from_db()
    assert (event.rating_count, event.rating_average) == (1, Decimal("4.00"))
    case = ModerationCase.objects.get()
    case_decide(
        moderator=moderator,
        case=case,
        reason="Critique sévère mais honnête.",
        text_decision=TextDecision.PUBLISH,
    )
    event.refresh_from_db()
    assert (event.rating_count, event.rating_average) == (2, Decimal("2.50"))
    assert kept.pk


# --- Two reviews at once ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_leave_a_correct_average():
    event = played_event()
    authors = UserFactory.create_batch(6)
    ratings = [5, 4, 3, 2, 1, 5]
    barrier = threading.Barrier(len(authors))
    errors = []

    def write(author, rating):
        try:
            barrier.wait()
            review_submit(author=author, event=event, rating=rating, body="Vu hier soir.")
        except Exception as error:  # collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(authors, ratings, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    event.refresh_from_db()
    assert event.rating_count == 6
    assert event.rating_average == Decimal("3.33")


# --- « Utile » ---------------------------------------------------------------------------


def test_votes_one_each_and_never_on_ones_own(event):
    review = ReviewFactory(event=event)
    voter = UserFactory()
    assert review_vote_toggle(review=review, member=voter) is True
    review.refresh_from_db()
    assert review.helpful_count == 1
    assert review_vote_toggle(review=review, member=voter) is False  # taken back
    review.refresh_from_db()
    assert review.helpful_count == 0
    with pytest.raises(ReviewRefused, match="propre critique"):
        review_vote_toggle(review=review, member=review.author)
    review_vote_toggle(review=review, member=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVote.objects.create(review=review, member=voter)


# --- « Réponse de l'annonceur » -----------------------------------------------------------


def test_only_the_events_advertiser_replies(event):
    review = ReviewFactory(event=event)
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        reply_submit(review=review, author=outsider, body="Merci !")
    editor = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=editor, role=AdvertiserMembership.Role.EDITOR
    )
    reply = reply_submit(review=review, author=editor, body="Merci pour votre venue !")
    assert reply.advertiser == event.advertiser
    with pytest.raises(ReviewRefused, match="déjà une réponse"):
        reply_submit(review=review, author=editor, body="Encore merci")
    with pytest.raises(PermissionDenied):
        reply_update(reply=reply, member=outsider, body="Piraté")
    reply_update(reply=reply, member=editor, body="Merci, à bientôt !")
    reply.refresh_from_db()
    assert reply.is_edited
    with pytest.raises(PermissionDenied):
        reply_delete(reply=reply, member=outsider)
    reply_delete(reply=reply, member=editor)
    assert not AdvertiserReply.objects.exists()


def test_a_reply_can_be_reported_like_any_member_text(event):
    review = ReviewFactory(event=event)
    owner = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=owner, role=AdvertiserMembership.Role.OWNER
    )
    reply = reply_submit(review=review, author=owner, body="Vous n'avez rien compris.")
    report = report_submit(reporter=review.author, target=reply, reason="insulte")
    assert report.case.target == reply


# --- Bursts ------------------------------------------------------------------------------


def test_a_burst_of_notes_from_new_accounts_is_flagged(event, settings):
    settings.REVIEW_BURST_NEWCOMERS = 3
    old = timezone.now() - datetime.timedelta(days=400)
    for _ in range(2):
        submit(event, author=UserFactory(date_joined=old))
    for _ in range(2):
        submit(event, author=UserFactory())
    assert not ModerationCase.objects.exists()
    submit(event, author=UserFactory(), rating=5)
    case = ModerationCase.objects.get()
    assert case.kind == ModerationCase.Kind.SIGNAL and case.target == event
    assert "dont 3 de comptes créés il y a moins de 7 jours" in case.summary


def test_a_burst_already_looked_at_is_not_flagged_again(event, settings):
    settings.REVIEW_BURST_TOTAL = 2
    moderator = UserFactory()
    moderator_grant(user=moderator)
    submit(event)
    submit(event)
    case_decide(moderator=moderator, case=ModerationCase.objects.get(), reason="Vérifié.")
    submit(event)
    assert ModerationCase.objects.open().count() == 0
    assert Review.objects.filter(status=TextStatus.PUBLISHED).count() == 3


# --- Found in review ----------------------------------------------------------------------


def test_a_masked_or_removed_review_cannot_be_deleted_and_reposted(event):
    review = submit(event)
    Review.objects.filter(pk=review.pk).update(status=TextStatus.HIDDEN)
    with pytest.raises(ReviewRefused, match="modération"):
        review_delete(review=review, author=review.author)
    assert Review.objects.filter(pk=review.pk).exists()


def test_a_removed_reply_cannot_be_deleted_and_reposted(event):
    review = ReviewFactory(event=event)
    owner = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=owner, role=AdvertiserMembership.Role.OWNER
    )
    reply = reply_submit(review=review, author=owner, body="Vous n'avez rien compris.")
    AdvertiserReply.objects.filter(pk=reply.pk).update(status=TextStatus.REMOVED)
    with pytest.raises(ReviewRefused):
        reply_delete(reply=reply, member=owner)
    with pytest.raises(ReviewRefused, match="déjà une réponse"):
        reply_submit(review=review, author=owner, body="Vous n'avez rien compris.")


def test_reviews_of_an_event_taken_back_to_draft_are_not_public(event):
    ReviewFactory(event=event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert not Review.objects.visible().exists()


def test_a_cancelled_showtime_cannot_be_the_one_seen(event):
    seen = event.showtimes.get(starts_at__lt=timezone.now())
    seen.status = seen.Status.CANCELLED
    seen.save()
    with pytest.raises(ReviewRefused, match="annulée"):
        submit(event, showtime=seen)


def test_the_advertisers_people_neither_review_nor_vote_on_their_event(event):
    editor = UserFactory()
    AdvertiserMembership.objects.create(
        advertiser=event.advertiser, user=editor, role=AdvertiserMembership.Role.EDITOR
    )
    with pytest.raises(ReviewRefused, match="annonceur"):
        submit(event, author=editor)
    review = ReviewFactory(event=event)
    with pytest.raises(ReviewRefused, match="annonceur"):
        review_vote_toggle(review=review, member=editor)


def test_saving_an_event_keeps_a_note_written_meanwhile(event):
    """The espace annonceur's form read the event before a review came in: the save
    must not write the old note back."""
    from events.services import advertiser_event_save

    stale = Event.objects.get(pk=event.pk)
    submit(event, rating=5)
    stale.summary = "Nouvelle accroche."
    advertiser_event_save(event=stale, advertiser=event.advertiser, publish=True)
    event.refresh_from_db()
    assert (event.rating_count, event.rating_average) == (1, Decimal("5.00"))
