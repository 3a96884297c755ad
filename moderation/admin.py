"""The moderators' tools, in Django admin: the queue, the log, the sanctions."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from billetnet.markup import excerpt

from . import registry
from .forms import CaseDecisionForm, ReasonForm, SanctionForm
from .models import ModerationAction, ModerationCase, Report, Sanction
from .services import TextDecision, case_decide, member_suspend, sanction_lift, text_moderate


def reason_action_view(modeladmin, request, queryset, *, title, apply, submit_label):
    """An admin action that asks for a reason first (an intermediate page, like delete's).

    `apply(obj, reason)` is called for each selected object once the reason is given.
    """
    form = ReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        done = 0
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data["reason"])
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{obj} : {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            modeladmin.message_user(request, f"{done} élément(s) traité(s).", messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "submit_label": submit_label,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/moderation/reason_action.html", context)


class MemberTextAdmin(admin.ModelAdmin):
    """The admin of an app's member texts (reviews, posts…): read-only, for the texts are
    their authors'; moderators publish, mask or remove from here too — to reverse an
    earlier decision, say — each time with a reason, logged like any decision."""

    actions = ["publish", "hide", "remove"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("moderation.change_moderationcase")

    def _moderate(self, request, queryset, decision, title):
        return reason_action_view(
            self,
            request,
            queryset,
            title=title,
            submit_label="Valider",
            apply=lambda text, reason: text_moderate(
                moderator=request.user, target=text, decision=decision, reason=reason
            ),
        )

    @admin.action(description="Publier / rétablir (avec un motif)", permissions=["moderate"])
    def publish(self, request, queryset):
        return self._moderate(request, queryset, TextDecision.PUBLISH, "Publier ou rétablir")

    @admin.action(description="Masquer (avec un motif)", permissions=["moderate"])
    def hide(self, request, queryset):
        return self._moderate(request, queryset, TextDecision.HIDE, "Masquer")

    @admin.action(description="Supprimer (avec un motif)", permissions=["moderate"])
    def remove(self, request, queryset):
        return self._moderate(request, queryset, TextDecision.REMOVE, "Supprimer")


class CaseStatusFilter(admin.SimpleListFilter):
    """The queue opens on what is left to do."""

    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("open", "À traiter"), ("closed", "Traités"), ("all", "Tous")]

    def choices(self, changelist):
        value = self.value() or "open"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(ModerationCase)
class ModerationCaseAdmin(admin.ModelAdmin):
    list_display = ["opened_at", "kind", "what", "preview", "author", "report_count", "reasons"]
    list_display_links = ["opened_at", "what"]
    list_filter = [CaseStatusFilter, "kind"]
    search_fields = ["author__pseudo", "summary"]
    list_per_page = 50

    def get_queryset(self, request):
        return ModerationCase.objects.for_queue()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="objet")
    def what(self, case):
        text_type = registry.member_text_type(case.content_type.model_class())
        return text_type.label if text_type else case.content_type.name

    @admin.display(description="extrait")
    def preview(self, case):
        target = case.target
        if target is None:
            return "(supprimé)"
        if case.summary:
            return case.summary
        return excerpt(target.body_html, 120) if hasattr(target, "body_html") else str(target)

    @admin.display(description="motifs")
    def reasons(self, case):
        labels = dict(Report.Reason.choices)
        return ", ".join(labels.get(reason, reason) for reason in case.reasons)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404("Ce dossier n'existe pas.")
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        can_decide = (
            self.has_change_permission(request, case) and case.status == ModerationCase.Status.OPEN
        )
        target = case.target
        is_text = target is not None and registry.member_text_type(target) is not None
        form = CaseDecisionForm(
            request.POST if request.method == "POST" else None,
            is_text=is_text,
            has_author=is_text and case.author is not None,
        )
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            if form.is_valid():
                data = form.cleaned_data
                try:
                    case_decide(
                        moderator=request.user,
                        case=case,
                        reason=data["reason"],
                        text_decision=data.get("text_decision", "keep"),
                        member_decision=data.get("member_decision", "none"),
                        days=data.get("days"),
                        abusive_reports=data.get("abusive_reports", False),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(request, f"Dossier « {case} » traité.", messages.SUCCESS)
                    return redirect("admin:moderation_moderationcase_changelist")
        reports = case.reports.select_related("reporter").annotate(
            reporter_abusive=Count(
                "reporter__moderation_history",
                filter=Q(reporter__moderation_history__kind=ModerationAction.Kind.ABUSIVE_REPORT),
            )
        )
        history = (
            ModerationAction.objects.filter(member=case.author)
            .exclude(case=case)
            .select_related("moderator")[:30]
            if case.author_id
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Dossier : {self.what(case)} n° {case.object_id}",
            "opts": self.model._meta,
            "case": case,
            "target": target,
            "is_text": is_text,
            "public_url": target.get_absolute_url()
            if target is not None and hasattr(target, "get_absolute_url")
            else "",
            "reports": reports,
            "history": history,
            "sanctions": Sanction.objects.in_force().filter(member=case.author)
            if case.author_id
            else [],
            "actions_on_case": case.actions.select_related("moderator"),
            "form": form if can_decide else None,
        }
        return TemplateResponse(request, "admin/moderation/moderationcase/decide.html", context)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The log: read by moderators, changed by no one (not even a superuser)."""

    list_display = ["created_at", "kind", "moderator_name", "member", "target_label", "until"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["moderator", "member"]
    search_fields = ["member__pseudo", "moderator__pseudo", "reason", "target_label"]
    date_hierarchy = "created_at"

    @admin.display(description="modérateur")
    def moderator_name(self, action):
        return action.moderator or "(automatique)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "reporter", "outcome", "case_link"]
    list_filter = ["outcome", "reason"]
    list_select_related = ["reporter", "case"]
    search_fields = ["reporter__pseudo", "comment"]

    @admin.display(description="dossier")
    def case_link(self, report):
        url = reverse("admin:moderation_moderationcase_change", args=[report.case_id])
        return format_html('<a href="{}">{}</a>', url, report.case_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "starts_at", "ends_at", "lifted_at", "reason"]
    list_filter = ["kind", "lifted_at"]
    list_select_related = ["member"]
    search_fields = ["member__pseudo"]
    actions = ["lift"]

    def has_change_permission(self, request, obj=None):
        # Sanctions change only through « lever » (which needs the change permission).
        return super().has_change_permission(request, obj) and obj is None

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Suspend or ban any member, with a reason (an abusive reporter, for example)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SanctionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                member_suspend(
                    moderator=request.user,
                    member=data["member"],
                    days=data["days"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"{data['member']} est sanctionné(e).", messages.SUCCESS)
                return redirect("admin:moderation_sanction_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Sanctionner un membre",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/moderation/sanction/add.html", context)

    @admin.action(description="Lever les sanctions sélectionnées", permissions=["change"])
    def lift(self, request, queryset):
        return reason_action_view(
            self,
            request,
            queryset.filter(lifted_at=None),
            title="Lever des sanctions",
            submit_label="Lever",
            apply=lambda sanction, reason: sanction_lift(
                moderator=request.user, sanction=sanction, reason=reason
            ),
        )
