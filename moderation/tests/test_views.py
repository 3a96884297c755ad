import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from moderation.models import Notice, Report, TextStatus
from moderation.services import member_suspend, report_submit
from moderation.tests.sample.models import SampleText

from .factories import SampleTextFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("moderation.tests.sample.urls")]


def report_url(text):
    return reverse("moderation:report", kwargs={"kind": "exemple", "pk": text.pk})


def test_the_rules_page_is_linked_from_every_page(client):
    response = client.get(reverse("events:home"))
    assert reverse("moderation:rules") in response.content.decode()
    page = client.get(reverse("moderation:rules"))
    assert page.status_code == 200
    assert "Comment signaler un texte" in page.content.decode()


def test_others_see_signaler_and_the_author_does_not(client, text):
    url = text.get_absolute_url()
    assert report_url(text) in client.get(url).content.decode()
    client.force_login(text.author)
    assert report_url(text) not in client.get(url).content.decode()


def test_the_author_sees_their_masked_text_with_the_reason(client, text):
    SampleText.objects.filter(pk=text.pk).update(
        status=TextStatus.HIDDEN, status_reason="Hors sujet"
    )
    assert client.get(text.get_absolute_url()).status_code == 404
    client.force_login(text.author)
    page = client.get(text.get_absolute_url()).content.decode()
    assert "Ce texte est masqué : vous seul(e) le voyez." in page
    assert "Motif : Hors sujet" in page


def test_reporting_needs_a_login(client, text):
    response = client.get(report_url(text))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_reports_with_a_reason_and_is_thanked(client, text):
    reporter = UserFactory()
    client.force_login(reporter)
    page = client.get(report_url(text))
    assert page.status_code == 200
    assert reverse("moderation:rules") in page.content.decode()
    response = client.post(report_url(text), {"reason": "spam", "comment": "Pub"}, follow=True)
    assert response.redirect_chain[-1][0] == text.get_absolute_url()
    assert "votre signalement a bien été transmis" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.comment) == (reporter, "spam", "Pub")


def test_a_second_report_is_refused_with_a_message(client, text):
    reporter = UserFactory()
    report_submit(reporter=reporter, target=text, reason="spam")
    client.force_login(reporter)
    page = client.get(report_url(text))
    assert page.status_code == 400
    assert "Vous avez déjà signalé ce texte" in page.content.decode()
    response = client.post(report_url(text), {"reason": "insulte"})
    assert response.status_code == 400
    assert Report.objects.count() == 1


def test_a_report_without_reason_is_a_400_in_french(client, text):
    client.force_login(UserFactory())
    response = client.post(report_url(text), {"reason": ""})
    assert response.status_code == 400
    assert "Choisissez le motif de votre signalement." in response.content.decode()


def test_no_report_on_ones_own_text_or_on_what_the_public_cannot_see(client, text):
    client.force_login(text.author)
    assert client.get(report_url(text)).status_code == 403
    hidden = SampleTextFactory(status=TextStatus.HIDDEN)
    client.force_login(UserFactory())
    assert client.get(report_url(hidden)).status_code == 404
    unknown = reverse("moderation:report", kwargs={"kind": "inconnu", "pk": text.pk})
    assert client.get(unknown).status_code == 404


def test_a_suspended_member_is_told_until_when(client, text, moderator):
    reporter = UserFactory()
    member_suspend(moderator=moderator, member=reporter, days=3, reason="Abus")
    client.force_login(reporter)
    page = client.get(report_url(text))
    assert page.status_code == 403
    assert "suspendu jusqu&#x27;au" in page.content.decode()


# --- Posting forms (MemberTextFormMixin) ---------------------------------------------------


def test_preview_renders_without_saving(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("sample-create"), {"body": "Un **régal** <b>!</b>", "preview": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>régal</strong>" in page
    assert "&lt;b&gt;!&lt;/b&gt;" in page
    assert not SampleText.objects.exists()


def test_posting_saves_and_redirects(client):
    client.force_login(UserFactory())
    response = client.post(reverse("sample-create"), {"body": "Un **régal**"})
    text = SampleText.objects.get()
    assert response.status_code == 302 and response["Location"] == text.get_absolute_url()


def test_an_unverified_member_gets_the_reason_instead_of_the_form(client):
    client.force_login(UserFactory(verified=False))
    response = client.get(reverse("sample-create"))
    assert response.status_code == 403
    assert "Confirmez d&#x27;abord votre adresse e-mail" in response.content.decode()
    assert client.post(reverse("sample-create"), {"body": "x"}).status_code == 403
    assert not SampleText.objects.exists()


def test_the_rate_limit_answers_429_and_keeps_the_text(client, settings):
    settings.MEMBER_POSTS_PER_HOUR = 1
    client.force_login(UserFactory())
    client.post(reverse("sample-create"), {"body": "Premier"})
    response = client.post(reverse("sample-create"), {"body": "Mon long avis précieux"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "au plus 1 par heure" in page
    assert "Mon long avis précieux" in page
    assert SampleText.objects.count() == 1


def test_too_many_links_is_a_400_with_the_text_kept(client):
    client.force_login(UserFactory())
    body = "Voir https://a.fr https://b.fr https://c.fr https://d.fr"
    response = client.post(reverse("sample-create"), {"body": body})
    assert response.status_code == 400
    assert "Trop de liens : 4 pour 3 au plus." in response.content.decode()
    assert "https://d.fr" in response.content.decode()


# --- Mon Espace ------------------------------------------------------------------------------


def test_mon_espace_shows_the_moderation_messages(client, moderator):
    member = UserFactory()
    member_suspend(moderator=moderator, member=member, days=2, reason="Insultes")
    client.force_login(member)
    page = client.get(reverse("accounts:espace")).content.decode()
    assert "Messages de la modération" in page
    assert "Votre compte est suspendu" in page
    notices = client.get(reverse("moderation:notices"))
    assert "Motif : Insultes" in notices.content.decode()
    assert not Notice.objects.filter(member=member, read_at=None).exists()


def test_notices_are_private_and_paginated(client, moderator, django_assert_max_num_queries):
    member = UserFactory()
    Notice.objects.bulk_create(
        Notice(member=member, subject=f"Message {n}", body="…") for n in range(45)
    )
    client.force_login(UserFactory())
    assert "Message 1" not in client.get(reverse("moderation:notices")).content.decode()
    client.force_login(member)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("moderation:notices"))
    assert "Page 1 sur 3" in page.content.decode()
