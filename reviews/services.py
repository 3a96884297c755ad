"""Writing, editing, voting on and answering critiques; keeping each event's note."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, DecimalField, F, Q
from django.utils import timezone

from events.models import AdvertiserMembership, BookingClick, Event, Showtime
from events.services import catalogue_changed
from moderation.models import ModerationCase, TextStatus
from moderation.services import (
    case_open,
    cases_close,
    member_text_fill,
    posting_block_reason,
    posting_check,
    posting_rate_check,
)

from .models import AdvertiserReply, Review, ReviewVote

TWO_PLACES = Decimal("0.01")


class ReviewRefused(Exception):
    """A refusal shown to the member as it is, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- The event's note -----------------------------------------------------------------


def event_rating_refresh(*, event_id: int) -> None:
    """Recompute an event's average and count from its public reviews.

    Every caller holds the event's row lock (`_event_locked`), so two reviews posted at
    the same moment are counted one after the other, and both are in the result.
    """
    stats = (
        Review.objects.visible()
        .filter(event_id=event_id)
        # PostgreSQL's avg() of integers is an exact numeric: rounded here, once.
        .aggregate(average=Avg("rating", output_field=DecimalField()), count=Count("pk"))
    )
    average = stats["average"]
    Event.objects.filter(pk=event_id).update(
        rating_average=average.quantize(TWO_PLACES, ROUND_HALF_UP) if average is not None else None,
        rating_count=stats["count"],
    )
    # Cards, lists sorted by note and the event page show the note: retire cached pages.
    transaction.on_commit(catalogue_changed)


