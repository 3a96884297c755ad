"""Mon Espace gathers what every app keeps for the member, through this registry.

`accounts` sits at the bottom of the imports: the apps above it (moderation, reviews,
forum…) register a section from their `AppConfig.ready()`:

    espace.section_register(
        key="reviews", title="Mes critiques", template="reviews/includes/_espace.html",
        context=lambda request: {"reviews": ...}, order=20,
    )

and Mon Espace renders each section's template with the context it returns.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EspaceSection:
    key: str
    title: str
    template: str
    context: Callable  # (request) -> dict
    order: int = 100


_sections: dict[str, EspaceSection] = {}


def section_register(
    *, key: str, title: str, template: str, context: Callable, order: int = 100
) -> None:
    _sections[key] = EspaceSection(
        key=key, title=title, template=template, context=context, order=order
    )


def sections_for(request) -> list[dict]:
    """Each registered section with its context, in order."""
    return [
        {"key": s.key, "title": s.title, "template": s.template, **s.context(request)}
        for s in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]
