"""Writing, reporting and moderating member texts: every write with a side effect.

Views and admin pages call these; so do other apps' services (a review is written
through `posting_check` and `member_text_fill`). A member-facing refusal is a
`ModerationError` carrying its French message and the HTTP status to answer with.
"""

import datetime
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from billetnet.markup import excerpt, link_count, render_markdown
from billetnet.ratelimit import rate_limit_hit

from . import registry
from .models import (
    ModerationAction,
    ModerationCase,
    Notice,
    Report,
    Sanction,
    TextStatus,
)

MODERATORS_GROUP = "Modérateurs"

# What the « Modérateurs » group may do in the admin: the queue, the log (read only),
# sanctions; other apps add theirs through `registry.moderator_permissions_register`.
MODERATION_PERMISSIONS = (
    "moderation.view_moderationcase",
    "moderation.change_moderationcase",
    "moderation.view_report",
    "moderation.view_moderationaction",
    "moderation.view_sanction",
    "moderation.add_sanction",
    "moderation.change_sanction",
)


class ModerationError(Exception):
    """A refusal to show the member as it is, in French."""

    status = HTTPStatus.FORBIDDEN

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PostingForbidden(ModerationError):
    pass


class PostingTooFast(PostingForbidden):
    status = HTTPStatus.TOO_MANY_REQUESTS


class ReportRefused(ModerationError):
    status = HTTPStatus.BAD_REQUEST


class ReportForbidden(ReportRefused):
    """This member may not report this text at all (their own, or they may not post)."""

    status = HTTPStatus.FORBIDDEN


class TextDecision(models.TextChoices):
    KEEP = "keep", "Laisser le texte en l'état"
    PUBLISH = "publish", "Publier / rétablir le texte"
    HIDE = "hide", "Masquer le texte"
    REMOVE = "remove", "Supprimer le texte"


class MemberDecision(models.TextChoices):
    NONE = "none", "Aucune mesure envers l'auteur"
    WARN = "warn", "Avertir l'auteur"
    SUSPEND = "suspend", "Suspendre l'auteur"
    BAN = "ban", "Bannir l'auteur"


# --- Moderators -----------------------------------------------------------------------


