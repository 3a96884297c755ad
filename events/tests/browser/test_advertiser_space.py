"""An advertiser's editor logs in, creates an event with its distribution, publishes
it, adds a showtime with LSF, and finds it on the dashboard and on the public page."""

import re

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from events.models import AdvertiserMembership, Event
from events.tests.factories import AdvertiserFactory, VenueFactory, at, category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_creates_publishes_and_schedules_an_event(browser_page):
    category("theatre")
    VenueFactory(name="Théâtre des Célestins", city="Lyon")
    advertiser = AdvertiserFactory(name="Compagnie du Rideau", slug="compagnie-du-rideau")
    editor = UserFactory(email="redactrice@example.org")
    AdvertiserMembership.objects.create(
        advertiser=advertiser, user=editor, role=AdvertiserMembership.Role.EDITOR
    )

    page = browser_page
    page.goto("/comptes/login/")
    page.get_by_role("button", name="Tout refuser").click()
    page.get_by_label("Adresse e-mail").fill("redactrice@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r"/mon-espace/$"))

    page.goto("/espace-annonceur/")
    page.get_by_role("link", name="Compagnie du Rideau").click()
    page.get_by_role("link", name="Créer un événement").click()

    page.get_by_label("Titre").fill("Le Misanthrope")
    page.get_by_role("combobox", name=re.compile("^Rubrique")).select_option(label="Théâtre")
    page.get_by_label("Accroche").fill("Alceste contre le monde.")
    page.get_by_label("Mots-clés").fill("comédie, Molière")
    page.get_by_label("Lieu principal").select_option(label="Théâtre des Célestins (Lyon)")
    page.get_by_label("Artiste, ligne 1").fill("Sarah Bernard")
    page.get_by_label("Rôle, ligne 1").fill("avec")
    page.get_by_label("Prix minimum (€)").fill("15")
    page.get_by_label("Prix maximum (€)").fill("10")
    page.get_by_label("Adresse de votre billetterie").fill("https://billetterie.example.org/")
    page.get_by_role("button", name="Publier").click()

    # The prices are the wrong way round: a French error, nothing saved.
    assert page.get_by_text("doit être supérieur ou égal au prix minimum").is_visible()
    assert not Event.objects.exists()
    page.get_by_label("Prix maximum (€)").fill("30")
    page.get_by_role("button", name="Publier").click()

    page.wait_for_url(re.compile(r"/evenements/le-misanthrope/seances/$"))
    assert page.get_by_text("« Le Misanthrope » est publié.").is_visible()
    start = at(10)
    page.locator("#id_seances-0-starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_seances-0-sign_language").check()
    page.get_by_role("button", name="Enregistrer les représentations").click()
    assert page.get_by_text("Les représentations sont enregistrées.").is_visible()

    event = Event.objects.get()
    assert event.status == Event.Status.PUBLISHED
    assert event.showtimes.get().sign_language
    assert event.next_showtime_at == start

    page.get_by_role("link", name="Mes événements", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Le Misanthrope"))
    assert "Publié" in row.inner_text()
    row.get_by_role("link", name=re.compile("Voir la page")).click()
    page.wait_for_url(re.compile(r"/evenements/le-misanthrope/$"))
    assert page.get_by_role("heading", name="Le Misanthrope", level=1).is_visible()
