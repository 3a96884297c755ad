"""The catalogue in Django admin: every model's pages answer, with few queries."""

import pytest
from django.urls import reverse

from accounts.models import User
from events.models import Advertiser
from events.tests.factories import AdvertiserFactory, EventFactory, credit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("admin@example.org", "x", pseudo="admin")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model", ["category", "venue", "advertiser", "artist", "event", "showtime"]
)
def test_changelists_and_forms_answer(admin_client, model, django_assert_max_num_queries):
    for _ in range(15):
        credit(EventFactory())
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(f"admin:events_{model}_changelist"))
    assert response.status_code == 200
    assert admin_client.get(reverse(f"admin:events_{model}_add")).status_code == 200


def test_event_change_form_has_showtime_and_credit_inlines(admin_client):
    event = EventFactory()
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content
    assert b"showtimes-TOTAL_FORMS" in html
    assert b"credits-TOTAL_FORMS" in html
    assert b"poster_upload" in html


def test_staff_can_verify_advertisers(admin_client):
    advertiser = AdvertiserFactory(verified=False)
    response = admin_client.post(
        reverse("admin:events_advertiser_changelist"),
        {"action": "verify", "_selected_action": [advertiser.pk]},
    )
    assert response.status_code == 302
    assert Advertiser.objects.get(pk=advertiser.pk).verified


def test_applications_are_accepted_from_the_admin(admin_client):
    from accounts.tests.factories import UserFactory
    from events.models import AdvertiserApplication, AdvertiserMembership

    applicant = UserFactory()
    application = AdvertiserApplication.objects.create(
        user=applicant, organisation="Compagnie du Rideau", kind="production"
    )
    admin_client.post(
        reverse("admin:events_advertiserapplication_changelist"),
        {"action": "accept", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == "accepted"
    membership = AdvertiserMembership.objects.get(user=applicant)
    assert membership.role == "owner"
    assert membership.advertiser.name == "Compagnie du Rideau"
    assert not membership.advertiser.verified


def test_booking_clicks_cannot_be_edited_from_the_admin(admin_client):
    from django.test import Client

    from events.models import BookingClick

    event = EventFactory()
    Client().get(reverse("events:book", args=[event.slug]), headers={"User-Agent": "Mozilla/5.0"})
    click = BookingClick.objects.get()
    assert admin_client.get(reverse("admin:events_bookingclick_changelist")).status_code == 200
    response = admin_client.post(
        reverse("admin:events_bookingclick_delete", args=[click.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert BookingClick.objects.filter(pk=click.pk).exists()
