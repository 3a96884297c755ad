import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from moderation.models import (
    ModerationAction,
    ModerationCase,
    Notice,
    Report,
    Sanction,
    TextStatus,
)
from moderation.services import (
    MemberDecision,
    PostingForbidden,
    PostingTooFast,
    ReportRefused,
    TextDecision,
    case_decide,
    case_open,
    member_suspend,
    member_text_fill,
    member_warn,
    posting_block_reason,
    report_submit,
    sanction_lift,
)
from moderation.tests.sample.models import SampleText
from moderation.tests.sample.services import sample_text_create

from .factories import SampleTextFactory

pytestmark = pytest.mark.django_db


# --- Writing ---------------------------------------------------------------------------


def test_a_text_is_stored_raw_and_rendered_once():
    author = UserFactory()
    text = sample_text_create(author=author, body="  Un **vrai** régal <script>x</script>  ")
    text.refresh_from_db()
    assert text.body == "Un **vrai** régal <script>x</script>"
    assert "<strong>vrai</strong>" in text.body_html
    assert "<script>" not in text.body_html
    assert text.edit_count == 0


def test_an_edit_is_counted_and_dated():
    text = SampleTextFactory()
    member_text_fill(text=text, body="Finalement, **moyen**.")
    text.save()
    assert text.edit_count == 1 and text.edited_at is not None
    member_text_fill(text=text, body="Finalement, **moyen**.")  # unchanged: not an edit
    assert text.edit_count == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("   ", "empty"),
        ("x" * 10_001, "too_long"),
        ("https://a.fr https://b.fr https://c.fr https://d.fr", "too_many_links"),
    ],
)
def test_texts_outside_the_limits_are_refused_in_french(body, code):
    with pytest.raises(ValidationError) as excinfo:
        member_text_fill(text=SampleText(), body=body)
    assert excinfo.value.error_list[0].code == code


def test_the_limits_are_settings(settings):
    settings.MEMBER_TEXT_MAX_LINKS = 5
    member_text_fill(text=SampleText(), body="https://a.fr https://b.fr https://c.fr https://d.fr")


def test_an_unverified_member_cannot_post():
    author = UserFactory(verified=False)
    with pytest.raises(PostingForbidden, match="Confirmez d'abord votre adresse e-mail"):
        sample_text_create(author=author, body="Bonjour")
    assert not SampleText.objects.exists()


def test_a_suspended_member_is_told_until_when(moderator):
    author = UserFactory()
    now = timezone.make_aware(datetime.datetime(2026, 3, 1, 12, 0))
    member_suspend(moderator=moderator, member=author, days=7, reason="Insultes", now=now)
    reason = posting_block_reason(user=author, now=now + datetime.timedelta(days=1))
    assert reason == (
        "Votre compte est suspendu jusqu'au 8 mars 2026 à 12h00 : vous pourrez de nouveau "
        "publier à partir de cette date."
    )
    assert posting_block_reason(user=author, now=now + datetime.timedelta(days=8)) is None


def test_a_banned_member_cannot_post_for_good(moderator):
    author = UserFactory()
    member_suspend(moderator=moderator, member=author, days=None, reason="Spam répété")
    with pytest.raises(PostingForbidden, match="ne peut plus publier"):
        sample_text_create(author=author, body="Bonjour")
    assert Sanction.objects.get(member=author).kind == Sanction.Kind.BAN


def test_a_lifted_sanction_no_longer_blocks(moderator):
    author = UserFactory()
    sanction = member_suspend(moderator=moderator, member=author, days=30, reason="Insultes")
    sanction_lift(moderator=moderator, sanction=sanction, reason="Erreur de modération")
    assert posting_block_reason(user=author) is None
    assert ModerationAction.objects.filter(kind="lift", member=author).exists()
    with pytest.raises(ValidationError):
        sanction_lift(moderator=moderator, sanction=sanction, reason="Deux fois")


