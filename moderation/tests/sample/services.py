from django.db import transaction

from moderation.services import member_text_fill, posting_check, posting_rate_check

from .models import SampleText


@transaction.atomic
def sample_text_create(*, author, body: str) -> SampleText:
    """How a real app writes a member text: check the author, count, fill, save."""
    posting_check(user=author)
    text = member_text_fill(text=SampleText(author=author), body=body)
    posting_rate_check(user=author)
    text.save()
    return text
