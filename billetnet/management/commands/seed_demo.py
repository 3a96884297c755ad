"""Demo data for `make run`: a demo member, a demo moderator and a French catalogue.

Idempotent: running it again changes nothing. `--events 100000` builds a large catalogue
for benchmarks (in bulk, batch by batch); run it again and it does nothing, or finishes an
interrupted run.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events import demo
from events.models import SearchTerm
from events.services import search_lexicon_refresh
from moderation.services import moderator_grant

DEMO_PASSWORD = "billetnet-demo"
DEMO_ACCOUNTS = [
    # (email, pseudo, city, moderator)
    ("membre@billetnet.test", "Camille", "Lyon", False),
    ("moderateur@billetnet.test", "Modo", "Paris", True),
]


class ProgressBar:
    """`[#####-----]  42 % 126/300 événements`, rewritten in place on the console."""

    def __init__(self, stdout, *, label: str, width: int = 30):
        self.stdout = stdout
        self.label = label
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stdout.write(f"\r[{bar}] {percent:3d} % {done}/{total} {self.label}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()


class Command(BaseCommand):
    help = "Load the demo data: two accounts and a French catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--events",
            type=int,
            default=demo.DEMO_EVENTS,
            help=f"How many demo events (default {demo.DEMO_EVENTS}). Above "
            f"{demo.BULK_THRESHOLD} the catalogue is built in bulk, for benchmarks.",
        )
        parser.add_argument(
            "--bulk", action="store_true", help="Build in bulk whatever the number of events."
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="Seed of the random choices."
        )
        parser.add_argument(
            "--no-posters",
            dest="posters",
            action="store_false",
            help="Do not draw posters (faster).",
        )
        parser.add_argument(
            "--no-catalogue",
            dest="catalogue",
            action="store_false",
            help="Only the demo accounts.",
        )

    def handle(self, *args, **options):
        if options["events"] < 1:
            raise CommandError("--events doit être un nombre d'événements positif.")
        verbose = options["verbosity"] >= 1
        created = self._accounts_ensure()
        if verbose:
            self.stdout.write(
                f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already there."
            )
        if not options["catalogue"]:
            return

        bulk = options["bulk"] or options["events"] > demo.BULK_THRESHOLD
        build = demo.catalogue_seed_bulk if bulk else demo.catalogue_seed
        report = build(
            events=options["events"],
            seed=options["seed"],
            posters=options["posters"],
            progress=ProgressBar(self.stdout, label="événements") if verbose else None,
        )
        if not report.skipped or not SearchTerm.objects.exists():
            search_lexicon_refresh()
        if not verbose:
            return
        if report.skipped:
            self.stdout.write(
                f"Catalogue de démonstration déjà en place : {report.total_events} événements "
                f"({report.seconds:.1f} s)."
            )
            return
        self.stdout.write(
            f"Catalogue de démonstration{' (en masse)' if bulk else ''} : "
            f"{report.events} événements, {report.showtimes} représentations, "
            f"{report.posters} affiches, {report.venues} lieux, {report.advertisers} annonceurs, "
            f"{report.artists} artistes créés ; {report.total_events} événements en tout, "
            f"en {report.seconds:.1f} s."
        )

    @transaction.atomic
    def _accounts_ensure(self) -> int:
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
        return created
