from django.apps import AppConfig


def _espace_context(request) -> dict:
    from .models import Review, events_to_review

    reviews = Review.objects.filter(author=request.user).for_lists()
    return {
        "reviews": list(reviews[:5]),
        "review_count": reviews.count(),
        "to_review": list(events_to_review(member=request.user)[:5]),
    }


def _profile_context(member) -> dict:
    from .models import Review

    reviews = Review.objects.visible().filter(author=member).for_lists()
    return {"member": member, "reviews": list(reviews[:5])}


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Critiques"

    def ready(self):
        from accounts import espace
        from events.slots import event_page_slot_register
        from moderation import registry

        from .models import AdvertiserReply, Review
        from .services import review_status_changed
        from .templatetags.reviews_tags import EVENT_FIELDS_READ, event_reviews_member_view

        registry.member_text_register(
            Review, slug="critique", label="critique", status_changed=review_status_changed
        )
        registry.member_text_register(
            AdvertiserReply, slug="reponse-annonceur", label="réponse de l'annonceur"
        )
        registry.moderator_permissions_register(
            "reviews.view_review", "reviews.view_advertiserreply"
        )
        espace.section_register(
            key="critiques",
            title="Mes critiques",
            template="reviews/includes/_espace.html",
            context=_espace_context,
            order=20,
        )
        # The event page's reviews block, rendered for each member who sees something
        # of their own in it (events/slots.py).
        event_page_slot_register(
            name="reviews",
            member_view=event_reviews_member_view,
            template_code="{% load reviews_tags %}{% event_reviews object %}",
            event_fields=EVENT_FIELDS_READ,
        )
        espace.profile_section_register(
            key="critiques",
            template="reviews/includes/_member_reviews.html",
            context=_profile_context,
        )
