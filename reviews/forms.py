from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from events.models import Showtime
from moderation.forms import MemberTextField

from .models import Review

RATING_CHOICES = [
    (5, "5 — Excellent"),
    (4, "4 — Très bien"),
    (3, "3 — Bien"),
    (2, "2 — Décevant"),
    (1, "1 — À éviter"),
]


class ShowtimeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, showtime):
        return date_format(timezone.localtime(showtime.starts_at), "l j F Y à H\\hi")


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Votre note",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une note de 1 à 5."},
    )
    title = forms.CharField(label="Titre (facultatif)", max_length=120, required=False)
    body = MemberTextField(label="Votre critique")
    showtime = ShowtimeChoiceField(
        label="La représentation que vous avez vue (facultatif)",
        queryset=None,
        required=False,
        empty_label="Je ne précise pas",
        help_text="Si vous aviez réservé en cliquant « Réserver » sur Billetnet, connecté(e), "
        "avant cette représentation, votre critique porte le badge « A réservé via Billetnet ».",
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["showtime"].queryset = (
            event.showtimes.filter(starts_at__lte=timezone.now())
            .exclude(status=Showtime.Status.CANCELLED)
            .order_by("-starts_at")
        )

    @classmethod
    def initial_from(cls, review: Review) -> dict:
        return {
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            "showtime": review.showtime_id,
        }


class ReplyForm(forms.Form):
    body = MemberTextField(label="Votre réponse, au nom de l'annonceur")
