from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

MODERATORS_GROUP = "Modérateurs"


@transaction.atomic
def moderator_grant(*, user) -> None:
    """Make a member a moderator: staff access to the admin, in the « Modérateurs » group.

    The group's permissions are the moderation tools' business; this only places
    the member in it.
    """
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)


@transaction.atomic
def moderator_revoke(*, user) -> None:
    user.groups.remove(*Group.objects.filter(name=MODERATORS_GROUP))
    if not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def moderators():
    return get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
