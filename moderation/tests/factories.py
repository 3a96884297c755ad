import factory

from accounts.tests.factories import UserFactory
from billetnet.markup import render_markdown
from moderation.tests.sample.models import SampleText


class SampleTextFactory(factory.django.DjangoModelFactory):
    """A published member text of the tests' own kind (`moderation.tests.sample`)."""

    class Meta:
        model = SampleText

    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Un **très** beau spectacle, n° {n}.")
    body_html = factory.LazyAttribute(lambda text: render_markdown(text.body))
