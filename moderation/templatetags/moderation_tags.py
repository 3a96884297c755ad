from django import template
from django.urls import reverse

from billetnet.markup import excerpt as plain_excerpt

from .. import registry
from ..models import TextStatus

register = template.Library()


@register.simple_tag
def report_url(text) -> str:
    """The « Signaler » address of a member text."""
    text_type = registry.member_text_type(text)
    return reverse("moderation:report", kwargs={"kind": text_type.slug, "pk": text.pk})


@register.inclusion_tag("moderation/includes/_text_actions.html", takes_context=True)
def member_text_actions(context, text):
    """« Signaler » for others' texts; for one's own masked text, the notice saying why."""
    user = context["request"].user
    return {
        "text": text,
        "is_author": user.is_authenticated and text.author_id == user.pk,
        "is_masked": text.status != TextStatus.PUBLISHED,
        "report_url": report_url(text),
    }


@register.filter
def excerpt(html: str, length: int = 200) -> str:
    """A member text's rendering as plain text, cut on a word (escaped like any text)."""
    return plain_excerpt(html, int(length))
