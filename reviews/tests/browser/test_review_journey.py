"""A member logs in, writes a review and sees it with the new average; another member
marks it useful and reports it."""

import re

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from moderation.models import Report
from reviews.models import Review, ReviewVote
from reviews.services import review_submit
from reviews.tests.factories import played_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/comptes/login/")
    if page.get_by_role("button", name="Tout refuser").is_visible():
        page.get_by_role("button", name="Tout refuser").click()
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r"/mon-espace/$"))


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_write_a_review_then_another_member_finds_it_useful_and_reports_it(browser_page):
    event = played_event(title="Cyrano de Bergerac", slug="cyrano-de-bergerac")
    review_submit(author=UserFactory(), event=event, rating=2, body="Un peu long.")
    UserFactory(email="auteure@example.org", pseudo="auteure")
    UserFactory(email="lecteur@example.org", pseudo="lecteur")
    page = browser_page

    log_in(page, "auteure@example.org")
    page.goto("/evenements/cyrano-de-bergerac/")
    page.get_by_role("link", name="Écrire une critique").click()
    page.get_by_label("5 — Excellent").check()
    page.get_by_label("Titre (facultatif)").fill("Panache !")
    page.get_by_label("Votre critique").fill("Une troupe **magnifique**, allez-y.")
    page.get_by_role("button", name="Aperçu").click()
    assert page.locator(".preview strong", has_text="magnifique").is_visible()
    page.get_by_role("button", name="Publier ma critique").click()

    page.wait_for_url(re.compile(r"/evenements/cyrano-de-bergerac/#critique-\d+$"))
    assert page.get_by_text("Merci ! Votre critique est publiée.").is_visible()
    summary = page.locator(".reviews__average")
    assert "3,5/5" in summary.inner_text() and "2 critiques" in summary.inner_text()
    assert page.get_by_role("heading", name="Panache !").is_visible()
    log_out(page)

    log_in(page, "lecteur@example.org")
    page.goto("/evenements/cyrano-de-bergerac/?critiques=notes-hautes")
    review = page.locator("article.review", has_text="Panache !")
    review.get_by_role("button", name="Utile (0)").click()
    assert page.get_by_text("Merci : critique marquée comme utile.").is_visible()
    review = page.locator("article.review", has_text="Panache !")
    assert review.get_by_role("button", name="Utile (1)").get_attribute("aria-pressed") == "true"

    review.get_by_role("link", name="Signaler").click()
    page.get_by_label("Spam ou publicité").check()
    page.get_by_label("Précisions pour les modérateurs (facultatif)").fill("Lien publicitaire ?")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.get_by_text("votre signalement a bien été transmis").is_visible()

    written = Review.objects.get(title="Panache !")
    assert ReviewVote.objects.filter(review=written, member__pseudo="lecteur").exists()
    report = Report.objects.get()
    assert (report.reporter.pseudo, report.reason, report.object_id) == (
        "lecteur",
        "spam",
        written.pk,
    )
