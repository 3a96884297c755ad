from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models import Category, Event
from ..services import POSTER_WIDTHS, catalogue_version

register = template.Library()


@register.inclusion_tag("events/includes/_category_nav.html", takes_context=True)
def category_nav(context):
    """The header's rubriques: a lazy query, run only when the cached fragment expired."""
    return {
        "categories": Category.objects.only("name", "slug"),
        "catalogue_version": catalogue_version(),
    }


def _poster_sources(event: Event) -> list[tuple[int, str]]:
    if not event.poster or not event.poster_width:
        return []
    storage = event.poster.storage
    name = event.poster.name
    prefix = name[: name.rfind("-")]
    widths = [w for w in POSTER_WIDTHS if w < event.poster_width] + [event.poster_width]
    return [(w, storage.url(f"{prefix}-{w}.webp")) for w in widths]


@register.simple_tag
def poster_img(event: Event, sizes: str = "(max-width: 600px) 100vw, 320px", lazy: bool = True):
    """The event's poster with srcset, explicit width and height, lazy below the fold."""
    sources = _poster_sources(event)
    if not sources:
        return format_html(
            '<div class="poster poster--empty" aria-hidden="true"><span>{}</span></div>',
            event.category.name if event.category_id else "",
        )
    srcset = format_html_join(", ", "{} {}w", ((url, width) for width, url in sources))
    return format_html(
        '<img class="poster" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>',
        sources[-1][1],
        srcset,
        sizes,
        event.poster_width,
        event.poster_height,
        f"Affiche : {event.title}",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )


@register.filter
def euros(value) -> str:
    """12.50 → « 12,50 € », 12.00 → « 12 € »."""
    if value is None:
        return ""
    text = f"{value:.2f}".replace(".", ",")
    if text.endswith(",00"):
        text = text[:-3]
    return f"{text}\u00a0€"


@register.simple_tag
def price_label(event: Event) -> str:
    if event.price_type == Event.PriceType.FREE:
        return "Gratuit"
    if event.price_type == Event.PriceType.PAY_WHAT_YOU_WANT:
        return "Prix libre"
    low, high = event.price_min, event.price_max
    if low is not None and high is not None and low != high:
        return f"De {euros(low)} à {euros(high)}"
    if low is not None or high is not None:
        return euros(low if low is not None else high)
    return "Payant"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
