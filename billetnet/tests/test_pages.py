"""Site-wide pages: they answer, in French, with the right status."""

import pytest
from django.db import connections
from django.urls import reverse

from billetnet.faq import FAQ_ENTRIES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["faq", "contact", "mentions-legales", "confidentialite", "cookies"],
)
def test_site_page_answers_in_french(client, name):
    response = client.get(reverse(f"billetnet:{name}"))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_faq_has_the_eighteen_answers_with_anchors_and_dates(client):
    assert len(FAQ_ENTRIES) == 18
    assert len({entry.slug for entry in FAQ_ENTRIES}) == 18
    html = client.get(reverse("billetnet:faq")).content.decode()
    for entry in FAQ_ENTRIES:
        assert f'id="{entry.slug}"' in html
        assert f'href="#{entry.slug}"' in html
    assert html.count("Mis à jour le") >= 18


@pytest.mark.parametrize(
    "path", ["/petites-annonces/", "/petites-annonces/vente/42/", "/petites-annonces/x?y=1"]
)
def test_petites_annonces_are_gone(client, path):
    response = client.get(path)
    assert response.status_code == 410
    assert "14 février 2020" in response.content.decode()


def test_unknown_page_is_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body


def test_csrf_failure_is_a_french_403(client):
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("billetnet:contact"), {"name": "x"})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()


def test_healthz_answers_200_with_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_down(client):
    """Point the connection at a port where no PostgreSQL listens: the real failure."""
    connection = connections["default"]
    saved_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved_port
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
