"""What every member text shares, and the records moderation keeps about them.

Member texts (reviews, forum posts, blog posts, comments) live in their own apps and
inherit `MemberText`; they register with `moderation.registry` so that reports and the
moderation queue can reach them without this app importing theirs.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TextStatus(models.TextChoices):
    PUBLISHED = "published", "publié"
    HIDDEN = "hidden", "masqué"
    REMOVED = "removed", "supprimé"


class MemberTextQuerySet(models.QuerySet):
    def visible(self):
        """What public pages show: published texts only."""
        return self.filter(status=TextStatus.PUBLISHED)

    def visible_to(self, user):
        """Public texts, plus the member's own masked ones (shown to them with a notice)."""
        if not user.is_authenticated:
            return self.visible()
        return self.filter(
            Q(status=TextStatus.PUBLISHED) | Q(status=TextStatus.HIDDEN, author=user)
        )


class MemberText(models.Model):
    """A text a member publishes: written in a small Markdown, rendered once on save.

    `body` is what the member typed (kept for editing); `body_html` is the sanitised
    rendering the pages show. Writes go through `moderation.services.member_text_fill`.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_set",
        help_text="Vide quand le membre a supprimé son compte en gardant ses textes anonymes.",
    )
    body = models.TextField("texte")
    body_html = models.TextField("texte mis en forme", editable=False)
    status = models.CharField(
        "état",
        max_length=10,
        choices=TextStatus.choices,
        default=TextStatus.PUBLISHED,
        help_text="Masquée : invisible du public, en attente d'un modérateur ; "
        "supprimée : retirée définitivement.",
    )
    status_reason = models.CharField(
        "motif communiqué à l'auteur",
        max_length=500,
        blank=True,
        help_text="Affiché à l'auteur quand son texte est masqué ou supprimé.",
    )
    created_at = models.DateTimeField("publié le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    edited_at = models.DateTimeField("modifié par l'auteur le", null=True, editable=False)
    edit_count = models.PositiveIntegerField("nombre de modifications", default=0, editable=False)

    objects = MemberTextQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_edited(self) -> bool:
        return self.edit_count > 0


class ModerationCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ModerationCase.Status.OPEN)

    def for_queue(self):
        """The moderation queue: a fixed number of queries whatever the number of reports
        (one for the cases, one per kind of text for the texts themselves)."""
        return (
            self.select_related("content_type", "author")
            .annotate(
                reasons=ArrayAgg(
                    "reports__reason",
                    distinct=True,
                    filter=Q(reports__outcome=Report.Outcome.OPEN),
                    default=[],
                )
            )
            .prefetch_related("target")
            .order_by("opened_at", "pk")
        )


class ModerationCase(models.Model):
    """One thing awaiting a moderator: a text with open reports, or a signal raised by
    the site itself (a burst of notes on an event…). At most one open case per object."""

    class Kind(models.TextChoices):
        REPORTS = "reports", "signalements"
        SIGNAL = "signal", "alerte automatique"

    class Status(models.TextChoices):
        OPEN = "open", "à traiter"
        CLOSED = "closed", "traité"

    kind = models.CharField("origine", max_length=10, choices=Kind.choices, default=Kind.REPORTS)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.OPEN)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur du texte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(
        "objet",
        max_length=300,
        blank=True,
        help_text="Pour une alerte automatique : ce qui l'a déclenchée.",
    )
    report_count = models.PositiveIntegerField("signalements", default=0)
    opened_at = models.DateTimeField("ouvert le", default=timezone.now)
    closed_at = models.DateTimeField("traité le", null=True, blank=True)

    objects = ModerationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de modération"
        verbose_name_plural = "dossiers de modération (file)"
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="open"),
                name="moderation_one_open_case_per_object",
            )
        ]
        indexes = [models.Index(fields=["status", "opened_at"], name="moderation_case_queue_idx")]

    def __str__(self):
        return f"{self.content_type.name} n° {self.object_id}"


class Report(models.Model):
    """A member's report of a member text. One per member per text, ever."""

    class Reason(models.TextChoices):
        INSULT = "insulte", "Insulte ou propos irrespectueux"
        SPAM = "spam", "Spam ou publicité"
        OFF_TOPIC = "hors_sujet", "Hors sujet"
        ILLEGAL = "illegal", "Contenu illégal"
        PERSONAL_DATA = "donnees", "Données personnelles"
        OTHER = "autre", "Autre"

    class Outcome(models.TextChoices):
        OPEN = "open", "en attente"
        UPHELD = "upheld", "retenu"
        DISMISSED = "dismissed", "classé sans suite"
        ABUSIVE = "abusive", "abusif"

    case = models.ForeignKey(ModerationCase, on_delete=models.PROTECT, related_name="reports")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signalé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_reports",
    )
    reason = models.CharField("motif", max_length=20, choices=Reason.choices)
    comment = models.TextField("commentaire", max_length=1000, blank=True)
    outcome = models.CharField(
        "suite donnée", max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    created_at = models.DateTimeField("signalé le", default=timezone.now)

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                name="moderation_one_report_per_member_per_text",
                violation_error_message="Vous avez déjà signalé ce texte.",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.created_at:%d/%m/%Y})"


