"""L'espace annonceur: advertisers publish and manage their own events.

Every page resolves its advertiser (and event) from the URL against the member's
own memberships: whatever is not theirs answers 404, never 403, so that these
addresses tell nobody what exists behind them. Writes go through events/services.py.
"""

import copy
import re

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView

from .advertiser_forms import (
    AdvertiserApplicationForm,
    EventSpaceForm,
    MemberInviteForm,
    ShowtimeFormSet,
    credit_formset,
)
from .models import AdvertiserApplication, AdvertiserMembership, Event
from .services import (
    DuplicateSubmission,
    advertiser_application_submit,
    advertiser_event_cancel,
    advertiser_event_duplicate,
    advertiser_event_save,
    advertiser_member_invite,
    advertiser_member_remove,
    advertiser_showtimes_save,
)

SHOWTIME_ID_KEY = re.compile(r"seances-\d+-id")
PAST_SHOWTIMES_SHOWN = 20
CANCELLED_EVENT = "Cet événement est annulé : il ne peut plus être modifié."


def dashboard_events(advertiser):
    """The dashboard's events: one query for a page of them, whatever their number."""
    return (
        Event.objects.filter(advertiser=advertiser)
        .select_related("venue")
        .annotate(showtime_count=Count("showtimes"))
        .only(
            "title",
            "slug",
            "status",
            "moderation_note",
            "next_showtime_at",
            "last_showtime_at",
            "updated_at",
            "venue__name",
            "venue__city",
        )
        .order_by("-updated_at", "-pk")
    )


class SpaceHomeView(LoginRequiredMixin, TemplateView):
    """The member's advertisers, or how to become one."""

    template_name = "events/espace/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            memberships=user.advertiser_memberships.select_related("advertiser").order_by(
                "advertiser__name"
            ),
            applications=user.advertiser_applications.all()[:5],
            **kwargs,
        )