def moderators_group_sync() -> Group:
    """Give the « Modérateurs » group exactly the permissions moderation needs."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = set(MODERATION_PERMISSIONS) | registry.moderator_permissions()
    query = Q(pk__in=[])
    for name in wanted:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(query))
    return group


@transaction.atomic
def moderator_grant(*, user) -> None:
    """Make a member a moderator: staff access to the admin, in the « Modérateurs » group."""
    group = moderators_group_sync()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)


@transaction.atomic
def moderator_revoke(*, user) -> None:
    """Take the « Modérateurs » group away; staff access goes too, unless the member
    holds it for another reason (a superuser, or another group of the team)."""
    user.groups.remove(*Group.objects.filter(name=MODERATORS_GROUP))
    if not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def _require_moderator(user) -> None:
    if not user.has_perm("moderation.change_moderationcase"):
        raise PermissionDenied("Réservé aux modérateurs.")


# --- Writing --------------------------------------------------------------------------


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y à H\\hi")


def posting_block_reason(*, user, now: datetime.datetime | None = None) -> str | None:
    """Why this member may not post (or report) right now, in French; None if they may."""
    if not user.is_authenticated:
        return "Connectez-vous pour publier."
    sanction = Sanction.objects.in_force(now=now).filter(member=user).order_by("ends_at").last()
    if sanction and sanction.kind == Sanction.Kind.BAN:
        return (
            "Votre compte ne peut plus publier sur Billetnet, à la suite d'une décision "
            "de modération. Vous pouvez toujours consulter le site et vos données."
        )
    if sanction:
        return (
            f"Votre compte est suspendu jusqu'au {_when(sanction.ends_at)} : vous pourrez "
            "de nouveau publier à partir de cette date."
        )
    if not user.has_verified_email:
        return (
            "Confirmez d'abord votre adresse e-mail : le lien de confirmation vous a été "
            "envoyé à l'inscription (vous pouvez le redemander depuis Mon Espace)."
        )
    return None


def posting_check(*, user) -> None:
    if reason := posting_block_reason(user=user):
        raise PostingForbidden(reason)


def posting_rate_check(*, user) -> None:
    """Count one new text; refuse beyond MEMBER_POSTS_PER_HOUR in an hour."""
    limit = settings.MEMBER_POSTS_PER_HOUR
    if not rate_limit_hit(action="member-text", key=str(user.pk), limit=limit, period=3600):
        raise PostingTooFast(
            f"Vous avez publié beaucoup de textes en peu de temps (au plus {limit} par "
            "heure) : patientez un peu, votre texte est conservé ci-dessous."
        )


def member_text_validate(body: str) -> None:
    """The limits every member text obeys; raises ValidationError with French messages."""
    errors = []
    text = body.strip()
    if not text:
        errors.append(ValidationError("Le texte est vide.", code="empty"))
    if len(text) > settings.MEMBER_TEXT_MAX_LENGTH:
        errors.append(
            ValidationError(
                f"Le texte est trop long : {len(text)} caractères pour "
                f"{settings.MEMBER_TEXT_MAX_LENGTH} au plus.",
                code="too_long",
            )
        )
    elif (links := link_count(text)) > settings.MEMBER_TEXT_MAX_LINKS:
        errors.append(
            ValidationError(
                f"Trop de liens : {links} pour {settings.MEMBER_TEXT_MAX_LINKS} au plus.",
                code="too_many_links",
            )
        )
    if errors:
        raise ValidationError(errors)


def member_text_fill(*, text, body: str, now: datetime.datetime | None = None):
    """Set a member text's body and its rendering (not saved). An edit of a text already
    saved is counted, so pages can say « modifiée »."""
    member_text_validate(body)
    body = body.strip()
    if text.pk is not None and body != text.body:
        text.edit_count += 1
        text.edited_at = now or timezone.now()
    text.body = body
    text.body_html = render_markdown(body)
    return text


# --- Notices --------------------------------------------------------------------------


def notice_send(
    *, member, subject: str, body: str, action=None, email: bool = True
) -> Notice | None:
    """Tell a member something in Mon Espace and, unless told otherwise, by email."""
    if member is None:
        return None
    notice = Notice.objects.create(member=member, subject=subject, body=body, action=action)
    if email and member.is_active:
        link = settings.SITE_URL + reverse("moderation:notices")
        message = f"Bonjour {member.pseudo},\n\n{body}\n\nVos messages de modération : {link}\n"
        transaction.on_commit(
            lambda: send_mail(
                f"[Billetnet] {subject}", message, None, [member.email], fail_silently=True
            )
        )
    return notice


def notices_mark_read(*, member, notices=None) -> int:
    """Mark the member's notices read: all of them, or those given (a page of them)."""
    unread = Notice.objects.filter(member=member, read_at=None)
    if notices is not None:
        unread = unread.filter(pk__in=[notice.pk for notice in notices])
    return unread.update(read_at=timezone.now())


# --- The log --------------------------------------------------------------------------


def _label(target) -> str:
    text_type = registry.member_text_type(target)
    if text_type:
        return f"{text_type.label} n° {target.pk} : {excerpt(target.body_html, 200)}"[:300]
    return str(target)[:300]


def action_record(
    *,
    kind: str,
    moderator,
    reason: str,
    target=None,
    member=None,
    case: ModerationCase | None = None,
    until: datetime.datetime | None = None,
) -> ModerationAction:
    """Append one entry to the moderation log (other apps log their own decisions here)."""
    return ModerationAction.objects.create(
        kind=kind,
        moderator=moderator,
        member=member,
        case=case,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        target_label=_label(target) if target is not None else "",
        reason=reason,
        until=until,
    )


# --- Reporting ------------------------------------------------------------------------


def _case_for_update(*, target, kind: str, author=None, summary: str = "") -> ModerationCase:
    """The target's open case, locked; opened if there is none (safe under concurrency)."""
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"content_type": content_type, "object_id": target.pk}
    for _ in range(2):
        case = ModerationCase.objects.open().select_for_update().filter(**lookup).first()
        if case:
            return case
        try:
            with transaction.atomic():
                return ModerationCase.objects.create(
                    kind=kind, author=author, summary=summary, **lookup
                )
        except IntegrityError:
            continue  # someone opened it at the same moment: lock theirs
    raise RuntimeError("Could not open a moderation case.")


@transaction.atomic
def case_open(*, target, summary: str, author=None) -> ModerationCase:
    """Raise an alert about any object (a burst of notes on an event…) for moderators."""
    case = _case_for_update(
        target=target, kind=ModerationCase.Kind.SIGNAL, author=author, summary=summary
    )
    if case.kind == ModerationCase.Kind.SIGNAL and case.summary != summary:
        case.summary = summary[:300]
        case.save(update_fields=["summary"])
    return case


