import pytest

from accounts.tests.factories import UserFactory
from moderation.services import moderator_grant

from .factories import SampleTextFactory


@pytest.fixture
def moderator(db):
    user = UserFactory(pseudo="moderatrice")
    moderator_grant(user=user)
    return user


@pytest.fixture
def text(db):
    return SampleTextFactory()


@pytest.fixture
def reporters(db):
    return UserFactory.create_batch(5)
