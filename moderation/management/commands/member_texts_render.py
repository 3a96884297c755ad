"""Render every member text again from its raw Markdown, after the rules of
billetnet/markup.py changed (a new allowed tag, a stricter link rule…)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from billetnet.markup import render_markdown
from moderation import registry

BATCH = 500


class Command(BaseCommand):
    help = "Re-render the HTML of every member text (reviews, posts…) from its Markdown."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change, change nothing."
        )

    def handle(self, *args, dry_run, **options):
        for text_type in registry.member_text_types():
            model = text_type.model
            total = model.objects.count()
            changed = seen = 0
            last_pk = 0
            while True:
                batch = list(
                    model.objects.filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", "body", "body_html")[:BATCH]
                )
                if not batch:
                    break
                last_pk = batch[-1].pk
                stale = []
                for text in batch:
                    html = render_markdown(text.body)
                    if html != text.body_html:
                        text.body_html = html
                        stale.append(text)
                if stale and not dry_run:
                    with transaction.atomic():
                        model.objects.bulk_update(stale, ["body_html"])
                changed += len(stale)
                seen += len(batch)
                self.stdout.write(f"  {text_type.label} : {seen}/{total}", ending="\r")
            verb = "would change" if dry_run else "re-rendered"
            self.stdout.write(f"{text_type.label}: {changed} of {total} {verb}.")