def test_posting_is_rate_limited_per_member(settings):
    settings.MEMBER_POSTS_PER_HOUR = 2
    author = UserFactory()
    sample_text_create(author=author, body="Un")
    sample_text_create(author=author, body="Deux")
    with pytest.raises(PostingTooFast, match="au plus 2 par heure"):
        sample_text_create(author=author, body="Trois")
    assert SampleText.objects.count() == 2
    sample_text_create(author=UserFactory(), body="Un autre membre")


# --- Reporting -------------------------------------------------------------------------


def test_a_report_opens_a_case_without_masking_the_text(text, reporters):
    report = report_submit(reporter=reporters[0], target=text, reason="insulte", comment=" Vu. ")
    case = report.case
    assert case.status == ModerationCase.Status.OPEN and case.report_count == 1
    assert case.author == text.author
    assert report.comment == "Vu."
    text.refresh_from_db()
    assert text.status == TextStatus.PUBLISHED


def test_one_report_per_member_per_text(text, reporters):
    report_submit(reporter=reporters[0], target=text, reason="spam")
    with pytest.raises(ReportRefused, match="déjà signalé"):
        report_submit(reporter=reporters[0], target=text, reason="insulte")
    assert Report.objects.count() == 1


def test_the_database_refuses_a_second_report_too(text, reporters):
    report = report_submit(reporter=reporters[0], target=text, reason="spam")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            case=report.case,
            content_type=report.content_type,
            object_id=text.pk,
            reporter=reporters[0],
            reason="autre",
        )


def test_nobody_reports_their_own_text(text):
    with pytest.raises(ReportRefused, match="propre texte"):
        report_submit(reporter=text.author, target=text, reason="spam")


def test_an_unknown_reason_is_refused(text, reporters):
    with pytest.raises(ReportRefused, match="motif"):
        report_submit(reporter=reporters[0], target=text, reason="<script>")


def test_the_threshold_masks_the_text_until_a_moderator_decides(
    text, reporters, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_REPORT_THRESHOLD = 3
    report_submit(reporter=reporters[0], target=text, reason="insulte")
    report_submit(reporter=reporters[1], target=text, reason="spam")
    text.refresh_from_db()
    assert text.status == TextStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(reporter=reporters[2], target=text, reason="insulte")
    text.refresh_from_db()
    assert text.status == TextStatus.HIDDEN
    assert "plusieurs signalements" in text.status_reason
    assert text.status_changes == 1  # the owner app's callback ran
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.AUTO_HIDE)
    assert action.moderator is None and action.member == text.author
    # The author is told, in Mon Espace and by email.
    notice = Notice.objects.get(member=text.author)
    assert notice.subject == "Un de vos textes est masqué"
    assert [m.to for m in mail.outbox] == [[text.author.email]]
    # Masked, it is out of public view: no more reports.
    with pytest.raises(ReportRefused):
        report_submit(reporter=reporters[3], target=text, reason="spam")
    assert SampleText.objects.visible().count() == 0
    assert list(SampleText.objects.visible_to(text.author)) == [text]
    assert SampleText.objects.visible_to(reporters[0]).count() == 0


def test_the_threshold_is_a_setting(text, reporters, settings):
    settings.MODERATION_REPORT_THRESHOLD = 1
    report_submit(reporter=reporters[0], target=text, reason="illegal")
    text.refresh_from_db()
    assert text.status == TextStatus.HIDDEN


def test_suspended_and_unverified_members_cannot_report(text, moderator):
    suspended = UserFactory()
    member_suspend(moderator=moderator, member=suspended, days=3, reason="Signalements abusifs")
    with pytest.raises(ReportRefused, match="suspendu"):
        report_submit(reporter=suspended, target=text, reason="spam")
    with pytest.raises(ReportRefused, match="Confirmez"):
        report_submit(reporter=UserFactory(verified=False), target=text, reason="spam")