def _event_locked(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def review_status_changed(review: Review) -> None:
    """Moderation masked, removed or restored a review: its event's note follows."""
    _event_locked(review.event_id)
    event_rating_refresh(event_id=review.event_id)


# --- Writing --------------------------------------------------------------------------


def review_open_for(*, event: Event, now: datetime.datetime | None = None) -> bool:
    """Reviews open with the premiere: not before the first showtime has begun."""
    now = now or timezone.now()
    return (
        event.status in (Event.Status.PUBLISHED, Event.Status.CANCELLED)
        and event.first_showtime_at is not None
        and event.first_showtime_at <= now
    )


def _showtime_check(*, event: Event, showtime: Showtime | None, now) -> None:
    if showtime is None:
        return
    if showtime.event_id != event.pk:
        raise ReviewRefused("Cette représentation n'appartient pas à cet événement.")
    if showtime.status == Showtime.Status.CANCELLED:
        raise ReviewRefused("Cette représentation a été annulée.")
    if showtime.starts_at > now:
        raise ReviewRefused("Cette représentation n'a pas encore eu lieu.")


def _booked_via_billetnet(*, author, event: Event, showtime: Showtime | None) -> bool:
    """The badge: the author, logged in, clicked « Réserver » for this event before the
    showtime they saw. Without a showtime there is nothing to compare with: no badge."""
    if showtime is None:
        return False
    return BookingClick.objects.filter(
        user=author, event=event, is_bot=False, clicked_at__lt=showtime.starts_at
    ).exists()


def _burst_check(*, event: Event, now: datetime.datetime) -> None:
    """Raise an alert for moderators when an event receives an unusual burst of notes:
    many from accounts created in the last days, or many at all, in a short time."""
    window_start = now - datetime.timedelta(hours=settings.REVIEW_BURST_WINDOW_HOURS)
    newcomer_since = now - datetime.timedelta(days=settings.REVIEW_BURST_NEWCOMER_DAYS)
    recent = Review.objects.filter(event=event, created_at__gte=window_start).aggregate(
        total=Count("pk"), newcomers=Count("pk", filter=Q(author__date_joined__gte=newcomer_since))
    )
    if (
        recent["newcomers"] < settings.REVIEW_BURST_NEWCOMERS
        and recent["total"] < settings.REVIEW_BURST_TOTAL
    ):
        return
    # A moderator who looked at this burst already does not hear of it again.
    looked_at = ModerationCase.objects.filter(
        content_type=ContentType.objects.get_for_model(Event),
        object_id=event.pk,
        closed_at__gte=window_start,
    ).exists()
    if not looked_at:
        case_open(
            target=event,
            summary=(
                f"{recent['total']} notes en {settings.REVIEW_BURST_WINDOW_HOURS} h sur "
                f"« {event.title} », dont {recent['newcomers']} de comptes créés il y a moins "
                f"de {settings.REVIEW_BURST_NEWCOMER_DAYS} jours"
            ),
        )


@transaction.atomic
def review_submit(
    *,
    author,
    event: Event,
    rating: int,
    body: str,
    title: str = "",
    showtime: Showtime | None = None,
    now: datetime.datetime | None = None,
) -> Review:
    """A member's one review of an event, once the premiere has begun."""
    now = now or timezone.now()
    posting_check(user=author)
    event = _event_locked(event.pk)
    if not review_open_for(event=event, now=now):
        raise ReviewRefused(
            "Les critiques ouvrent avec la première représentation : revenez après l'avoir vue."
        )
    _showtime_check(event=event, showtime=showtime, now=now)
    if speaks_for_advertiser(advertiser_id=event.advertiser_id, member=author):
        raise ReviewRefused(
            "Vous faites partie de l'annonceur de cet événement : vous ne pouvez pas le "
            "critiquer, mais vous pouvez répondre aux critiques."
        )
    if Review.objects.filter(author=author, event=event).exists():
        raise ReviewRefused(
            "Vous avez déjà publié une critique de cet événement : vous pouvez la modifier."
        )
    review = Review(
        author=author,
        event=event,
        rating=rating,
        title=title.strip(),
        showtime=showtime,
        created_at=now,
        booked_via_billetnet=_booked_via_billetnet(author=author, event=event, showtime=showtime),
    )
    member_text_fill(text=review, body=body)
    review.full_clean(exclude=["author", "event", "showtime", "body_html"])
    posting_rate_check(user=author)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:  # the same member, twice at the same moment
        raise ReviewRefused("Vous avez déjà publié une critique de cet événement.") from exc
    event_rating_refresh(event_id=event.pk)
    _burst_check(event=event, now=now)
    return review


def _own_review_locked(*, review: Review, author) -> Review:
    """The author's review, locked; anyone else's is refused (the view answers 404)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.author_id is None or review.author_id != author.pk:
        raise PermissionDenied("Cette critique n'est pas la vôtre.")
    return review


@transaction.atomic
def review_update(
    *,
    review: Review,
    author,
    rating: int,
    body: str,
    title: str = "",
    showtime: Showtime | None = None,
    now: datetime.datetime | None = None,
) -> Review:
    """The author edits their review; the page then says « modifiée »."""
    now = now or timezone.now()
    review = _own_review_locked(review=review, author=author)
    posting_check(user=author)
    if review.status == TextStatus.REMOVED:
        raise ReviewRefused("Cette critique a été supprimée par la modération.")
    event = _event_locked(review.event_id)
    _showtime_check(event=event, showtime=showtime, now=now)
    changed = (review.rating, review.title, review.showtime_id) != (
        rating,
        title.strip(),
        showtime.pk if showtime else None,
    )
    review.rating, review.title, review.showtime = rating, title.strip(), showtime
    was_edits = review.edit_count
    member_text_fill(text=review, body=body, now=now)
    if changed and review.edit_count == was_edits:
        review.edit_count += 1
        review.edited_at = now
    review.booked_via_billetnet = _booked_via_billetnet(
        author=author, event=event, showtime=showtime
    )
    review.full_clean(exclude=["author", "event", "showtime", "body_html"])
    posting_rate_check(user=author)
    review.save()
    event_rating_refresh(event_id=event.pk)
    return review


@transaction.atomic
def review_delete(*, review: Review, author) -> None:
    review = _own_review_locked(review=review, author=author)
    if review.status != TextStatus.PUBLISHED:
        raise ReviewRefused(
            "Cette critique est entre les mains de la modération : elle ne peut pas être "
            "supprimée pour l'instant."
        )
    _event_locked(review.event_id)
    event_id = review.event_id
    if reply := AdvertiserReply.objects.filter(review=review).first():
        cases_close(target=reply, reason="La critique a été supprimée par son auteur.")
    cases_close(target=review)
    review.delete()
    event_rating_refresh(event_id=event_id)


# --- « Utile » ------------------------------------------------------------------------


@transaction.atomic
def review_vote_toggle(*, review: Review, member) -> bool:
    """Mark a review useful, or take the mark back. Returns whether it is now marked."""
    if block := posting_block_reason(user=member):
        raise ReviewRefused(block)
    review = (
        Review.objects.visible()
        .select_for_update(of=("self",))
        .select_related("event")
        .filter(pk=review.pk)
        .first()
    )
    if review is None:
        raise ReviewRefused("Cette critique n'est plus visible.")
    if review.author_id == member.pk:
        raise ReviewRefused("Vous ne pouvez pas voter pour votre propre critique.")
    if speaks_for_advertiser(advertiser_id=review.event.advertiser_id, member=member):
        raise ReviewRefused("L'annonceur de l'événement ne vote pas pour ses critiques.")
    deleted, _ = ReviewVote.objects.filter(review=review, member=member).delete()
    if deleted:
        Review.objects.filter(pk=review.pk).update(
            helpful_count=F("helpful_count") - 1, updated_at=timezone.now()
        )
        return False
    ReviewVote.objects.create(review=review, member=member)
    # updated_at moves too: the event page's stored member block is keyed by it.
    Review.objects.filter(pk=review.pk).update(
        helpful_count=F("helpful_count") + 1, updated_at=timezone.now()
    )
    return True


# --- « Réponse de l'annonceur » ---------------------------------------------------------


def speaks_for_advertiser(*, advertiser_id: int, member) -> bool:
    """Any member (owner or editor) of an advertiser answers reviews in its name."""
    return (
        member.is_authenticated
        and AdvertiserMembership.objects.filter(advertiser_id=advertiser_id, user=member).exists()
    )


def reply_allowed(*, review: Review, member) -> bool:
    return speaks_for_advertiser(advertiser_id=review.event.advertiser_id, member=member)


@transaction.atomic
def reply_submit(*, review: Review, author, body: str) -> AdvertiserReply:
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("event").get(pk=review.pk)
    )
    if not reply_allowed(review=review, member=author):
        raise PermissionDenied("Seul l'annonceur de l'événement peut répondre.")
    posting_check(user=author)
    if review.status != TextStatus.PUBLISHED:
        raise ReviewRefused("Cette critique n'est pas visible : on ne peut pas y répondre.")
    if AdvertiserReply.objects.filter(review=review).exists():
        raise ReviewRefused("Cette critique a déjà une réponse de l'annonceur : modifiez-la.")
    reply = AdvertiserReply(review=review, advertiser_id=review.event.advertiser_id, author=author)
    member_text_fill(text=reply, body=body)
    posting_rate_check(user=author)
    reply.save()
    transaction.on_commit(catalogue_changed)
    return reply


def _reply_locked(*, reply: AdvertiserReply, member) -> AdvertiserReply:
    reply = (
        AdvertiserReply.objects.select_for_update(of=("self",))
        .select_related("review__event")
        .get(pk=reply.pk)
    )
    if not reply_allowed(review=reply.review, member=member):
        raise PermissionDenied("Cette réponse appartient à un autre annonceur.")
    return reply


@transaction.atomic
def reply_update(*, reply: AdvertiserReply, member, body: str) -> AdvertiserReply:
    reply = _reply_locked(reply=reply, member=member)
    posting_check(user=member)
    if reply.status == TextStatus.REMOVED:
        raise ReviewRefused("Cette réponse a été supprimée par la modération.")
    member_text_fill(text=reply, body=body)
    posting_rate_check(user=member)
    reply.save()
    transaction.on_commit(catalogue_changed)
    return reply


@transaction.atomic
def reply_delete(*, reply: AdvertiserReply, member) -> None:
    reply = _reply_locked(reply=reply, member=member)
    if reply.status != TextStatus.PUBLISHED:
        raise ReviewRefused(
            "Cette réponse est entre les mains de la modération : elle ne peut pas être supprimée."
        )
    cases_close(target=reply)
    reply.delete()
    transaction.on_commit(catalogue_changed)
