"""Cookie consent: nothing but essential cookies before a choice; the choice is remembered."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from billetnet import consent

pytestmark = pytest.mark.django_db

URL = reverse("billetnet:cookies")
SAME_SITE = {"Origin": "http://testserver"}


def test_first_visit_sets_no_non_essential_cookie(client):
    for path in ["/", "/faq/", "/contact/", "/comptes/login/", "/comptes/signup/", "/cookies/"]:
        response = client.get(path)
        assert set(response.cookies) <= consent.essential_cookies(), path
    assert set(client.cookies) <= consent.essential_cookies()


def test_banner_shows_until_a_choice_is_made(client):
    html = client.get("/").content.decode()
    assert "data-cookie-banner" in html
    assert "Tout refuser" in html
    assert "Tout accepter" in html
    assert "Personnaliser" in html


def test_refusal_is_remembered_for_six_months(client):
    response = client.post(URL, {"choix": "tout-refuser"}, headers=SAME_SITE)
    assert response.status_code == 302
    cookie = response.cookies[consent.CONSENT_COOKIE]
    assert cookie["max-age"] == 182 * 24 * 3600
    assert cookie["httponly"]
    assert consent.Consent.parse(cookie.value) == consent.Consent(True, frozenset())
    html = client.get("/").content.decode()
    assert "data-cookie-banner" not in html
    assert "Vous avez refusé tous les cookies facultatifs." in client.get(URL).content.decode()


def test_accept_all_and_custom_choice(client):
    client.post(URL, {"choix": "tout-accepter"}, headers=SAME_SITE)
    assert consent.Consent.parse(client.cookies[consent.CONSENT_COOKIE].value).accepted == set(
        consent.CATEGORIES
    )
    client.post(
        URL,
        {"choix": "personnaliser", "categories": ["mesure_audience", "pirate"]},
        headers=SAME_SITE,
    )
    chosen = consent.Consent.parse(client.cookies[consent.CONSENT_COOKIE].value)
    assert chosen.accepted == {"mesure_audience"}


def test_banner_buttons_answer_204_to_the_script(client):
    response = client.post(
        URL, {"choix": "tout-refuser"}, headers={**SAME_SITE, "X-Requested-With": "fetch"}
    )
    assert response.status_code == 204
    assert consent.CONSENT_COOKIE in response.cookies


def test_an_old_consent_version_asks_again():
    assert consent.Consent.parse("0:mesure_audience").given is False
    assert consent.Consent.parse("garbage").given is False


def _response_setting(*names):
    def get_response(request):
        response = HttpResponse("ok")
        for name in names:
            response.set_cookie(name, "1")
        return response

    return get_response


def test_middleware_drops_unregistered_and_unconsented_cookies(monkeypatch):
    monkeypatch.setitem(consent.OPTIONAL_COOKIES, "derniere_ville", "personnalisation")
    middleware = consent.CookieConsentMiddleware(
        _response_setting("csrftoken", "derniere_ville", "_traceur")
    )
    request = RequestFactory().get("/")
    response = middleware(request)
    assert set(response.cookies) == {"csrftoken"}

    request = RequestFactory().get("/")
    request.COOKIES[consent.CONSENT_COOKIE] = "1:personnalisation"
    response = middleware(request)
    assert set(response.cookies) == {"csrftoken", "derniere_ville"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://testserver", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_choice_posted_from_another_site_is_refused(client, headers):
    """The banner has no CSRF token (pages are cached whole): the origin is checked."""
    response = client.post(URL, {"choix": "tout-accepter"}, headers=headers)
    assert response.status_code == 403
    assert consent.CONSENT_COOKIE not in response.cookies


def test_the_banner_carries_no_token_and_sets_no_cookie(client):
    response = client.get("/faq/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_same_host_over_another_scheme_is_refused(client):
    response = client.post(
        URL, {"choix": "tout-accepter"}, headers={"Origin": "https://testserver"}
    )
    assert response.status_code == 403


def test_trusted_origins_behind_a_proxy_are_accepted(client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.billetnet.fr"]
    response = client.post(
        URL, {"choix": "tout-accepter"}, headers={"Origin": "https://www.billetnet.fr"}
    )
    assert response.status_code == 302
