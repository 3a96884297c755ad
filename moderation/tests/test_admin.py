import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from moderation.models import ModerationAction, ModerationCase, Sanction, TextStatus
from moderation.services import member_warn, report_submit

from .factories import SampleTextFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:moderation_moderationcase_changelist")


def reported_texts(count, reporters):
    texts = SampleTextFactory.create_batch(count)
    for text in texts:
        for reporter in reporters[:2]:
            report_submit(reporter=reporter, target=text, reason="insulte")
    return texts


def test_a_plain_member_cannot_see_the_queue(client, reporters):
    reported_texts(1, reporters)
    client.force_login(UserFactory())
    response = client.get(QUEUE)
    assert response.status_code == 302 and "login" in response["Location"]
    staff = UserFactory(is_staff=True)  # staff, but not a moderator
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 403
    case = ModerationCase.objects.get()
    url = reverse("admin:moderation_moderationcase_change", args=[case.pk])
    assert client.post(url, {"reason": "x", "text_decision": "remove"}).status_code == 403


def test_the_queue_lists_open_cases_oldest_first(client, moderator, reporters):
    reported_texts(2, reporters)
    first, second = ModerationCase.objects.order_by("opened_at")
    ModerationCase.objects.filter(pk=second.pk).update(opened_at=first.opened_at.replace(year=2020))
    closed = SampleTextFactory()
    report_submit(reporter=reporters[0], target=closed, reason="spam")
    ModerationCase.objects.filter(object_id=closed.pk).update(status="closed")
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()

    def link(case):
        return reverse("admin:moderation_moderationcase_change", args=[case.pk])

    assert page.index(link(second)) < page.index(link(first))
    assert link(ModerationCase.objects.get(object_id=closed.pk)) not in page
    assert "Insulte ou propos irrespectueux" in page


def test_the_queue_query_count_does_not_grow_with_reports(
    client, moderator, reporters, django_assert_num_queries
):
    """Cases, their reasons and their texts: one query each, whatever their number."""
    reported_texts(2, reporters)
    client.force_login(moderator)
    client.get(QUEUE)  # warm the content-type cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    reported_texts(20, UserFactory.create_batch(4))
    with django_assert_num_queries(len(few)):
        response = client.get(QUEUE)
    assert response.content.decode().count("field-report_count") >= 22


def test_a_moderator_decides_from_the_case_page(client, moderator, reporters):
    (text,) = reported_texts(1, reporters)
    case = ModerationCase.objects.get()
    member_warn(moderator=moderator, member=text.author, reason="Premier avertissement")
    url = reverse("admin:moderation_moderationcase_change", args=[case.pk])
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert text.body_html in page
    assert "Premier avertissement" in page  # the author's history
    assert "Insulte ou propos irrespectueux" in page
    response = client.post(
        url,
        {
            "text_decision": "remove",
            "member_decision": "suspend",
            "days": "10",
            "reason": "Insultes envers les comédiens.",
        },
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    text.refresh_from_db()
    assert text.status == TextStatus.REMOVED
    assert Sanction.objects.get(member=text.author).kind == Sanction.Kind.SUSPENSION
    # Closed: the page still shows, without a form.
    page = client.get(url).content.decode()
    assert "Enregistrer la décision" not in page


def test_a_suspension_needs_a_duration(client, moderator, reporters):
    reported_texts(1, reporters)
    url = reverse("admin:moderation_moderationcase_change", args=[ModerationCase.objects.get().pk])
    client.force_login(moderator)
    response = client.post(
        url, {"text_decision": "keep", "member_decision": "suspend", "reason": "x"}
    )
    assert response.status_code == 200
    assert "Indiquez la durée de la suspension." in response.content.decode()
    assert not Sanction.objects.exists()


def test_nobody_edits_the_log_from_the_admin(client, moderator, admin_user):
    action = member_warn(moderator=moderator, member=UserFactory(), reason="Courtoisie")
    change = reverse("admin:moderation_moderationaction_change", args=[action.pk])
    delete = reverse("admin:moderation_moderationaction_delete", args=[action.pk])
    for user in (moderator, admin_user):
        client.force_login(user)
        log = reverse("admin:moderation_moderationaction_changelist")
        assert client.get(log).status_code == 200
        client.post(change, {"reason": "Effacé", "kind": "warn"})
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:moderation_moderationaction_add")).status_code == 403
    action.refresh_from_db()
    assert action.reason == "Courtoisie"
    assert ModerationAction.objects.count() == 1


def test_a_moderator_sanctions_and_lifts_from_the_admin(client, moderator):
    member = UserFactory(pseudo="trublion")
    client.force_login(moderator)
    add = reverse("admin:moderation_sanction_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"member": "Trublion", "days": "7", "reason": "Abus"})
    assert response.status_code == 302
    sanction = Sanction.objects.get(member=member)
    changelist = reverse("admin:moderation_sanction_changelist")
    ask = client.post(changelist, {"action": "lift", "_selected_action": [sanction.pk]})
    assert "Motif" in ask.content.decode()
    client.post(
        changelist,
        {"action": "lift", "_selected_action": [sanction.pk], "reason": "Excuses reçues"},
    )
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None


def test_a_made_up_case_address_is_a_404(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/moderation/moderationcase/abc/change/").status_code == 404
    assert client.get("/admin/moderation/moderationcase/999999/change/").status_code == 404


def test_keeping_a_masked_text_as_it_is_is_refused(client, moderator, reporters, settings):
    settings.MODERATION_REPORT_THRESHOLD = 2
    reported_texts(1, reporters)
    url = reverse("admin:moderation_moderationcase_change", args=[ModerationCase.objects.get().pk])
    client.force_login(moderator)
    response = client.post(
        url, {"text_decision": "keep", "member_decision": "none", "reason": "Rien à dire"}
    )
    assert "masqué en attendant votre décision" in response.content.decode()
    assert ModerationCase.objects.open().count() == 1


def test_a_closed_decision_can_be_reversed_from_the_texts_list(client, moderator, reporters):
    from moderation.models import TextStatus
    from moderation.services import case_decide
    from moderation.tests.sample.models import SampleText

    (text,) = reported_texts(1, reporters)
    case_decide(
        moderator=moderator,
        case=ModerationCase.objects.get(),
        reason="Insulte",
        text_decision="hide",
    )
    changelist = reverse("admin:moderation_sample_sampletext_changelist")
    client.force_login(moderator)
    ask = client.post(changelist, {"action": "publish", "_selected_action": [text.pk]})
    assert "Motif" in ask.content.decode()
    client.post(
        changelist,
        {"action": "publish", "_selected_action": [text.pk], "reason": "Contestation fondée"},
    )
    assert SampleText.objects.get(pk=text.pk).status == TextStatus.PUBLISHED
    assert ModerationAction.objects.filter(kind="publish", reason="Contestation fondée").exists()
    # A plain staff member has no such action.
    client.force_login(UserFactory(is_staff=True))
    client.post(changelist, {"action": "hide", "_selected_action": [text.pk], "reason": "Non"})
    assert SampleText.objects.get(pk=text.pk).status == TextStatus.PUBLISHED
