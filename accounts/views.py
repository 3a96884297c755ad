from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, TemplateView

from . import espace
from .forms import ProfileForm
from .models import User
from .services import user_profile_update


class EspaceView(LoginRequiredMixin, TemplateView):
    """Mon Espace: the member's own page."""

    template_name = "accounts/espace.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=espace.sections_for(self.request), **kwargs)


class ProfileEditView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile_form.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        user_profile_update(
            user=self.request.user,
            pseudo=data["pseudo"],
            city=data["city"],
            bio=data["bio"],
            avatar_image=getattr(form, "avatar_image", None),
            avatar_remove=data["avatar_remove"],
        )
        messages.success(self.request, "Votre profil a été mis à jour.")
        return redirect("accounts:espace")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ProfileView(DetailView):
    """A member's public profile."""

    model = User
    slug_field = "pseudo"
    slug_url_kwarg = "pseudo"
    context_object_name = "member"
    template_name = "accounts/profile.html"

    def get_queryset(self):
        return User.objects.filter(is_active=True).only(
            "pseudo", "avatar", "city", "bio", "date_joined"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=espace.profile_sections_for(self.object), **kwargs)