def cases_close(*, target, reason: str = "Supprimé par son auteur.") -> None:
    """Close the open case about an object about to be deleted: nothing is left to decide.
    Call it, inside the deleting transaction, before the delete."""
    content_type = ContentType.objects.get_for_model(target)
    cases = ModerationCase.objects.open().select_for_update()
    for case in cases.filter(content_type=content_type, object_id=target.pk):
        case.reports.filter(outcome=Report.Outcome.OPEN).update(outcome=Report.Outcome.DISMISSED)
        action_record(
            kind=ModerationAction.Kind.CLOSE,
            moderator=None,
            reason=reason,
            target=target,
            member=case.author,
            case=case,
        )
        case.status = ModerationCase.Status.CLOSED
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "closed_at"])


def report_check(*, reporter, target) -> None:
    """Whether this member may report this text at all; the report form asks it before
    showing itself, report_submit before saving. Raises the refusal to show."""
    if target.author_id == reporter.pk:
        raise ReportForbidden("Vous ne pouvez pas signaler votre propre texte.")
    if Report.objects.filter(
        reporter=reporter,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).exists():
        raise ReportRefused("Vous avez déjà signalé ce texte : les modérateurs l'examineront.")
    if block := posting_block_reason(user=reporter):
        raise ReportForbidden(block)


def report_submit(*, reporter, target, reason: str, comment: str = "") -> Report:
    """One member reports one text. At MODERATION_REPORT_THRESHOLD distinct reports the
    text is masked until a moderator decides."""
    text_type = registry.member_text_type(target)
    if text_type is None:
        raise ReportRefused("Ce contenu ne peut pas être signalé.")
    if reason not in Report.Reason.values:
        raise ReportRefused("Choisissez le motif de votre signalement.")
    report_check(reporter=reporter, target=target)
    content_type = ContentType.objects.get_for_model(target)
    limit = settings.MEMBER_REPORTS_PER_HOUR
    if not rate_limit_hit(action="report", key=str(reporter.pk), limit=limit, period=3600):
        raise ReportRefused(
            "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans une heure."
        )

    with transaction.atomic():
        target = type(target).objects.select_for_update().get(pk=target.pk)
        if target.status != TextStatus.PUBLISHED:
            raise ReportRefused("Ce texte est déjà retiré de la vue du public.")
        case = _case_for_update(
            target=target, kind=ModerationCase.Kind.REPORTS, author=target.author
        )
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    case=case,
                    content_type=content_type,
                    object_id=target.pk,
                    reporter=reporter,
                    reason=reason,
                    comment=comment.strip()[:1000],
                )
        except IntegrityError as exc:
            raise ReportRefused("Vous avez déjà signalé ce texte.") from exc
        case.report_count += 1
        case.save(update_fields=["report_count"])
        # A text a moderator has already restored is not masked again by reports alone:
        # they go to the queue, and the text stays up until a moderator looks again.
        restored = ModerationAction.objects.filter(
            content_type=content_type,
            object_id=target.pk,
            kind=ModerationAction.Kind.PUBLISH,
            moderator__isnull=False,
        ).exists()
        if case.report_count >= settings.MODERATION_REPORT_THRESHOLD and not restored:
            _text_status_set(
                target=target,
                status=TextStatus.HIDDEN,
                reason="Masqué après plusieurs signalements, en attente de l'avis d'un modérateur.",
                kind=ModerationAction.Kind.AUTO_HIDE,
                moderator=None,
                case=case,
            )
    return report


# --- Moderating -----------------------------------------------------------------------

_STATUS_NOTICES = {
    TextStatus.HIDDEN: "Un de vos textes est masqué",
    TextStatus.REMOVED: "Un de vos textes est supprimé",
    TextStatus.PUBLISHED: "Un de vos textes est de nouveau visible",
}


