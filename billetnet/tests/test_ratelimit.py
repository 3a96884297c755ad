from django.test import RequestFactory

from billetnet.ratelimit import client_ip, rate_limit_hit


def test_client_ip_ignores_forwarded_for_unless_proxies_are_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"


def test_rate_limit_counts_within_the_window():
    results = [rate_limit_hit(action="t", key="k", limit=2, period=60) for _ in range(4)]
    assert results == [True, True, False, False]