class ApplicationCreateView(LoginRequiredMixin, FormView):
    """A verified member asks for an advertiser account; staff decide in admin."""

    template_name = "events/espace/application_form.html"
    form_class = AdvertiserApplicationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.email_verified = request.user.has_verified_email
            self.pending = request.user.advertiser_applications.filter(
                status=AdvertiserApplication.Status.PENDING
            ).first()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.email_verified:
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email_verified=self.email_verified, pending=self.pending, **kwargs
        )

    def form_valid(self, form):
        try:
            advertiser_application_submit(user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Votre demande est envoyée. L'équipe de Billetnet la vérifie : sa réponse "
            "apparaîtra ici, dans votre espace annonceur.",
        )
        return redirect("events:space-home")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SpaceMixin(LoginRequiredMixin):
    """Resolve the advertiser from the URL among the member's own, or answer 404."""

    owners_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.resolve(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def resolve(self, **kwargs):
        self.membership = get_object_or_404(
            AdvertiserMembership.objects.select_related("advertiser"),
            user=self.request.user,
            advertiser__slug=kwargs["advertiser"],
        )
        if self.owners_only and not self.is_owner:
            raise Http404("Réservé aux responsables de ce compte annonceur.")
        self.advertiser = self.membership.advertiser

    @property
    def is_owner(self) -> bool:
        return self.membership.role == AdvertiserMembership.Role.OWNER

    def get_context_data(self, **kwargs):
        # TemplateView passes the URL's slugs along: the objects replace them.
        kwargs.update(
            advertiser=self.advertiser, membership=self.membership, is_owner=self.is_owner
        )
        return super().get_context_data(**kwargs)

    def dashboard_url(self) -> str:
        return reverse("events:space-dashboard", kwargs={"advertiser": self.advertiser.slug})

    def event_url(self, name: str, event: Event) -> str:
        return reverse(
            f"events:{name}", kwargs={"advertiser": self.advertiser.slug, "event": event.slug}
        )


class SpaceEventMixin(SpaceMixin):
    """…and the event, among the advertiser's own."""

    def resolve(self, **kwargs):
        super().resolve(**kwargs)
        self.event = get_object_or_404(
            Event.objects.select_related("venue", "category"),
            advertiser=self.advertiser,
            slug=kwargs["event"],
        )

    def get_context_data(self, **kwargs):
        kwargs["event"] = self.event
        return super().get_context_data(**kwargs)

    def event_url(self, name: str, event: Event | None = None) -> str:
        return super().event_url(name, event or self.event)


class DashboardView(SpaceMixin, ListView):
    """The advertiser's events, with their status, next showtime and actions."""

    template_name = "events/espace/dashboard.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return dashboard_events(self.advertiser)


class EventFormMixin:
    """Create or edit an event: the event form and its distribution formset."""

    template_name = "events/espace/event_form.html"
    event = None

    def get(self, request, *args, **kwargs):
        return self.render_forms(
            EventSpaceForm(instance=self.form_instance()), credit_formset(self.event)
        )

    def post(self, request, *args, **kwargs):
        if self.event is not None and self.event.is_cancelled:
            return self.render_forms(None, None, status=400)
        form = EventSpaceForm(request.POST, request.FILES, instance=self.form_instance())
        credits = credit_formset(self.event, request.POST)
        if all([form.is_valid(), credits.is_valid()]):
            try:
                event = advertiser_event_save(
                    event=form.instance,
                    advertiser=self.advertiser,
                    publish=request.POST.get("action") == "publish",
                    tags=form.cleaned_data["tags"],
                    credits=credits.credit_lines(),
                    venue_proposal=form.venue_proposal,
                    poster_image=form.poster_image,
                )
            except DuplicateSubmission as exc:
                messages.info(
                    request,
                    f"Ce formulaire avait déjà été envoyé : « {exc.existing.title} » n'a pas "
                    "été créé une seconde fois.",
                )
                return redirect(self.event_url("space-event-edit", exc.existing))
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, self.saved_message(event))
                return redirect(self.success_url(event))
        return self.render_forms(form, credits, status=400)

    def form_instance(self) -> Event:
        # A copy: the page's header keeps showing the saved title while the form is wrong.
        return copy.copy(self.event) if self.event is not None else Event()

    def render_forms(self, form, credits, status=200):
        return self.render_to_response(
            self.get_context_data(form=form, credits=credits), status=status
        )

    def saved_message(self, event: Event) -> str:
        if event.status == Event.Status.PENDING:
            return (
                f"« {event.title} » est en attente de validation : un modérateur de Billetnet "
                "le vérifiera avant sa mise en ligne. Une fois votre compte annonceur vérifié, "
                "vos événements seront publiés directement."
            )
        if event.status == Event.Status.PUBLISHED:
            return f"« {event.title} » est publié."
        return f"« {event.title} » est enregistré comme brouillon : le public ne le voit pas."

    def success_url(self, event: Event) -> str:
        return self.dashboard_url()


class EventCreateView(EventFormMixin, SpaceMixin, TemplateView):
    """A new event, then straight to its showtimes."""

    def saved_message(self, event):
        return (
            f"{super().saved_message(event)} Ajoutez maintenant ses représentations : "
            "sans elles, pas de bouton « Réserver »."
        )

    def success_url(self, event):
        return self.event_url("space-showtimes", event)


class EventEditView(EventFormMixin, SpaceEventMixin, TemplateView):
    pass


class EventCancelView(SpaceEventMixin, TemplateView):
    """GET asks for confirmation; POST cancels."""

    template_name = "events/espace/event_cancel.html"

    def post(self, request, *args, **kwargs):
        try:
            advertiser_event_cancel(event=self.event)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages), status=400)
        messages.success(
            request,
            f"« {self.event.title} » est annulé : sa page l'indique et le bouton « Réserver » "
            "a disparu.",
        )
        return redirect(self.dashboard_url())


class EventDuplicateView(SpaceEventMixin, TemplateView):
    """GET asks for confirmation; POST makes a draft copy."""

    template_name = "events/espace/event_duplicate.html"

    def post(self, request, *args, **kwargs):
        try:
            duplicate = advertiser_event_duplicate(event=self.event)
        except DuplicateSubmission as exc:
            messages.info(
                request, "Cette copie venait déjà d'être faite : elle n'a pas été refaite."
            )
            return redirect(self.event_url("space-event-edit", exc.existing))
        messages.success(
            request,
            f"« {duplicate.title} » est créé en brouillon, sans représentations : modifiez-le, "
            "ajoutez ses dates, puis publiez-le.",
        )
        return redirect(self.event_url("space-event-edit", duplicate))


