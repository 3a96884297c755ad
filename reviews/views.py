from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from events.models import Event
from moderation.models import TextStatus
from moderation.services import PostingForbidden
from moderation.views import MemberTextFormMixin

from .forms import ReplyForm, ReviewForm
from .models import AdvertiserReply, Review
from .services import (
    ReviewRefused,
    reply_allowed,
    reply_delete,
    reply_submit,
    reply_update,
    review_delete,
    review_open_for,
    review_submit,
    review_update,
    review_vote_toggle,
)


def _event_reviews_url(event) -> str:
    return f"{event.get_absolute_url()}#critiques"


class ReviewDetailView(DetailView):
    """One review on its own page: where reports, notices and profiles link to."""

    context_object_name = "review"

    def get_queryset(self):
        return Review.objects.visible_to(self.request.user).select_related(
            "author", "event", "event__venue", "showtime", "reply", "reply__advertiser"
        )


class ReviewFormView(LoginRequiredMixin, MemberTextFormMixin, FormView):
    """What writing and editing share: the event, the form, the refusals."""

    form_class = ReviewForm
    template_name = "reviews/review_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)

    def refused(self, form, message: str, status: int = 400):
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            review = self.save(
                rating=data["rating"],
                title=data["title"],
                body=data["body"],
                showtime=data["showtime"],
            )
        except PostingForbidden as error:
            return self.member_text_refused(form, error)
        except ReviewRefused as error:
            return self.refused(form, error.message)
        except ValidationError as error:
            return self.refused(form, " ".join(error.messages))
        return redirect(f"{review.event.get_absolute_url()}#critique-{review.pk}")


class ReviewCreateView(ReviewFormView):
    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event.objects.published(), slug=kwargs["slug"])
        if request.user.is_authenticated:
            own = Review.objects.filter(author=request.user, event=self.event).first()
            if own is not None and own.status == TextStatus.REMOVED:
                return self.render_to_response(
                    self.get_context_data(removed=own, form=None), status=403
                )
            if own is not None:
                messages.info(request, "Vous avez déjà écrit une critique : modifiez-la ici.")
                return redirect("reviews:edit", pk=own.pk)
        if not review_open_for(event=self.event):
            return self.render_to_response(
                self.get_context_data(not_yet=True, form=None), status=403
            )
        return super().dispatch(request, *args, **kwargs)

    def save(self, **data):
        review = review_submit(author=self.request.user, event=self.event, **data)
        messages.success(self.request, "Merci ! Votre critique est publiée.")
        return review


class OwnReviewMixin(LoginRequiredMixin):
    """The author's own review; anyone else's answers 404, as if it did not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review = get_object_or_404(
            Review.objects.select_related("event").exclude(status="removed"),
            pk=kwargs["pk"],
            author=request.user,
        )
        self.event = self.review.event
        return super().dispatch(request, *args, **kwargs)


class ReviewEditView(OwnReviewMixin, ReviewFormView):
    def get_initial(self):
        return ReviewForm.initial_from(self.review)

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, **kwargs)

    def save(self, **data):
        try:
            review = review_update(review=self.review, author=self.request.user, **data)
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(self.request, "Votre critique est modifiée.")
        return review


class ReviewDeleteView(OwnReviewMixin, TemplateView):
    template_name = "reviews/review_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            review_delete(review=self.review, author=request.user)
        except ReviewRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Votre critique est supprimée.")
        return redirect(_event_reviews_url(self.event))


class ReviewVoteView(LoginRequiredMixin, View):
    """« Utile » (POST): mark a review useful, or take the mark back."""

    http_method_names = ["post"]

    def post(self, request, pk):
        review = get_object_or_404(Review.objects.visible().select_related("event"), pk=pk)
        try:
            marked = review_vote_toggle(review=review, member=request.user)
        except ReviewRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "Merci : critique marquée comme utile." if marked else "Vote « utile » retiré.",
            )
        return redirect(f"{review.event.get_absolute_url()}#critique-{review.pk}")


class ReplyView(LoginRequiredMixin, MemberTextFormMixin, FormView):
    """« Réponse de l'annonceur »: write or edit the one reply to a review."""

    form_class = ReplyForm
    template_name = "reviews/reply_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review = get_object_or_404(
            Review.objects.visible().select_related("event", "author"), pk=kwargs["pk"]
        )
        if not reply_allowed(review=self.review, member=request.user):
            raise Http404
        self.reply = AdvertiserReply.objects.filter(review=self.review).first()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"body": self.reply.body} if self.reply else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, reply=self.reply, **kwargs)

    def form_valid(self, form):
        body = form.cleaned_data["body"]
        try:
            if self.reply:
                reply_update(reply=self.reply, member=self.request.user, body=body)
            else:
                reply_submit(review=self.review, author=self.request.user, body=body)
        except PostingForbidden as error:
            return self.member_text_refused(form, error)
        except ReviewRefused as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, "Votre réponse est publiée.")
        return redirect(f"{self.review.event.get_absolute_url()}#critique-{self.review.pk}")


class ReplyDeleteView(LoginRequiredMixin, TemplateView):
    template_name = "reviews/reply_confirm_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.reply = get_object_or_404(
            AdvertiserReply.objects.select_related("review__event"), review_id=kwargs["pk"]
        )
        if not reply_allowed(review=self.reply.review, member=request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reply=self.reply, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            reply_delete(reply=self.reply, member=request.user)
        except ReviewRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Votre réponse est supprimée.")
        return redirect(_event_reviews_url(self.reply.review.event))


class MemberReviewsView(ListView):
    """A member's public reviews, newest first."""

    template_name = "reviews/member_reviews.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        self.member = get_object_or_404(
            get_user_model().objects.filter(is_active=True), pseudo=self.kwargs["pseudo"]
        )
        return Review.objects.visible().filter(author=self.member).for_lists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)


class MyReviewsView(LoginRequiredMixin, ListView):
    """Mon Espace › my reviews, whatever their status, with moderation's reason."""

    template_name = "reviews/my_reviews.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        return Review.objects.filter(author=self.request.user).for_lists()
