import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import ContactMessage

logger = logging.getLogger(__name__)


@transaction.atomic
def contact_message_submit(
    *, service: str, name: str, email: str, subject: str, body: str
) -> ContactMessage:
    """Store a contact message, then mail it to its service once the row is committed.

    A mail server that is down loses nothing: the message stays in the admin,
    without a `mailed_at`, for someone to read there.
    """
    message = ContactMessage.objects.create(
        service=service, name=name, email=email, subject=subject, body=body
    )
    transaction.on_commit(lambda: contact_message_mail(message=message))
    return message


def contact_message_mail(*, message: ContactMessage) -> bool:
    mail = EmailMessage(
        subject=f"[Contact Billetnet — {message.get_service_display()}] {message.subject}",
        body=(
            f"De : {message.name} <{message.email}>\n"
            f"Reçu le : {timezone.localtime(message.created_at):%d/%m/%Y %H:%M}\n\n"
            f"{message.body}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.CONTACT_EMAILS[message.service]],
        reply_to=[message.email],
    )
    try:
        mail.send()
    except Exception:
        logger.exception("Contact message %s could not be mailed.", message.pk)
        return False
    ContactMessage.objects.filter(pk=message.pk).update(mailed_at=timezone.now())
    return True
