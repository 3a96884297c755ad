from django import forms

from billetnet.images import image_verify

from .dates import PRESETS, day_range, preset_range
from .models import Category, Event
from .services import POSTER_MAX_BYTES, POSTER_MAX_PIXELS

ACCESSIBILITY_CHOICES = [
    ("lsf", "Interprétée en LSF"),
    ("audio-description", "Audio-description"),
    ("surtitrage", "Surtitrage"),
    ("relax", "Représentation « relax »"),
]
ACCESSIBILITY_FIELDS = {
    "lsf": "sign_language",
    "audio-description": "audio_description",
    "surtitrage": "surtitles",
    "relax": "relaxed",
}
SORT_CHOICES = [
    ("date", "Date"),
    ("popularite", "Popularité"),
    ("note", "Note des spectateurs"),
]


class EventFilterForm(forms.Form):
    """The event list's filters: a GET form, so every filtered list has a shareable URL.

    Every field is optional, and a value that does not validate is ignored
    rather than failing the page: the visitor sees the list without that filter
    and the form says why.
    """

    categorie = forms.ModelChoiceField(
        label="Rubrique",
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Toutes les rubriques",
    )
    ville = forms.SlugField(label="Ville", required=False, max_length=100)
    quand = forms.ChoiceField(
        label="Quand", choices=[("", "Toutes les dates"), *PRESETS.items()], required=False
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    prix_max = forms.DecimalField(
        label="Prix maximum (€)", required=False, min_value=0, max_value=10000, decimal_places=2
    )
    gratuit = forms.BooleanField(label="Gratuit", required=False)
    tarifs_groupes = forms.BooleanField(label="Tarifs groupes et CE", required=False)
    promotion = forms.BooleanField(label="En promotion", required=False)
    jeune_public = forms.BooleanField(label="Jeune public", required=False)
    accessibilite = forms.MultipleChoiceField(
        label="Accessibilité",
        choices=ACCESSIBILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reservation = forms.ChoiceField(
        label="Réservation",
        choices=[("", "Tous les modes"), *Event.BookingMode.choices],
        required=False,
    )
    passes = forms.BooleanField(label="Inclure les événements passés", required=False)
    tri = forms.ChoiceField(label="Trier par", choices=SORT_CHOICES, required=False)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("du"), cleaned_data.get("au")
        for name, day in (("du", start), ("au", end)):
            if day and not 2000 <= day.year <= 2100:
                self.add_error(name, "Choisissez une date entre l'an 2000 et l'an 2100.")
                start = end = None
        if start and end and end < start:
            self.add_error("au", "La date de fin doit suivre la date de début.")
        return cleaned_data

    def filter(self, queryset, *, now=None, upcoming_only: bool | None = None):
        """Apply the valid filters to `queryset`, sorted; invalid ones are left out.

        Past events are left out unless « passes » is ticked, or as `upcoming_only` says.
        """
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        if upcoming_only is None:
            upcoming_only = not valid.get("passes")
        if upcoming_only:
            queryset = queryset.upcoming(now)
        if category := valid.get("categorie"):
            queryset = queryset.in_category(category)
        if city := valid.get("ville"):
            queryset = queryset.in_city(city)
        if preset := valid.get("quand"):
            queryset = queryset.playing_between(*preset_range(preset, now))
        elif (valid.get("du") or valid.get("au")) and not {"du", "au"} & set(self.errors):
            first = valid.get("du") or valid.get("au")
            last = valid.get("au") or valid.get("du")
            queryset = queryset.playing_between(*day_range(first, last))
        if (amount := valid.get("prix_max")) is not None:
            queryset = queryset.max_price(amount)
        if valid.get("gratuit"):
            queryset = queryset.free()
        if valid.get("tarifs_groupes"):
            queryset = queryset.with_group_rates()
        if valid.get("promotion"):
            queryset = queryset.with_promotion()
        if valid.get("jeune_public"):
            queryset = queryset.for_young_audience()
        if features := valid.get("accessibilite"):
            queryset = queryset.with_accessibility([ACCESSIBILITY_FIELDS[f] for f in features])
        if mode := valid.get("reservation"):
            queryset = queryset.with_booking_mode(mode)
        sort = valid.get("tri") or "date"
        if sort == "popularite":
            return queryset.by_popularity()
        if sort == "note":
            return queryset.by_rating()
        return queryset.by_date()

    def active_filters(self, city_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """(name, human label) of the filters in use, for the « filtres actifs » chips."""
        if not self.is_bound:
            return []
        chips = []
        for name, value in self.cleaned_data.items():
            if name in self.errors or name == "tri" or value in (None, "", False, []):
                continue
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                chips.append((name, field.label))
            elif name == "quand":
                chips.append((name, PRESETS[value]))
            elif name == "accessibilite":
                labels = dict(ACCESSIBILITY_CHOICES)
                chips.append((name, ", ".join(labels[v] for v in value)))
            elif name == "reservation":
                chips.append((name, Event.BookingMode(value).label))
            elif name in ("du", "au"):
                chips.append((name, f"{field.label.lower()} {value:%d/%m/%Y}"))
            elif name == "prix_max":
                chips.append((name, f"jusqu'à {value:g} €"))
            elif name == "ville":
                chips.append((name, (city_names or {}).get(value, value)))
            else:
                chips.append((name, str(value)))
        return chips


# What an event's author fills in, in the admin and in the espace annonceur alike.
EVENT_CONTENT_FIELDS = (
    "title",
    "category",
    "summary",
    "description",
    "tags",
    "venue",
    "duration",
    "age_advice",
    "min_age",
    "language",
    "price_type",
    "price_min",
    "price_max",
    "booking_url",
    "booking_mode",
    "group_rates",
    "promotion",
    "promotion_one_plus_one",
)
SHOWTIME_FIELDS = (
    "starts_at",
    "ends_at",
    "venue",
    "status",
    "sign_language",
    "audio_description",
    "surtitles",
    "relaxed",
)


class PosterUploadMixin(forms.Form):
    """A poster field checked by image_verify; the view hands `poster_image` to
    `event_poster_set`, which makes the renditions."""

    poster_upload = forms.FileField(
        label="Nouvelle affiche",
        required=False,
        help_text="JPEG, PNG ou WebP, 10 Mo et 40 millions de pixels au plus. "
        "Les déclinaisons (320, 640 et 1280 pixels de large, WebP) sont faites à l'envoi.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_poster_upload(self):
        upload = self.cleaned_data.get("poster_upload")
        if upload:
            self.poster_image = image_verify(
                upload, max_bytes=POSTER_MAX_BYTES, max_pixels=POSTER_MAX_PIXELS
            )
        return upload


class EventAdminForm(PosterUploadMixin, forms.ModelForm):
    """The admin's event form."""

    class Meta:
        model = Event
        # The poster goes through poster_upload; the distribution through the credits inline.
        fields = [
            "title",
            "slug",
            "status",
            "advertiser",
            *EVENT_CONTENT_FIELDS[1:],
            "published_at",
        ]
