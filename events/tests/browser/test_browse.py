"""A visitor goes from the home page to a category, filters by city and date,
opens an event and sees its showtimes."""

import re

import pytest

from events.tests.factories import EventFactory, VenueFactory, at, category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_category_filter_event(browser_page):
    lyon, paris = VenueFactory(city="Lyon"), VenueFactory(city="Paris")
    EventFactory(
        title="Le Misanthrope", category=category("theatre"), venue=lyon, showtimes=[at(1), at(2)]
    )
    EventFactory(title="Tartuffe", category=category("theatre"), venue=paris, showtimes=[at(1)])
    EventFactory(title="Hamlet", category=category("theatre"), venue=lyon, showtimes=[at(9)])
    EventFactory(title="Jazz à Lyon", category=category("concerts"), venue=lyon, showtimes=[at(1)])

    page = browser_page
    page.goto("/")
    page.get_by_role("button", name="Tout accepter").click()
    page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Théâtre").click()
    page.wait_for_url(re.compile(r"/rubriques/theatre/$"))
    assert page.get_by_role("heading", name="Théâtre", level=1).is_visible()

    page.get_by_label("Ville").select_option(label="Lyon")
    page.get_by_label("Quand").select_option(label="Demain")
    page.get_by_role("button", name="Afficher les événements").click()
    page.wait_for_url(re.compile(r"ville=lyon"))
    assert "quand=demain" in page.url

    results = page.locator(".event-card__title")
    assert results.all_inner_texts() == ["Le Misanthrope"]

    page.get_by_role("link", name="Le Misanthrope", exact=True).click()
    page.wait_for_url(re.compile(r"/evenements/"))
    assert page.get_by_role("heading", name="Le Misanthrope", level=1).is_visible()
    rows = page.locator("table.showtimes tbody tr")
    assert rows.count() == 2
    assert rows.first.get_by_role("link", name="Réserver").is_visible()
