"""Mon Espace and the public profile gather what every app keeps for a member, through
this registry.

`accounts` sits at the bottom of the imports: the apps above it (moderation, reviews,
forum…) register their sections from their `AppConfig.ready()`:

    espace.section_register(
        key="critiques", title="Mes critiques", template="reviews/includes/_espace.html",
        context=lambda request: {"reviews": ...}, order=20,
    )
    espace.profile_section_register(
        key="critiques", template="reviews/includes/_member_reviews.html",
        context=lambda member: {"reviews": ...},
    )

and each page renders the sections' templates with the context they return.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # Mon Espace: (request) -> dict; profile: (member) -> dict
    order: int = 100


_espace: dict[str, Section] = {}
_profile: dict[str, Section] = {}


def section_register(
    *, key: str, title: str, template: str, context: Callable, order: int = 100
) -> None:
    """A card of Mon Espace; `context(request)` is called for the logged-in member."""
    _espace[key] = Section(key=key, title=title, template=template, context=context, order=order)


def profile_section_register(
    *, key: str, template: str, context: Callable, title: str = "", order: int = 100
) -> None:
    """A part of a member's public profile; `context(member)` gives its data."""
    _profile[key] = Section(key=key, title=title, template=template, context=context, order=order)


def _rendered(sections: dict[str, Section], argument) -> list[dict]:
    return [
        {"key": s.key, "title": s.title, "template": s.template, **s.context(argument)}
        for s in sorted(sections.values(), key=lambda s: (s.order, s.key))
    ]


def sections_for(request) -> list[dict]:
    """Mon Espace's sections with their context, in order."""
    return _rendered(_espace, request)


def profile_sections_for(member) -> list[dict]:
    return _rendered(_profile, member)
