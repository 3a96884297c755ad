"""The kinds of member texts moderation knows about, and what other apps ask of it.

Each app that owns member texts registers them from its `AppConfig.ready()`:

    registry.member_text_register(Review, slug="critique", label="critique",
                                  status_changed=review_status_changed)

so that « Signaler » links, the report form and the moderation queue reach them
without this app importing the others (it sits beside `events`, below them all).
Apps also declare the admin permissions the « Modérateurs » group needs for their
own queues (the pending events, for example).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class MemberTextType:
    model: type[models.Model]
    slug: str  # in the report URL: /signaler/<slug>/<pk>/
    label: str  # in French, for people: « critique », « message du forum »…
    # Called inside the transaction after moderation changed a text's status, for the
    # owner app's denormalised figures (an event's average note, a topic's post count…).
    status_changed: Callable[[models.Model], None] | None = None


_by_slug: dict[str, MemberTextType] = {}
_by_model: dict[type[models.Model], MemberTextType] = {}
_moderator_permissions: set[str] = set()


def member_text_register(
    model: type[models.Model],
    *,
    slug: str,
    label: str,
    status_changed: Callable[[models.Model], None] | None = None,
) -> None:
    text_type = MemberTextType(model=model, slug=slug, label=label, status_changed=status_changed)
    existing = _by_slug.get(slug)
    if existing and existing.model is not model:
        raise ValueError(f"The member-text slug {slug!r} is already taken by {existing.model}.")
    _by_slug[slug] = text_type
    _by_model[model] = text_type


def member_text_type(model_or_instance) -> MemberTextType | None:
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    return _by_model.get(model._meta.concrete_model)


def member_text_type_by_slug(slug: str) -> MemberTextType | None:
    return _by_slug.get(slug)


def member_text_types() -> list[MemberTextType]:
    return list(_by_slug.values())


def moderator_permissions_register(*codenames: str) -> None:
    """Declare permissions (« app_label.codename ») the « Modérateurs » group needs."""
    _moderator_permissions.update(codenames)


def moderator_permissions() -> set[str]:
    return set(_moderator_permissions)
