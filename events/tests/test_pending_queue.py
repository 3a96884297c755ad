"""The moderators' queue of events from unverified advertisers (admin « Événements à
valider »): publish, or refuse with a reason the advertiser reads."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from events.models import AdvertiserMembership, Event
from events.tests.factories import AdvertiserFactory, EventFactory
from moderation.models import ModerationAction, Notice
from moderation.services import moderator_grant

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:events_pendingevent_changelist")


@pytest.fixture
def moderator():
    user = UserFactory()
    moderator_grant(user=user)
    return user


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def pending(owner):
    advertiser = AdvertiserFactory(verified=False)
    AdvertiserMembership.objects.create(
        advertiser=advertiser, user=owner, role=AdvertiserMembership.Role.OWNER
    )
    return EventFactory(advertiser=advertiser, status=Event.Status.PENDING, title="Les Bonnes")


def test_the_queue_shows_pending_events_only(client, moderator, pending):
    draft = EventFactory(status=Event.Status.DRAFT, title="Brouillon caché")
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert "Les Bonnes" in page and draft.title not in page


def test_a_plain_member_or_staff_cannot_use_the_queue(client, pending):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(QUEUE).status_code == 403
    client.post(QUEUE, {"action": "publish", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == Event.Status.PENDING


def test_a_moderator_publishes_and_the_advertiser_is_told(
    client, moderator, owner, pending, django_capture_on_commit_callbacks
):
    draft = EventFactory(status=Event.Status.DRAFT)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"action": "publish", "_selected_action": [pending.pk, draft.pk]})
    pending.refresh_from_db()
    draft.refresh_from_db()
    assert pending.status == Event.Status.PUBLISHED and pending.published_at
    assert draft.status == Event.Status.DRAFT  # not in the queue: untouched
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.EVENT_PUBLISH)
    assert action.moderator == moderator and action.target_label == "Les Bonnes"
    assert Notice.objects.get(member=owner).subject == "Votre événement est publié"
    assert mail.outbox[0].to == [owner.email]


def test_refusing_asks_for_a_reason_and_sends_it(
    client, moderator, owner, pending, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    ask = client.post(QUEUE, {"action": "refuse", "_selected_action": [pending.pk]})
    assert ask.status_code == 200 and "Motif" in ask.content.decode()
    pending.refresh_from_db()
    assert pending.status == Event.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            QUEUE,
            {
                "action": "refuse",
                "_selected_action": [pending.pk],
                "reason": "Le lien de billetterie ne mène pas à ce spectacle.",
            },
        )
    pending.refresh_from_db()
    assert pending.status == Event.Status.DRAFT
    assert pending.moderation_note == "Le lien de billetterie ne mène pas à ce spectacle."
    assert ModerationAction.objects.filter(kind=ModerationAction.Kind.EVENT_REFUSE).exists()
    assert "ne mène pas à ce spectacle" in mail.outbox[0].body
    # The advertiser reads the reason in the espace annonceur.
    client.force_login(owner)
    edit = reverse(
        "events:space-event-edit",
        kwargs={"advertiser": pending.advertiser.slug, "event": pending.slug},
    )
    page = client.get(edit).content.decode()
    assert "Refusé par la modération" in page and "ne mène pas à ce spectacle" in page


def test_the_queue_query_count_does_not_grow(client, moderator, django_assert_max_num_queries):
    EventFactory.create_batch(30, status=Event.Status.PENDING)
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assert response.status_code == 200