class ModerationAction(models.Model):
    """One decision, kept for ever: who did what, when, why, to which text or member.

    Append-only: the admin offers no way to change or delete one, and a database
    trigger (migration 0002) refuses UPDATE and DELETE on anything but the links to
    members, which an account deletion may clear.
    """

    class Kind(models.TextChoices):
        AUTO_HIDE = "auto_hide", "masquage automatique (signalements)"
        PUBLISH = "publish", "publication ou rétablissement"
        HIDE = "hide", "masquage"
        REMOVE = "remove", "suppression"
        DISMISS = "dismiss", "signalements classés sans suite"
        UPHOLD = "uphold", "signalements retenus"
        ABUSIVE_REPORT = "abusive", "signalement jugé abusif"
        CLOSE = "close", "alerte traitée"
        WARN = "warn", "avertissement"
        SUSPEND = "suspend", "suspension"
        BAN = "ban", "bannissement"
        LIFT = "lift", "levée de sanction"
        EVENT_PUBLISH = "event_publish", "événement publié"
        EVENT_REFUSE = "event_refuse", "événement refusé"

    kind = models.CharField("action", max_length=20, choices=Kind.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modérateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Vide pour une action automatique.",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre concerné",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_history",
    )
    case = models.ForeignKey(
        ModerationCase,
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField("objet", max_length=300, blank=True)
    reason = models.TextField("motif")
    until = models.DateTimeField("jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "action de modération"
        verbose_name_plural = "actions de modération (journal)"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="moderation_action_member_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class SanctionQuerySet(models.QuerySet):
    def in_force(self, *, now=None):
        """Suspensions not yet over and bans, unless a moderator lifted them."""
        now = now or timezone.now()
        return self.filter(lifted_at=None).filter(Q(ends_at=None) | Q(ends_at__gt=now))


class Sanction(models.Model):
    """A restriction on a member's posting: a suspension until a date, or a ban."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "suspension"
        BAN = "ban", "bannissement"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="sanctions",
    )
    kind = models.CharField("sanction", max_length=10, choices=Kind.choices)
    reason = models.TextField("motif")
    starts_at = models.DateTimeField("à partir du", default=timezone.now)
    ends_at = models.DateTimeField(
        "jusqu'au", null=True, blank=True, help_text="Vide pour un bannissement."
    )
    lifted_at = models.DateTimeField("levée le", null=True, blank=True)
    action = models.OneToOneField(
        ModerationAction, on_delete=models.PROTECT, related_name="sanction"
    )

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = "sanction"
        verbose_name_plural = "sanctions"
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ban", ends_at=None) | Q(kind="suspension", ends_at__isnull=False),
                name="moderation_sanction_ends_unless_ban",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} de {self.member}"


class Notice(models.Model):
    """A message to a member about moderation, shown in Mon Espace (and sent by email)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="moderation_notices",
    )
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("message")
    action = models.ForeignKey(
        ModerationAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("le", default=timezone.now)
    read_at = models.DateTimeField("lu le", null=True, blank=True)

    class Meta:
        verbose_name = "message de modération"
        verbose_name_plural = "messages de modération"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="moderation_notice_member_idx")
        ]

    def __str__(self):
        return self.subject
