"""Blocks of the event page that another app shows each member in their own way.

The event page is stored once, as anonymous visitors see it (`CatalogueCacheMixin`);
a block that differs for a member — the reviews: their own review, their votes — sits
between `slot_markers` in the template and is rendered alone for that member. The
catalogue never imports the community apps: they register their block here from their
`AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass

# What `member_view` answers for a member who sees something of their own in the block.
MEMBER_OWN = "own"


@dataclass(frozen=True)
class EventPageSlot:
    name: str
    # (event_slug, member_id) -> None when the member sees the block anonymous visitors
    # see; MEMBER_OWN when they see something of their own in it (rendered for them
    # alone); otherwise a version of the block every member with nothing of their own
    # there sees, which the page stores under it. Asked before the member is loaded.
    member_view: Callable[..., str | None]
    # The block alone, as the event page includes it, rendered with `object` (the event).
    template_code: str
    # What the block reads of the event: only those are loaded to render it alone.
    event_fields: tuple[str, ...]


_slots: dict[str, EventPageSlot] = {}


def event_page_slot_register(
    *, name: str, member_view: Callable[..., str | None], template_code: str, event_fields
) -> None:
    _slots[name] = EventPageSlot(
        name=name,
        member_view=member_view,
        template_code=template_code,
        event_fields=tuple(event_fields),
    )


def event_page_slots() -> tuple[EventPageSlot, ...]:
    return tuple(_slots.values())
