"""Blocks of the event page that another app shows each member in their own way.

The event page is stored once, as anonymous visitors see it (`CatalogueCacheMixin`);
a block that differs for a member — the reviews: their own review, their votes — sits
between `slot_markers` in the template and is rendered alone for that member. The
catalogue never imports the community apps: they register their block here from their
`AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventPageSlot:
    name: str
    # (event_slug, member_id) -> whether this member sees anything of their own in the
    # block; asked before the member is loaded, so it must only read public data.
    differs_for: Callable[..., bool]
    # The block alone, as the event page includes it, rendered with `object` (the event).
    template_code: str
    # What the block reads of the event: only those are loaded to render it alone.
    event_fields: tuple[str, ...]


_slots: dict[str, EventPageSlot] = {}


def event_page_slot_register(
    *, name: str, differs_for: Callable[..., bool], template_code: str, event_fields
) -> None:
    _slots[name] = EventPageSlot(
        name=name,
        differs_for=differs_for,
        template_code=template_code,
        event_fields=tuple(event_fields),
    )


def event_page_slots() -> tuple[EventPageSlot, ...]:
    return tuple(_slots.values())
