import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "motdepasse-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A member whose email address is verified (allauth's EmailAddress row)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    pseudo = factory.Sequence(lambda n: f"membre{n}")
    city = "Lyon"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )
