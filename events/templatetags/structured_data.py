"""`{% event_jsonld event %}` and `{% agenda_links event %}` for the event page."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from .. import structured_data
from ..models import Event

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a title must not end the block.
JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def _site_url(context) -> str:
    return context.get("site_url") or settings.SITE_URL


@register.simple_tag(takes_context=True)
def event_jsonld(context, event: Event):
    """The event's schema.org data, as a JSON-LD data block (not a script: CSP allows it)."""
    data = structured_data.event_jsonld(event, site_url=_site_url(context))
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(
        f'<script type="application/ld+json">{payload.translate(JSON_SCRIPT_ESCAPES)}</script>'
    )


@register.inclusion_tag("events/includes/_agenda_links.html", takes_context=True)
def agenda_links(context, event: Event):
    """« Ajouter à mon agenda »: Google Agenda, Outlook and the .ics file, next showtime."""
    return {
        "event": event,
        "links": structured_data.agenda_links(event, site_url=_site_url(context)),
    }
