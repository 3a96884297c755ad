"""The espace annonceur's forms: they validate; events/services.py saves."""

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from taggit.forms import TagField

from accounts.models import User

from .forms import EVENT_CONTENT_FIELDS, SHOWTIME_FIELDS, PosterUploadMixin
from .models import AdvertiserApplication, Event, Showtime, Venue
from .services import CreditLine, VenueProposal
from .templatetags.events_tags import euros
from .validators import validate_https_url

DESCRIPTION_MAX_LENGTH = 20_000
TAGS_MAX = 15
TAG_MAX_LENGTH = 50
CREDITS_MAX = 40
SHOWTIMES_MAX = 400
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class AdvertiserApplicationForm(forms.ModelForm):
    website = forms.URLField(
        label="Site web",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Le site de votre structure, s'il y en a un.",
    )
    # Longer than its 14 digits: the spaces people type are taken out before checking.
    siret = forms.CharField(
        label="Numéro SIRET (facultatif)",
        required=False,
        max_length=20,
        help_text="14 chiffres. Il nous aide à vérifier votre compte plus vite.",
    )

    class Meta:
        model = AdvertiserApplication
        fields = ["organisation", "kind", "website", "siret", "message"]
        labels = {
            "organisation": "Nom de votre structure",
            "kind": "Vous êtes",
            "message": "Message à l'équipe de Billetnet",
        }
        help_texts = {
            "organisation": "Le nom sous lequel vos événements seront présentés.",
            "message": "Présentez en quelques lignes votre activité et les événements que "
            "vous comptez publier (2 000 caractères au plus).",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}

    def clean_siret(self):
        return "".join(self.cleaned_data.get("siret", "").split())


class EventSpaceForm(PosterUploadMixin, forms.ModelForm):
    """An advertiser's event, without its distribution (a formset beside it) and showtimes."""

    venue = forms.ModelChoiceField(
        label="Lieu principal",
        queryset=Venue.objects.order_by("city", "name"),
        required=False,
        empty_label="— Le lieu n'est pas dans la liste : proposez-le ci-dessous —",
    )
    new_venue_name = forms.CharField(label="Nom du lieu", max_length=150, required=False)
    new_venue_address = forms.CharField(label="Adresse", max_length=200, required=False)
    new_venue_postal_code = forms.CharField(
        label="Code postal",
        max_length=10,
        required=False,
        validators=[RegexValidator(r"^\d{5}\Z", "Un code postal compte 5 chiffres.")],
    )
    new_venue_city = forms.CharField(label="Ville", max_length=100, required=False)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Le texte complet de la page de l'événement.",
    )
    tags = TagField(
        label="Mots-clés",
        required=False,
        help_text=f"Séparés par des virgules, {TAGS_MAX} au plus : "
        "« comédie, Molière, en famille ».",
    )
    booking_url = forms.URLField(
        label="Adresse de votre billetterie",
        max_length=500,
        assume_scheme="https",
        validators=[validate_https_url],
        help_text="La page (https) où mène le bouton « Réserver ». Billetnet y ajoute "
        "seulement utm_source=billetnet.",
    )

    class Meta:
        model = Event
        fields = EVENT_CONTENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "group_rates": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "promotion": "Par exemple « 1 place achetée = 1 place offerte le jeudi ».",
        }

    NEW_VENUE_FIELDS = ("new_venue_name", "new_venue_address", "new_venue_postal_code")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_proposal = None
        self.poster_image = None
        self.fields["category"].empty_label = "— Choisissez une rubrique —"

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(f"{TAGS_MAX} mots-clés au plus, s'il vous plaît.")
        if too_long := [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]:
            raise forms.ValidationError(
                f"Un mot-clé compte {TAG_MAX_LENGTH} caractères au plus "
                f"(« {too_long[0][:20]}… » est trop long)."
            )
        return tags

    def clean(self):
        cleaned_data = super().clean()
        self._clean_venue(cleaned_data)
        self._clean_prices(cleaned_data)
        return cleaned_data

    def _clean_venue(self, data):
        names = (*self.NEW_VENUE_FIELDS, "new_venue_city")
        proposed = {name: (data.get(name) or "").strip() for name in names}
        any_proposed = any(proposed.values()) or any(name in self.errors for name in names)
        if data.get("venue") and any_proposed:
            self.add_error(
                None, "Choisissez un lieu de la liste ou proposez-en un nouveau, pas les deux."
            )
        elif not data.get("venue") and "venue" not in self.errors:
            if not any_proposed:
                self.add_error(
                    "venue", "Choisissez le lieu de l'événement, ou proposez-en un nouveau."
                )
                return
            for name, value in proposed.items():
                if not value and name not in self.errors:
                    self.add_error(name, "Ce champ est nécessaire pour proposer un nouveau lieu.")
            if all(proposed.values()) and not any(name in self.errors for name in names):
                self.venue_proposal = VenueProposal(
                    name=proposed["new_venue_name"],
                    address=proposed["new_venue_address"],
                    postal_code=proposed["new_venue_postal_code"],
                    city=proposed["new_venue_city"],
                )

    def _clean_prices(self, data):
        price_type = data.get("price_type")
        low, high = data.get("price_min"), data.get("price_max")
        if price_type == Event.PriceType.FREE:
            if low or high:
                self.add_error("price_min", "Un événement gratuit n'a pas de prix : laissez vide.")
            return
        unpriced = low is None and high is None
        price_errors = "price_min" in self.errors or "price_max" in self.errors
        if price_type == Event.PriceType.PAID and unpriced and not price_errors:
            self.add_error("price_min", "Indiquez au moins un prix pour un événement payant.")
        if low is not None and high is not None and low > high:
            self.add_error(
                "price_max",
                f"Le prix maximum ({euros(high)}) doit être supérieur ou égal "
                f"au prix minimum ({euros(low)}).",
            )


