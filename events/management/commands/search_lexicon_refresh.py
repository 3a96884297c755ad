from django.core.management.base import BaseCommand

from events.services import search_lexicon_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the search lexicon (distinct words of titles, artists, venues, cities, "
        "rubriques and tags) used for typo correction and autocompletion. Run it after "
        "large imports and once a night."
    )

    def handle(self, *args, **options):
        count = search_lexicon_refresh()
        if options["verbosity"]:
            self.stdout.write(f"Search lexicon: {count} words.")