class ShowtimesView(SpaceEventMixin, TemplateView):
    """Add, change and cancel the event's upcoming showtimes (past ones are read-only)."""

    template_name = "events/espace/showtimes.html"

    def get(self, request, *args, **kwargs):
        return self.render_formset(self.formset())

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if self.event.is_cancelled:
            return self.render_formset(formset, errors=[CANCELLED_EVENT], status=400)
        if formset.is_valid():
            try:
                advertiser_showtimes_save(event=self.event, showtimes=formset.save(commit=False))
            except ValidationError as exc:
                return self.render_formset(formset, errors=exc.messages, status=400)
            messages.success(request, "Les représentations sont enregistrées.")
            return redirect(self.event_url("space-showtimes"))
        return self.render_formset(formset, status=400)

    def formset(self, data=None):
        upcoming = Q(starts_at__gte=timezone.now())
        if data is not None:
            # A showtime may have begun since the page was shown: still this event's.
            upcoming |= Q(pk__in=self.posted_showtime_ids(data))
        return ShowtimeFormSet(
            data,
            queryset=self.event.showtimes.filter(upcoming).order_by("starts_at", "pk"),
            prefix="seances",
            event=self.event,
        )

    def posted_showtime_ids(self, data) -> set[int]:
        """The showtimes the form names; one that is not this event's answers 404."""
        try:
            ids = {
                int(value)
                for key, value in data.items()
                if SHOWTIME_ID_KEY.fullmatch(key) and value
            }
        except ValueError as exc:
            raise Http404("Représentation inconnue.") from exc
        if ids and len(ids) != self.event.showtimes.filter(pk__in=ids).count():
            raise Http404("Représentation inconnue.")
        return ids

    def render_formset(self, formset, *, errors=(), status=200):
        past = (
            self.event.showtimes.filter(starts_at__lt=timezone.now())
            .select_related("venue")
            .order_by("-starts_at")[:PAST_SHOWTIMES_SHOWN]
        )
        return self.render_to_response(
            self.get_context_data(formset=formset, past_showtimes=past, errors=errors),
            status=status,
        )


class MembersView(SpaceMixin, TemplateView):
    """The owners invite editors (existing members) and remove people from the team."""

    template_name = "events/espace/members.html"
    owners_only = True

    def post(self, request, *args, **kwargs):
        form = MemberInviteForm(request.POST)
        if form.is_valid():
            try:
                membership = advertiser_member_invite(advertiser=self.advertiser, user=form.invitee)
            except ValidationError as exc:
                form.add_error("email", exc.messages)
            else:
                messages.success(
                    request,
                    f"{membership.user.pseudo} rejoint l'équipe de {self.advertiser.name} "
                    "comme rédacteur.",
                )
                return redirect("events:space-members", advertiser=self.advertiser.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MemberInviteForm())
        return super().get_context_data(
            memberships=self.advertiser.memberships.select_related("user").order_by(
                "-role", "created_at"
            ),
            **kwargs,
        )


class MemberRemoveView(SpaceMixin, TemplateView):
    """GET asks for confirmation; POST removes the person from the team."""

    template_name = "events/espace/member_remove.html"
    owners_only = True

    def resolve(self, **kwargs):
        super().resolve(**kwargs)
        self.removed = get_object_or_404(
            AdvertiserMembership.objects.select_related("user"),
            pk=kwargs["membership"],
            advertiser=self.advertiser,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(removed=self.removed, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            advertiser_member_remove(membership=self.removed)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages), status=400)
        if self.removed.user_id == request.user.pk:
            messages.success(
                request, f"Vous ne faites plus partie de l'équipe de {self.advertiser}."
            )
            return redirect("events:space-home")
        messages.success(request, f"{self.removed.user.pseudo} ne fait plus partie de l'équipe.")
        return redirect("events:space-members", advertiser=self.advertiser.slug)
