"""Critiques where other apps' pages show them: the event page, the home page, profiles.

The catalogue never imports this app; its templates load these tags, and each tag owns
its queries (a fixed number, whatever the number of reviews). The event page's reviews
block is also registered as a member slot (events/slots.py, from reviews/apps.py).
"""

from django import template
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count

from billetnet.db import prepared_rows
from events.slots import MEMBER_OWN
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


# How a member's « Critiques » differ from an anonymous visitor's (see below).
# What `{% event_reviews %}` reads of the event: rendered alone, it needs no more.
EVENT_FIELDS_READ = (
    "pk",
    "slug",
    "status",
    "advertiser_id",
    "first_showtime_at",
    "rating_average",
    "rating_count",
)

# Without public reviews only the member's own (masked) review can differ: the other
# lookups are skipped (CASE evaluates its branches lazily).
MEMBER_VIEW_SQL = """
SELECT e.rating_count > 0,
       EXISTS (SELECT 1 FROM reviews_review r
               WHERE r.event_id = e.id AND r.author_id = %(member)s::bigint)
       OR CASE WHEN e.rating_count > 0 THEN
           EXISTS (SELECT 1 FROM reviews_reviewvote v
                   JOIN reviews_review r ON r.id = v.review_id
                   WHERE r.event_id = e.id AND v.member_id = %(member)s::bigint)
           OR EXISTS (SELECT 1 FROM events_advertisermembership m
                      WHERE m.advertiser_id = e.advertiser_id AND m.user_id = %(member)s::bigint)
          ELSE false END,
       CASE WHEN e.rating_count > 0 THEN
           (SELECT max(r.updated_at) FROM reviews_review r WHERE r.event_id = e.id)
       END
FROM events_event e
WHERE e.slug = %(slug)s
"""


def event_reviews_member_view(*, event_slug: str, member_id):
    """How `{% event_reviews %}` looks to this member, asked before loading them:

    - None: as to anonymous visitors (no public review, nothing of theirs);
    - MEMBER_OWN: with something of their own (their review, their votes, their
      advertiser's reply links): rendered for them alone;
    - otherwise a version string: the block every member with nothing of their own
      there sees (vote buttons, none pressed), which the event page may store, keyed by
      that version; votes and edits move it (they touch the reviews' `updated_at`).

    One hand-written query, prepared (billetnet.db): the ORM would cost more than the
    rest of the cached page.
    """
    rows = prepared_rows(MEMBER_VIEW_SQL, {"member": member_id, "slug": event_slug})
    if not rows:
        return MEMBER_OWN
    has_reviews, owns_something, last_change = rows[0]
    if owns_something:
        return MEMBER_OWN
    if not has_reviews:
        return None
    return last_change.isoformat()


@register.inclusion_tag("reviews/includes/_event_reviews.html", takes_context=True)
def event_reviews(context, event):
    """The event page's « Critiques »: note, distribution, sorted and paginated reviews.

    Anonymous visitors cost two queries (distribution, page of reviews), none when the
    event has no review yet; members two more (their own review, their advertiser role).
    The event page stores the block as anonymous visitors see it, and renders it alone
    for a member as `event_reviews_member_view` says (events.views.EventDetailView).
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
