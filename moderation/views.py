from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.generic import FormView, ListView, TemplateView

from billetnet.markup import render_markdown

from . import registry
from .forms import ReportForm
from .models import Notice, Report
from .services import (
    ModerationError,
    notices_mark_read,
    posting_block_reason,
    report_check,
    report_submit,
)


class RulesView(TemplateView):
    """« Modération »: the rules, and how to report (FAQ 13, 14, 16, 17)."""

    template_name = "moderation/rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reasons=Report.Reason.choices,
            threshold=settings.MODERATION_REPORT_THRESHOLD,
            **kwargs,
        )


class ReportView(LoginRequiredMixin, FormView):
    """« Signaler »: one report per member per text, with a reason."""

    form_class = ReportForm
    template_name = "moderation/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        text_type = registry.member_text_type_by_slug(kwargs["kind"])
        if text_type is None:
            raise Http404
        # Only what the public sees can be reported: a masked text already awaits a moderator.
        self.target = text_type.model.objects.visible().filter(pk=kwargs["pk"]).first()
        if self.target is None:
            raise Http404
        self.text_type = text_type
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        try:
            report_check(reporter=request.user, target=self.target)
        except ModerationError as refusal:
            return self._refused(refusal)
        return super().get(request, *args, **kwargs)

    def _refused(self, error: ModerationError):
        context = self.get_context_data(refusal=error.message, form=None)
        return self.render_to_response(context, status=error.status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, text_type=self.text_type, **kwargs)

    def form_valid(self, form):
        try:
            report_submit(
                reporter=self.request.user,
                target=self.target,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except ModerationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=error.status)
        messages.success(
            self.request,
            "Merci : votre signalement a bien été transmis aux modérateurs. Vous serez "
            "informé(e) de la suite dans Mon Espace.",
        )
        return redirect(self.target.get_absolute_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoticeListView(LoginRequiredMixin, ListView):
    """Mon Espace › the moderation's messages to this member, newest first."""

    template_name = "moderation/notice_list.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self):
        return Notice.objects.filter(member=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows which were new; from now on, those shown are read.
        notices_mark_read(member=self.request.user, notices=context["notices"])
        return context


class MemberTextFormMixin:
    """For the views whose form writes a member text (reviews, posts, comments).

    - A member who may not post (unverified address, suspension, ban) is told why, and
      until when, instead of being shown a form they could not send.
    - « Aperçu » (a submit button named ``preview``) renders the text as it will appear,
      without saving anything.
    - The service's refusals (rate limit…) come back as the form's errors, with the
      member's text kept in the form.
    """

    text_field = "body"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (reason := posting_block_reason(user=request.user)):
            return self.posting_blocked(reason)
        return super().dispatch(request, *args, **kwargs)

    def posting_blocked(self, reason: str):
        return TemplateResponse(
            self.request, "moderation/posting_blocked.html", {"reason": reason}, status=403
        )

    def post(self, request, *args, **kwargs):
        if "preview" in request.POST:
            form = self.get_form()
            preview = None
            if form.is_valid():
                preview = render_markdown(form.cleaned_data[self.text_field])
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        return super().post(request, *args, **kwargs)

    def member_text_refused(self, form, error: ModerationError):
        form.add_error(None, error.message)
        return self.render_to_response(self.get_context_data(form=form), status=error.status)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
