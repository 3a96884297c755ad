import factory

from accounts.tests.factories import UserFactory
from billetnet.markup import render_markdown
from events.tests.factories import EventFactory, at
from reviews.models import Review
from reviews.services import event_rating_refresh


def played_event(**kwargs):
    """An event whose premiere was three days ago, and which plays again next week."""
    kwargs.setdefault("showtimes", [at(-3), at(7)])
    return EventFactory(**kwargs)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    event = factory.LazyFunction(played_event)
    rating = 4
    body = factory.Sequence(lambda n: f"Une mise en scène **inventive**, critique n° {n}.")
    body_html = factory.LazyAttribute(lambda review: render_markdown(review.body))

    @factory.post_generation
    def event_note(self, create, extracted, **kwargs):
        """Keep the event's note in step, as review_submit does."""
        if create:
            event_rating_refresh(event_id=self.event_id)
