from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moderation.services import moderator_grant, moderator_revoke


class Command(BaseCommand):
    help = "Grant (or with --revoke, withdraw) moderator rights to an existing member."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The member's login email.")
        parser.add_argument("--revoke", action="store_true", help="Withdraw the rights.")

    def handle(self, *args, email, revoke, **options):
        try:
            user = get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No member with the email {email!r}.") from exc
        if revoke:
            moderator_revoke(user=user)
            self.stdout.write(f"{user.pseudo} is no longer a moderator.")
        else:
            moderator_grant(user=user)
            self.stdout.write(f"{user.pseudo} is now a moderator (group « Modérateurs »).")
