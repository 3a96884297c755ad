from django.apps import AppConfig
from django.db.models.signals import post_migrate

from accounts import espace


def _espace_context(request) -> dict:
    from .models import Notice
    from .services import posting_block_reason

    return {
        "notices": list(Notice.objects.filter(member=request.user)[:5]),
        "posting_block": posting_block_reason(user=request.user),
    }


def _sync_moderators_group(sender, **kwargs):
    from .services import moderators_group_sync

    moderators_group_sync()


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Modération"

    def ready(self):
        # Permissions exist only once every app has migrated: keep the group's in step
        # after each migrate (a loose hook, the one thing a signal is for here).
        post_migrate.connect(_sync_moderators_group, dispatch_uid="moderation-group-sync")
        espace.section_register(
            key="moderation",
            title="Messages de la modération",
            template="moderation/includes/_espace.html",
            context=_espace_context,
            order=90,
        )
