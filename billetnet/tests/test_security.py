"""Security headers on HTML responses."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/faq/", "/contact/", "/comptes/login/"])
def test_html_responses_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_lasts_at_least_a_year_over_https(client):
    response = client.get("/", secure=True)
    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts


def test_production_cookies_are_secure_and_http_only():
    from billetnet.settings import base

    assert base.SESSION_COOKIE_SECURE is True
    assert base.CSRF_COOKIE_SECURE is True
    assert base.SESSION_COOKIE_HTTPONLY is True
    assert base.CSRF_COOKIE_HTTPONLY is True
    assert base.SECURE_SSL_REDIRECT is True
