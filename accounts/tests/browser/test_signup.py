"""A newcomer signs up, confirms their address from the mail, logs in and out."""

import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verification_login_logout(browser_page):
    page = browser_page
    page.goto("/")
    page.get_by_role("button", name="Tout refuser").click()
    page.get_by_role("link", name="Créer un compte").first.click()

    page.get_by_label("Adresse e-mail").fill("lea@example.org")
    page.get_by_label("Pseudo").fill("Lea")
    page.locator("#id_password1").fill("rideau-rouge-2026")
    page.locator("#id_password2").fill("rideau-rouge-2026")
    page.get_by_role("button", name="Créer mon compte").click()

    page.wait_for_url(re.compile(r"/comptes/confirm-email/$"))
    assert User.objects.filter(email="lea@example.org", pseudo="Lea").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url(re.compile(r"/comptes/login/$"))
    page.get_by_label("Adresse e-mail").fill("lea@example.org")
    page.locator("#id_password").fill("rideau-rouge-2026")
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url(re.compile(r"/mon-espace/$"))
    assert page.get_by_role("heading", name="Mon Espace").is_visible()
    assert "Bonjour Lea" in page.content()

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").is_visible()
