"""Critiques where other apps' pages show them: the event page, the home page, profiles.

The catalogue never imports this app; its templates load these tags, and each tag owns
its queries (a fixed number, whatever the number of reviews).
"""

from django import template
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count

from moderation.models import TextStatus

from ..models import Review
from ..services import review_open_for, speaks_for_advertiser

register = template.Library()

REVIEWS_PER_PAGE = 10
SORTS = [
    ("utiles", "Les plus utiles"),
    ("recentes", "Les plus récentes"),
    ("notes-hautes", "Notes hautes"),
    ("notes-basses", "Notes basses"),
]


def rating_distribution(event) -> list[dict]:
    """Public notes per value, 5 to 1, with their share of the total (for the bars).

    No query for an event without reviews: its count is on the event."""
    counts = {}
    if event.rating_count:
        counts = dict(
            Review.objects.visible()
            .filter(event=event)
            .values_list("rating")
            .annotate(n=Count("pk"))
            .order_by()
        )
    total = sum(counts.values())
    return [
        {
            "rating": rating,
            "count": counts.get(rating, 0),
            "percent": round(100 * counts.get(rating, 0) / total) if total else 0,
        }
        for rating in range(5, 0, -1)
    ]


@register.inclusion_tag("reviews/includes/_event_reviews.html", takes_context=True)
def event_reviews(context, event):
    """The event page's « Critiques »: note, distribution, sorted and paginated reviews.

    Anonymous visitors cost two queries (distribution, page of reviews), none when the
    event has no review yet; members two more (their own review, their advertiser role).
    """
    request = context["request"]
    user = request.user
    order = request.GET.get("critiques", "utiles")
    if order not in dict(SORTS):
        order = "utiles"
    own = None
    can_reply = False
    if user.is_authenticated:
        own = Review.objects.filter(event=event, author=user).only("pk", "status").first()
        can_reply = speaks_for_advertiser(advertiser_id=event.advertiser_id, member=user)
    distribution = rating_distribution(event)
    # What the member sees: the public reviews, and their own while it is masked. Counted
    # from the distribution rather than by one more query.
    total = sum(row["count"] for row in distribution)
    if own is not None and own.status == TextStatus.HIDDEN:
        total += 1
    reviews = Review.objects.for_event_page(event=event, user=user, order=order)
    paginator = Paginator(reviews, REVIEWS_PER_PAGE)
    paginator.count = total
    try:
        page = paginator.page(request.GET.get("cpage", 1))
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(1)
    return {
        "request": request,
        "user": user,
        "event": event,
        "page_obj": page,
        "reviews": page.object_list if total else [],
        "distribution": distribution,
        "order": order,
        "sorts": SORTS,
        "own": own,
        "can_reply": can_reply,
        "open": review_open_for(event=event),
        "published": TextStatus.PUBLISHED,
    }


@register.inclusion_tag("reviews/includes/_latest.html")
def latest_reviews(count: int = 6):
    """The newest public reviews, for the home page."""
    reviews = Review.objects.visible().for_lists().select_related("event__venue")[:count]
    return {"reviews": reviews}


@register.filter
def reply_shown_to(reply, user) -> bool:
    """The advertiser's reply is public once published; its author sees it masked too."""
    if not reply:  # no reply: the template hands over "" for a missing one
        return False
    return reply.status == TextStatus.PUBLISHED or (
        user.is_authenticated and reply.author_id == user.pk and reply.status == TextStatus.HIDDEN
    )


@register.simple_tag
def stars(rating) -> str:
    """« ★★★★☆ » for 4 (decorative: every use is paired with the note in words)."""
    try:
        full = round(float(rating))
    except (TypeError, ValueError):
        return ""
    full = max(0, min(5, full))
    return "★" * full + "☆" * (5 - full)