def _text_status_set(*, target, status, reason, kind, moderator, case=None) -> ModerationAction:
    text_type = registry.member_text_type(target)
    target.status = status
    target.status_reason = "" if status == TextStatus.PUBLISHED else reason[:500]
    target.save(update_fields=["status", "status_reason", "updated_at"])
    action = action_record(
        kind=kind,
        moderator=moderator,
        reason=reason,
        target=target,
        member=target.author,
        case=case,
    )
    if text_type.status_changed:
        text_type.status_changed(target)
    subject = _STATUS_NOTICES[status]
    body = f"{subject} : votre {text_type.label} du {_when(target.created_at)}.\n"
    if status != TextStatus.PUBLISHED:
        body += (
            f"Motif : {reason}\n\nTexte concerné : « {excerpt(target.body_html, 300)} »\n\n"
            f"Les règles de modération : {settings.SITE_URL}{reverse('moderation:rules')}\n"
            "Pour contester cette décision, écrivez-nous par le formulaire de contact "
            "(service modération)."
        )
    notice_send(member=target.author, subject=subject, body=body, action=action)
    return action


@transaction.atomic
def text_moderate(*, moderator, target, decision: str, reason: str, case=None):
    """Publish (or restore), mask or remove one member text, with a reason."""
    _require_moderator(moderator)
    status, kind = {
        TextDecision.PUBLISH: (TextStatus.PUBLISHED, ModerationAction.Kind.PUBLISH),
        TextDecision.HIDE: (TextStatus.HIDDEN, ModerationAction.Kind.HIDE),
        TextDecision.REMOVE: (TextStatus.REMOVED, ModerationAction.Kind.REMOVE),
    }[decision]
    target = type(target).objects.select_for_update().get(pk=target.pk)
    return _text_status_set(
        target=target, status=status, reason=reason, kind=kind, moderator=moderator, case=case
    )


@transaction.atomic
def member_warn(*, moderator, member, reason: str, case=None) -> ModerationAction:
    _require_moderator(moderator)
    action = action_record(
        kind=ModerationAction.Kind.WARN,
        moderator=moderator,
        reason=reason,
        member=member,
        case=case,
    )
    notice_send(
        member=member,
        subject="Avertissement de la modération",
        body=f"Un modérateur vous adresse un avertissement.\nMotif : {reason}\n\n"
        f"Les règles de Billetnet : {settings.SITE_URL}{reverse('moderation:rules')}",
        action=action,
    )
    return action


@transaction.atomic
def member_suspend(
    *, moderator, member, days: int | None, reason: str, case=None, now=None
) -> Sanction:
    """Suspend a member's posting for `days` days, or for good (a ban) when days is None."""
    _require_moderator(moderator)
    now = now or timezone.now()
    if member.pk == moderator.pk or member.is_staff:
        raise ValidationError(
            "Un membre de l'équipe ne se sanctionne pas depuis la modération : retirez-lui "
            "d'abord ses droits."
        )
    if days is not None and not 1 <= days <= 3650:
        raise ValidationError("La durée d'une suspension va de 1 à 3 650 jours.")
    until = now + datetime.timedelta(days=days) if days else None
    kind = Sanction.Kind.SUSPENSION if days else Sanction.Kind.BAN
    action = action_record(
        kind=ModerationAction.Kind.SUSPEND if days else ModerationAction.Kind.BAN,
        moderator=moderator,
        reason=reason,
        member=member,
        case=case,
        until=until,
    )
    sanction = Sanction.objects.create(
        member=member, kind=kind, reason=reason, starts_at=now, ends_at=until, action=action
    )
    if days:
        subject = "Votre compte est suspendu"
        body = (
            f"Vous ne pourrez plus publier ni signaler sur Billetnet jusqu'au {_when(until)}.\n"
            f"Motif : {reason}"
        )
    else:
        subject = "Votre compte ne peut plus publier"
        body = (
            "À la suite d'une décision de modération, vous ne pouvez plus publier sur "
            f"Billetnet.\nMotif : {reason}"
        )
    notice_send(member=member, subject=subject, body=body, action=action)
    return sanction


@transaction.atomic
def sanction_lift(*, moderator, sanction: Sanction, reason: str) -> ModerationAction:
    _require_moderator(moderator)
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.lifted_at:
        raise ValidationError("Cette sanction est déjà levée.")
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    action = action_record(
        kind=ModerationAction.Kind.LIFT,
        moderator=moderator,
        reason=reason,
        member=sanction.member,
    )
    notice_send(
        member=sanction.member,
        subject="Votre sanction est levée",
        body=f"Vous pouvez de nouveau publier sur Billetnet.\nMotif : {reason}",
        action=action,
    )
    return action


