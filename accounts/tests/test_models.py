import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lowercase():
    user = User.objects.create_user("Claire@Example.ORG", "secret-123456", pseudo="claire")
    assert user.email == "claire@example.org"
    assert User.USERNAME_FIELD == "email"
    assert str(user) == "claire"


def test_pseudo_is_unique_whatever_the_case():
    UserFactory(pseudo="Camille")
    with pytest.raises(IntegrityError):
        UserFactory(pseudo="camille")


def test_email_is_unique_whatever_the_case():
    User.objects.create_user("a@example.org", "x", pseudo="aaa")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="A@example.org", pseudo="bbb")])


def test_pseudo_format_is_validated_in_french():
    user = UserFactory.build(pseudo="a b")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert "de 3 à 30 caractères" in str(excinfo.value)


def test_has_verified_email():
    assert UserFactory().has_verified_email is True
    assert UserFactory(verified=False).has_verified_email is False


def test_create_superuser_is_staff():
    admin = User.objects.create_superuser("admin@example.org", "x", pseudo="admin")
    assert admin.is_staff and admin.is_superuser
