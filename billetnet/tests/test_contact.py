"""Contact form: stored, mailed to the right service; bad input stores nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from billetnet.models import ContactMessage

pytestmark = pytest.mark.django_db

URL = reverse("billetnet:contact")
VALID = {
    "service": "donnees",
    "name": "Claire Martin",
    "email": "claire@example.org",
    "subject": "Accès à mes données",
    "body": "Bonjour, je souhaite recevoir une copie de mes données personnelles.",
    "site_web": "",
}


def test_valid_message_is_stored_and_mailed_to_its_service(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID, follow=True)
    assert response.status_code == 200
    assert "votre message a bien été envoyé" in response.content.decode()
    message = ContactMessage.objects.get()
    assert message.service == "donnees"
    assert message.mailed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [settings.CONTACT_EMAILS["donnees"]]
    assert mail.outbox[0].reply_to == ["claire@example.org"]


def test_message_stays_stored_when_the_mail_server_fails(
    settings, django_capture_on_commit_callbacks, client
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID)
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.mailed_at is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"body": "", "name": "", "email": "", "subject": ""}, "Écrivez votre message."),
        ({"body": "x" * 5001}, "Votre message est trop long"),
        ({"body": "court"}, "Votre message est trop court"),
        ({"name": "n" * 101}, "au plus 100 caractères"),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n&#x27;est pas valide."),
        ({"service": "facturation"}, "Sélectionnez un choix valide"),
        ({"site_web": "http://spam.example"}, "Votre message n&#x27;a pas pu être envoyé."),
    ],
)
def test_bad_input_gets_a_french_message_and_stores_nothing(client, changes, expected):
    response = client.post(URL, {**VALID, **changes})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert ContactMessage.objects.count() == 0
    assert len(mail.outbox) == 0


def test_bad_input_keeps_what_the_visitor_typed(client):
    response = client.post(URL, {**VALID, "email": "faux"})
    assert VALID["body"] in response.content.decode()


def test_rate_limit_refuses_with_a_french_message_and_keeps_the_text(client, settings):
    settings.CONTACT_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, VALID).status_code == 302
    response = client.post(URL, {**VALID, "subject": "Troisième essai"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "réessayez dans une heure" in html
    assert "Troisième essai" in html
    assert ContactMessage.objects.count() == 2