@transaction.atomic
def case_decide(
    *,
    moderator,
    case: ModerationCase,
    reason: str,
    text_decision: str = TextDecision.KEEP,
    member_decision: str = MemberDecision.NONE,
    days: int | None = None,
    abusive_reports: bool = False,
) -> list[ModerationAction]:
    """Close a case: decide on the text, on its reports and on its author, with one reason.

    Reports are upheld when the text ends up masked or removed, dismissed otherwise (or
    marked abusive, which stays in each reporter's history). Reporters are told the
    outcome in Mon Espace.
    """
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Indiquez le motif de votre décision.")
    # Lock order, as everywhere else: the text first, then its case (report_submit and
    # the owners' deletes take them in that order too).
    case = ModerationCase.objects.select_related("content_type").get(pk=case.pk)
    target = case.target
    is_text = target is not None and registry.member_text_type(target) is not None
    if is_text:
        target = type(target).objects.select_for_update().get(pk=target.pk)
    case = ModerationCase.objects.select_for_update().get(pk=case.pk)
    if case.status != ModerationCase.Status.OPEN:
        raise ValidationError("Ce dossier a déjà été traité.")
    if text_decision != TextDecision.KEEP and not is_text:
        raise ValidationError("Cet objet n'est pas un texte de membre.")
    if is_text and text_decision == TextDecision.KEEP and target.status == TextStatus.HIDDEN:
        raise ValidationError(
            "Ce texte est masqué en attendant votre décision : publiez-le, confirmez le "
            "masquage (« Masquer ») ou supprimez-le."
        )
    author = case.author if is_text else None
    if member_decision != MemberDecision.NONE and author is None:
        raise ValidationError("Ce dossier ne concerne aucun auteur.")
    if member_decision == MemberDecision.SUSPEND and not days:
        raise ValidationError("Indiquez la durée de la suspension, en jours.")

    actions = []
    if text_decision != TextDecision.KEEP:
        actions.append(
            text_moderate(
                moderator=moderator,
                target=target,
                decision=text_decision,
                reason=reason,
                case=case,
            )
        )
    if is_text:
        target.refresh_from_db(fields=["status"])
        upheld = target.status != TextStatus.PUBLISHED
    else:
        upheld = False
    actions += _reports_close(
        moderator=moderator, case=case, reason=reason, upheld=upheld, abusive=abusive_reports
    )
    if member_decision == MemberDecision.WARN:
        actions.append(member_warn(moderator=moderator, member=author, reason=reason, case=case))
    elif member_decision in (MemberDecision.SUSPEND, MemberDecision.BAN):
        sanction = member_suspend(
            moderator=moderator,
            member=author,
            reason=reason,
            case=case,
            days=days if member_decision == MemberDecision.SUSPEND else None,
        )
        actions.append(sanction.action)
    case.status = ModerationCase.Status.CLOSED
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "closed_at"])
    return actions


def _reports_close(*, moderator, case, reason, upheld: bool, abusive: bool):
    reports = list(case.reports.filter(outcome=Report.Outcome.OPEN).select_related("reporter"))
    if upheld:
        outcome, kind = Report.Outcome.UPHELD, ModerationAction.Kind.UPHOLD
    elif abusive:
        outcome, kind = Report.Outcome.ABUSIVE, ModerationAction.Kind.DISMISS
    else:
        outcome, kind = Report.Outcome.DISMISSED, ModerationAction.Kind.DISMISS
    if case.kind == ModerationCase.Kind.SIGNAL and not reports:
        kind = ModerationAction.Kind.CLOSE
    case.reports.filter(pk__in=[r.pk for r in reports]).update(outcome=outcome)
    target = case.target
    actions = [
        action_record(
            kind=kind,
            moderator=moderator,
            reason=reason,
            target=target,
            member=case.author,
            case=case,
        )
    ]
    text_type = registry.member_text_type(target) if target is not None else None
    label = text_type.label if text_type else "contenu"
    verdict = (
        "le texte signalé a été retiré de la vue du public"
        if upheld
        else "après examen, les modérateurs ont laissé le texte signalé en ligne"
    )
    for report in reports:
        if report.reporter is None:
            continue
        if abusive and not upheld:
            actions.append(
                action_record(
                    kind=ModerationAction.Kind.ABUSIVE_REPORT,
                    moderator=moderator,
                    reason=reason,
                    target=target,
                    member=report.reporter,
                    case=case,
                )
            )
        notice_send(
            member=report.reporter,
            subject="Suite donnée à votre signalement",
            body=f"Merci pour votre signalement ({label}) : {verdict}.",
            email=False,
        )
    return actions
