"""Critiques: a member's note (1 to 5) and impressions of a show, public to all (FAQ 13)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from events.models import Advertiser, BookingClick, Event, Showtime
from moderation.models import MemberText, MemberTextQuerySet

# A review is public while its event is: not once the advertiser takes it back to draft.
READABLE_EVENT = Q(event__status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED))


class ReviewQuerySet(MemberTextQuerySet):
    ORDERS = {
        "utiles": ("-helpful_count", "-created_at", "-pk"),
        "recentes": ("-created_at", "-pk"),
        "notes-hautes": ("-rating", "-created_at", "-pk"),
        "notes-basses": ("rating", "-created_at", "-pk"),
    }

    def visible(self):
        return super().visible().filter(READABLE_EVENT)

    def visible_to(self, user):
        return super().visible_to(user).filter(READABLE_EVENT)

    def for_event_page(self, *, event, user, order: str):
        """A page of an event's reviews as `user` sees them: author, reply and the
        member's own vote come with each review, so the count of queries is fixed."""
        reviews = (
            self.visible_to(user)
            .filter(event=event)
            .select_related("author", "showtime", "reply", "reply__advertiser")
            .order_by(*self.ORDERS.get(order, self.ORDERS["utiles"]))
        )
        if user.is_authenticated:
            voted = ReviewVote.objects.filter(review=OuterRef("pk"), member=user)
            reviews = reviews.annotate(voted=Exists(voted))
        return reviews

    def for_lists(self):
        """Reviews listed away from their event (home page, profiles, Mon Espace)."""
        return self.select_related("author", "event").order_by("-created_at", "-pk")


class Review(MemberText):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="reviews", verbose_name="événement"
    )
    showtime = models.ForeignKey(
        Showtime,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="représentation vue",
    )
    rating = models.PositiveSmallIntegerField(
        "note", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField("titre", max_length=120, blank=True)
    booked_via_billetnet = models.BooleanField(
        "a réservé via Billetnet",
        default=False,
        editable=False,
        help_text="L'auteur, connecté, a cliqué « Réserver » pour cet événement avant la "
        "représentation qu'il dit avoir vue.",
    )
    helpful_count = models.PositiveIntegerField("votes « utile »", default=0, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "critique"
        verbose_name_plural = "critiques"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "event"],
                name="reviews_one_review_per_member_per_event",
                violation_error_message="Vous avez déjà publié une critique de cet événement.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="reviews_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "-helpful_count"], name="review_useful_idx"),
            models.Index(fields=["event", "status", "-created_at"], name="review_recent_idx"),
            models.Index(fields=["event", "status", "rating"], name="review_rating_idx"),
            models.Index(fields=["status", "-created_at"], name="review_latest_idx"),
            models.Index(fields=["author", "-created_at"], name="review_author_idx"),
        ]

    def __str__(self):
        return f"{self.rating}/5 par {self.author or 'un ancien membre'} sur {self.event_id}"

    def get_absolute_url(self):
        return reverse("reviews:detail", kwargs={"pk": self.pk})


class ReviewVote(models.Model):
    """« Utile »: one per member per review, never on one's own."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vote « utile »"
        verbose_name_plural = "votes « utile »"
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="reviews_one_vote_each")
        ]

    def __str__(self):
        return f"{self.member} → {self.review_id}"


class AdvertiserReply(MemberText):
    """« Réponse de l'annonceur »: one public reply per review, from the event's advertiser."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="reply", verbose_name="critique"
    )
    advertiser = models.ForeignKey(
        Advertiser,
        on_delete=models.CASCADE,
        related_name="review_replies",
        verbose_name="annonceur",
    )

    class Meta:
        verbose_name = "réponse de l'annonceur"
        verbose_name_plural = "réponses des annonceurs"

    def __str__(self):
        return f"Réponse de {self.advertiser} à la critique {self.review_id}"

    def get_absolute_url(self):
        return reverse("reviews:detail", kwargs={"pk": self.review_id})


def events_to_review(*, member):
    """Events the member booked through Billetnet, played since, not yet reviewed (for
    Mon Espace: « votre avis compte »)."""
    booked = BookingClick.objects.filter(user=member, event=OuterRef("pk"), is_bot=False)
    reviewed = Review.objects.filter(author=member, event=OuterRef("pk"))
    return (
        Event.objects.published()
        .filter(Exists(booked), first_showtime_at__lte=timezone.now())
        .exclude(Exists(reviewed))
        .order_by("-last_showtime_at", "-pk")
        .only("title", "slug")
    )
