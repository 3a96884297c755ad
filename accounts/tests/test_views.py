import io

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _image_bytes(fmt="PNG", size=(600, 400), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 40))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def _profile_data(user, **extra):
    return {"pseudo": user.pseudo, "city": "Nantes", "bio": "J'aime le théâtre.", **extra}


def test_signup_asks_for_a_pseudo_and_sends_a_verification_mail(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "pseudo": "Nouvelle",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.pseudo == "Nouvelle"
    assert not user.has_verified_email
    assert len(mail.outbox) == 1
    assert "/comptes/confirm-email/" in mail.outbox[0].body


def test_signup_refuses_a_taken_pseudo_in_french(client):
    UserFactory(pseudo="Camille")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "autre@example.org",
            "pseudo": "camille",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 200
    assert "Ce pseudo est déjà pris" in response.content.decode()
    assert not User.objects.filter(email="autre@example.org").exists()


def test_unverified_member_cannot_log_in_before_confirming(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_member_logs_in_to_mon_espace(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:espace")
    assert client.get(reverse("accounts:espace")).status_code == 200


def test_mon_espace_requires_login(client):
    response = client.get(reverse("accounts:espace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_failed_logins_are_rate_limited_in_french(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "faux"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_public_profile(client):
    user = UserFactory(pseudo="Lucie", bio="Spectatrice assidue.")
    response = client.get(user.get_absolute_url())
    assert response.status_code == 200
    assert "Spectatrice assidue." in response.content.decode()
    assert user.email not in response.content.decode()


def test_profile_edit_updates_the_public_fields(member_client, member):
    response = member_client.post(reverse("accounts:profile-edit"), _profile_data(member))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.city == "Nantes"


def test_avatar_is_resized_to_a_webp_square_without_exif(member_client, member):
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    upload = SimpleUploadedFile("moi.jpg", _image_bytes("JPEG", exif=exif), "image/jpeg")
    response = member_client.post(
        reverse("accounts:profile-edit"), _profile_data(member, avatar_upload=upload)
    )
    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as avatar:
        assert avatar.format == "WEBP"
        assert avatar.size == (256, 256)
        assert not avatar.getexif()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cv.pdf", b"%PDF-1.4 not an image", "n&#x27;est pas une image lisible"),
        ("photo.png", _image_bytes("JPEG"), "ne correspond pas à son extension"),
        ("anim.gif", _image_bytes("GIF"), "les autres formats sont refusés"),
        ("geant.png", _image_bytes("PNG", size=(6000, 5000)), "c&#x27;est trop grand"),
    ],
)
def test_bad_avatars_are_refused_in_french_and_nothing_changes(
    member_client, member, name, content, expected
):
    upload = SimpleUploadedFile(name, content)
    response = member_client.post(
        reverse("accounts:profile-edit"), _profile_data(member, avatar_upload=upload)
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar
    assert member.city == "Lyon"


def test_too_heavy_avatar_is_refused(member_client, member, settings):
    upload = SimpleUploadedFile("lourd.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1))
    response = member_client.post(
        reverse("accounts:profile-edit"), _profile_data(member, avatar_upload=upload)
    )
    assert response.status_code == 400
    assert "la limite est de 5 Mo" in response.content.decode()


def test_profile_edit_refuses_a_taken_pseudo(member_client, member):
    UserFactory(pseudo="Prise")
    response = member_client.post(
        reverse("accounts:profile-edit"), _profile_data(member, pseudo="PRISE")
    )
    assert response.status_code == 400
    assert "Ce pseudo est déjà pris" in response.content.decode()


def test_moderator_command(db):
    from django.core.management import call_command

    user = UserFactory()
    call_command("moderator", user.email)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name="Modérateurs").exists()
    call_command("moderator", user.email, "--revoke")
    user.refresh_from_db()
    assert not user.is_staff


def test_email_address_rows_exist_for_factory_users():
    user = UserFactory()
    assert EmailAddress.objects.filter(user=user, verified=True).count() == 1