class CreditLineForm(forms.Form):
    """One line of the distribution; an empty line is left out."""

    artist_name = forms.CharField(label="Artiste", max_length=150, required=False)
    role = forms.CharField(label="Rôle", max_length=80, required=False)

    def clean(self):
        cleaned_data = super().clean()
        name = (cleaned_data.get("artist_name") or "").strip()
        role = (cleaned_data.get("role") or "").strip()
        if name and not role and "role" not in self.errors:
            self.add_error("role", f"Indiquez le rôle de {name}.")
        if role and not name and "artist_name" not in self.errors:
            self.add_error("artist_name", "Indiquez le nom de l'artiste.")
        return cleaned_data


class BaseCreditFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for line in self.credit_lines():
            key = (line.artist_name.lower(), line.role.lower())
            if key in seen:
                raise forms.ValidationError(
                    f"{line.artist_name} figure deux fois avec le rôle « {line.role} »."
                )
            seen.add(key)

    def credit_lines(self) -> list[CreditLine]:
        lines = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            name = (data.get("artist_name") or "").strip()
            if name:
                lines.append(CreditLine(artist_name=name, role=data["role"].strip()))
        return lines


CreditFormSet = forms.formset_factory(
    CreditLineForm,
    formset=BaseCreditFormSet,
    extra=3,
    max_num=CREDITS_MAX,
    validate_max=True,
)


def credit_formset(event: Event | None, data=None) -> BaseCreditFormSet:
    initial = []
    if event is not None and event.pk:
        initial = [
            {"artist_name": credit.artist.name, "role": credit.role}
            for credit in event.credits.select_related("artist").order_by("order", "pk")
        ]
    return CreditFormSet(data, initial=initial, prefix="distribution")


def _to_minute(moment):
    return moment.replace(second=0, microsecond=0)


class ShowtimeForm(forms.ModelForm):
    class Meta:
        model = Showtime
        fields = SHOWTIME_FIELDS
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
            ),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        }
        labels = {
            "starts_at": "Début",
            "ends_at": "Fin (facultatif)",
            "venue": "Autre lieu (facultatif)",
            "sign_language": "Interprétée en LSF",
        }

    def __init__(self, *args, venue_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].empty_label = "— Le lieu principal de l'événement —"
        if venue_choices is not None:
            # Read once for the whole formset, not once per row.
            self.fields["venue"].choices = venue_choices

    def clean_starts_at(self):
        starts_at = self.cleaned_data.get("starts_at")
        original = self.instance.starts_at if self.instance.pk else None
        if starts_at and original and _to_minute(starts_at) == _to_minute(original):
            return original  # unchanged (the input shows minutes only)
        if starts_at and starts_at < timezone.now():
            raise forms.ValidationError(
                "Cette date est passée : une représentation doit commencer dans le futur."
            )
        return starts_at

    def clean(self):
        cleaned_data = super().clean()
        starts_at, ends_at = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "La fin doit suivre le début de la représentation.")
        return cleaned_data


class BaseShowtimeFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        venues = Venue.objects.order_by("city", "name").only("name", "city")
        self.venue_choices = [("", "— Le lieu principal de l'événement —")] + [
            (venue.pk, str(venue)) for venue in venues
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "venue_choices": self.venue_choices}

    def clean(self):
        """A new showtime at the date and venue of one already planned is a form sent twice."""
        if any(self.errors):
            return
        planned = {
            (starts_at, venue_id)
            for starts_at, venue_id in self.event.showtimes.not_cancelled().values_list(
                "starts_at", "venue_id"
            )
        }
        for form in self.forms:
            if form.instance.pk or not form.has_changed():
                continue
            key = (
                form.cleaned_data.get("starts_at"),
                getattr(form.cleaned_data.get("venue"), "pk", None),
            )
            if key in planned:
                form.add_error(
                    "starts_at", "Une représentation est déjà prévue à cette date dans ce lieu."
                )
            planned.add(key)


ShowtimeFormSet = forms.modelformset_factory(
    Showtime,
    form=ShowtimeForm,
    formset=BaseShowtimeFormSet,
    extra=3,
    max_num=SHOWTIMES_MAX,
    validate_max=True,
    can_delete=False,
)


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail du membre",
        max_length=254,
        help_text="La personne doit déjà avoir un compte Billetnet, avec cette adresse.",
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.invitee = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.invitee is None:
            raise forms.ValidationError(
                "Aucun membre de Billetnet n'utilise cette adresse : demandez à cette personne "
                "de créer son compte, puis invitez-la."
            )
        return email