def test_reporting_is_rate_limited(settings, reporters):
    settings.MEMBER_REPORTS_PER_HOUR = 2
    texts = SampleTextFactory.create_batch(3)
    report_submit(reporter=reporters[0], target=texts[0], reason="spam")
    report_submit(reporter=reporters[0], target=texts[1], reason="spam")
    with pytest.raises(ReportRefused, match="beaucoup de signalements"):
        report_submit(reporter=reporters[0], target=texts[2], reason="spam")


# --- Moderating ------------------------------------------------------------------------


def _three_reports(text, reporters):
    for reporter in reporters[:3]:
        report_submit(reporter=reporter, target=text, reason="insulte")
    return ModerationCase.objects.get()


def test_removing_upholds_the_reports_and_tells_everyone(
    text, reporters, moderator, django_capture_on_commit_callbacks
):
    case = _three_reports(text, reporters)
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            moderator=moderator,
            case=case,
            reason="Propos injurieux envers la troupe.",
            text_decision=TextDecision.REMOVE,
        )
    text.refresh_from_db()
    case.refresh_from_db()
    assert text.status == TextStatus.REMOVED
    assert text.status_reason == "Propos injurieux envers la troupe."
    assert case.status == ModerationCase.Status.CLOSED and case.closed_at
    assert set(case.reports.values_list("outcome", flat=True)) == {Report.Outcome.UPHELD}
    kinds = list(case.actions.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["auto_hide", "remove", "uphold"]
    assert "Propos injurieux" in mail.outbox[0].body
    assert (
        Notice.objects.filter(
            member__in=reporters[:3], subject="Suite donnée à votre signalement"
        ).count()
        == 3
    )


def test_restoring_dismisses_and_can_mark_reports_abusive(text, reporters, moderator):
    case = _three_reports(text, reporters)
    case_decide(
        moderator=moderator,
        case=case,
        reason="Critique négative mais courtoise.",
        text_decision=TextDecision.PUBLISH,
        abusive_reports=True,
    )
    text.refresh_from_db()
    assert text.status == TextStatus.PUBLISHED and text.status_reason == ""
    assert set(case.reports.values_list("outcome", flat=True)) == {Report.Outcome.ABUSIVE}
    abusive = ModerationAction.objects.filter(kind=ModerationAction.Kind.ABUSIVE_REPORT)
    assert set(abusive.values_list("member", flat=True)) == {r.pk for r in reporters[:3]}
    # After a decision, the text can be reported again: a new case opens.
    report_submit(reporter=reporters[4], target=text, reason="spam")
    assert ModerationCase.objects.open().count() == 1


def test_a_decision_can_suspend_the_author(text, reporters, moderator):
    case = _three_reports(text, reporters)
    case_decide(
        moderator=moderator,
        case=case,
        reason="Insultes répétées.",
        text_decision=TextDecision.REMOVE,
        member_decision=MemberDecision.SUSPEND,
        days=15,
    )
    sanction = Sanction.objects.get(member=text.author)
    assert sanction.kind == Sanction.Kind.SUSPENSION
    assert sanction.action.case == case and sanction.action.until == sanction.ends_at
    with pytest.raises(PostingForbidden, match="suspendu jusqu'au"):
        sample_text_create(author=text.author, body="Me revoilà")


def test_a_decision_needs_a_reason_and_an_open_case(text, reporters, moderator):
    case = _three_reports(text, reporters)
    with pytest.raises(ValidationError):
        case_decide(moderator=moderator, case=case, reason="  ")
    case_decide(
        moderator=moderator, case=case, reason="Rien à redire.", text_decision=TextDecision.PUBLISH
    )
    with pytest.raises(ValidationError, match="déjà été traité"):
        case_decide(moderator=moderator, case=case, reason="Encore")


def test_only_moderators_decide(text, reporters):
    case = _three_reports(text, reporters)
    with pytest.raises(PermissionDenied):
        case_decide(moderator=UserFactory(), case=case, reason="Je décide")
    with pytest.raises(PermissionDenied):
        member_warn(moderator=reporters[0], member=text.author, reason="Attention")


def test_a_warning_reaches_the_member(moderator, django_capture_on_commit_callbacks):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member_warn(moderator=moderator, member=member, reason="Restez courtois.")
    assert Notice.objects.get(member=member).subject == "Avertissement de la modération"
    assert "Restez courtois." in mail.outbox[0].body


def test_an_alert_about_any_object_joins_the_queue(moderator):
    member = UserFactory()
    case = case_open(target=member, summary="12 notes en une heure")
    assert case_open(target=member, summary="15 notes en une heure") == case
    case.refresh_from_db()
    assert case.kind == ModerationCase.Kind.SIGNAL and case.summary == "15 notes en une heure"
    with pytest.raises(ValidationError):
        case_decide(moderator=moderator, case=case, reason="x", text_decision=TextDecision.HIDE)
    case_decide(moderator=moderator, case=case, reason="Rien d'anormal.")
    assert case.actions.get().kind == ModerationAction.Kind.CLOSE


# --- The log ---------------------------------------------------------------------------


def test_the_log_cannot_be_changed_or_deleted_even_in_sql(moderator):
    member = UserFactory()
    action = member_warn(moderator=moderator, member=member, reason="Restez courtois.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationAction.objects.filter(pk=action.pk).update(reason="Rien")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationAction.objects.filter(pk=action.pk).delete()
    # Clearing the link to a member (account deletion) is the one change allowed.
    ModerationAction.objects.filter(pk=action.pk).update(member=None)
    action.refresh_from_db()
    assert action.member is None and action.reason == "Restez courtois."


def test_moderators_group_has_just_what_it_needs(moderator):
    perms = moderator.get_all_permissions()
    assert "moderation.change_moderationcase" in perms
    assert "moderation.view_moderationaction" in perms
    assert "moderation.change_moderationaction" not in perms
    assert "moderation.delete_moderationaction" not in perms
    assert "accounts.delete_user" not in perms


def test_staff_and_oneself_are_not_sanctioned_from_moderation(moderator):
    with pytest.raises(ValidationError):
        member_suspend(moderator=moderator, member=moderator, days=3, reason="Moi")
    with pytest.raises(ValidationError):
        member_suspend(moderator=moderator, member=UserFactory(is_staff=True), days=3, reason="x")


def test_revoking_keeps_staff_access_held_for_another_reason(moderator):
    from django.contrib.auth.models import Group

    from moderation.services import moderator_revoke

    moderator.groups.add(Group.objects.create(name="Rédaction"))
    moderator_revoke(user=moderator)
    moderator.refresh_from_db()
    assert moderator.is_staff
    assert not moderator.groups.filter(name="Modérateurs").exists()


def test_a_text_a_moderator_restored_is_not_masked_again_by_reports_alone(
    text, reporters, moderator, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 2
    report_submit(reporter=reporters[0], target=text, reason="insulte")
    report_submit(reporter=reporters[1], target=text, reason="insulte")
    case_decide(
        moderator=moderator,
        case=ModerationCase.objects.get(),
        reason="Critique vive mais courtoise.",
        text_decision=TextDecision.PUBLISH,
    )
    report_submit(reporter=reporters[2], target=text, reason="insulte")
    report_submit(reporter=reporters[3], target=text, reason="spam")
    text.refresh_from_db()
    assert text.status == TextStatus.PUBLISHED
    assert ModerationCase.objects.open().get().report_count == 2


def test_member_texts_render_command_rerenders_stale_html(text):
    from io import StringIO

    from django.core.management import call_command

    SampleText.objects.filter(pk=text.pk).update(body_html="<p>ancien rendu</p>")
    out = StringIO()
    call_command("member_texts_render", "--dry-run", stdout=out)
    assert "1 of 1 would change" in out.getvalue()
    text.refresh_from_db()
    assert text.body_html == "<p>ancien rendu</p>"
    call_command("member_texts_render", stdout=StringIO())
    text.refresh_from_db()
    assert "<strong>très</strong>" in text.body_html
