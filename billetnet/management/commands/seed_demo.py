"""Demo data for `make run`: a demo member and a demo moderator, and later the catalogue.

Idempotent: running it again changes nothing.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from moderation.services import moderator_grant

DEMO_PASSWORD = "billetnet-demo"
DEMO_ACCOUNTS = [
    # (email, pseudo, city, moderator)
    ("membre@billetnet.test", "Camille", "Lyon", False),
    ("moderateur@billetnet.test", "Modo", "Paris", True),
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        created = 0
        for email, pseudo, city, moderator in DEMO_ACCOUNTS:
            user, was_created = User.objects.get_or_create(
                email=email, defaults={"pseudo": pseudo, "city": city}
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if moderator and not user.groups.filter(name="Modérateurs").exists():
                moderator_grant(user=user)
        self.stdout.write(
            f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already there."
        )
