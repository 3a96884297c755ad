from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView

from moderation.forms import MemberTextField
from moderation.services import PostingForbidden
from moderation.views import MemberTextFormMixin

from .models import SampleText
from .services import sample_text_create


class SampleTextForm(forms.Form):
    body = MemberTextField()


class SampleTextCreateView(LoginRequiredMixin, MemberTextFormMixin, FormView):
    form_class = SampleTextForm
    template_name = "sample/form.html"

    def form_valid(self, form):
        try:
            text = sample_text_create(author=self.request.user, body=form.cleaned_data["body"])
        except PostingForbidden as error:
            return self.member_text_refused(form, error)
        return redirect(text.get_absolute_url())


class SampleTextDetailView(DetailView):
    template_name = "sample/detail.html"
    context_object_name = "text"

    def get_object(self, queryset=None):
        texts = SampleText.objects.visible_to(self.request.user)
        return get_object_or_404(texts, pk=self.kwargs["pk"])
