"""The catalogue: who puts on what, where and when.

Reads go through the QuerySets in `events/querysets.py`; writes with side effects
through `events/services.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from .querysets import EventQuerySet, ShowtimeQuerySet, VenueQuerySet
from .search_sql import SOON_TIERS
from .validators import validate_https_url


class Category(models.Model):
    name = models.CharField("nom", max_length=60, unique=True)
    slug = models.SlugField("adresse", max_length=60, unique=True)
    description = models.CharField("description courte", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(
        "ordre",
        default=0,
        help_text="Les rubriques s'affichent de la plus petite à la plus grande.",
    )

    class Meta:
        verbose_name = "rubrique"
        verbose_name_plural = "rubriques"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:category", kwargs={"slug": self.slug})


class Venue(models.Model):
    name = models.CharField("nom", max_length=150)
    slug = models.SlugField("adresse", max_length=160, unique=True)
    address = models.CharField("adresse postale", max_length=200)
    postal_code = models.CharField("code postal", max_length=10)
    city = models.CharField("ville", max_length=100)
    city_slug = models.SlugField("ville (adresse)", max_length=100, db_index=True, editable=False)
    latitude = models.DecimalField(
        "latitude", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.PositiveIntegerField("jauge", null=True, blank=True)
    phone = models.CharField(
        "téléphone de la billetterie",
        max_length=30,
        blank=True,
        help_text="Les spectateurs l'appellent quand un billet ne peut être imprimé (FAQ 7 et 8).",
    )
    email = models.EmailField("e-mail de la billetterie", blank=True)
    website = models.URLField("site web", blank=True)
    wheelchair_access = models.BooleanField("accessible en fauteuil roulant", default=False)
    induction_loop = models.BooleanField("boucle magnétique", default=False)
    accessibility_notes = models.TextField("informations d'accessibilité", blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        ordering = ["name"]
        indexes = [
            GinIndex(
                OpClass(Func(Lower("name"), function="billetnet_unaccent"), "gin_trgm_ops"),
                name="venue_name_trgm_idx",
            ),
            GinIndex(
                OpClass(Func(Lower("city"), function="billetnet_unaccent"), "gin_trgm_ops"),
                name="venue_city_trgm_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def save(self, *args, **kwargs):
        from django.utils.text import slugify

        self.city_slug = slugify(self.city)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:venue", kwargs={"slug": self.slug})

    @property
    def openstreetmap_url(self) -> str:
        if self.latitude is not None and self.longitude is not None:
            return (
                "https://www.openstreetmap.org/?mlat="
                f"{self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
            )
        from urllib.parse import quote

        query = quote(f"{self.address}, {self.postal_code} {self.city}")
        return f"https://www.openstreetmap.org/search?query={query}"


class Advertiser(models.Model):
    """An annonceur: the artist, production, venue or organiser who publishes events."""

    class Kind(models.TextChoices):
        ARTISTE = "artiste", "Artiste"
        PRODUCTION = "production", "Production"
        SALLE = "salle", "Salle"
        ORGANISATEUR = "organisateur", "Organisateur"

    name = models.CharField("nom", max_length=150)
    slug = models.SlugField("adresse", max_length=160, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    website = models.URLField("site web", blank=True)
    description = models.TextField("présentation", blank=True)
    logo = models.ImageField("logo", upload_to="annonceurs/", blank=True)
    verified = models.BooleanField(
        "vérifié",
        default=False,
        help_text="Un annonceur vérifié publie directement ; sinon ses événements passent "
        "d'abord par la file de modération.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AdvertiserMembership",
        related_name="advertisers",
        verbose_name="membres",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "annonceur"
        verbose_name_plural = "annonceurs"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:advertiser", kwargs={"slug": self.slug})


class AdvertiserMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Responsable"
        EDITOR = "editor", "Rédacteur"

    advertiser = models.ForeignKey(Advertiser, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advertiser_memberships"
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre de l'annonceur"
        verbose_name_plural = "membres de l'annonceur"
        constraints = [
            models.UniqueConstraint(fields=["advertiser", "user"], name="unique_advertiser_member")
        ]

    def __str__(self):
        return f"{self.user} — {self.advertiser} ({self.get_role_display()})"


class Artist(models.Model):
    name = models.CharField("nom", max_length=150)
    slug = models.SlugField("adresse", max_length=160, unique=True)
    bio = models.TextField("biographie courte", blank=True)
    photo = models.ImageField("photo", upload_to="artistes/", blank=True)

    class Meta:
        verbose_name = "artiste"
        verbose_name_plural = "artistes"
        ordering = ["name"]
        indexes = [
            GinIndex(
                OpClass(Func(Lower("name"), function="billetnet_unaccent"), "gin_trgm_ops"),
                name="artist_name_trgm_idx",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:artist", kwargs={"slug": self.slug})


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PENDING = "pending", "En attente de validation"
        PUBLISHED = "published", "Publié"
        CANCELLED = "cancelled", "Annulé"

    class PriceType(models.TextChoices):
        FREE = "gratuit", "Gratuit"
        PAY_WHAT_YOU_WANT = "prix_libre", "Prix libre"
        PAID = "payant", "Payant"

    class BookingMode(models.TextChoices):
        E_RESERVATION = "e_reservation", "E-réservation"
        E_BILLET = "e_billet", "E-billet"

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=220, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="events", verbose_name="rubrique"
    )
    tags = TaggableManager("mots-clés", blank=True)
    advertiser = models.ForeignKey(
        Advertiser, on_delete=models.PROTECT, related_name="events", verbose_name="annonceur"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name="lieu principal"
    )
    summary = models.CharField(
        "accroche", max_length=300, help_text="Une ou deux phrases, affichées dans les listes."
    )
    description = models.TextField("description", blank=True)
    artists = models.ManyToManyField(
        Artist, through="Credit", related_name="events", verbose_name="distribution"
    )
    duration = models.PositiveSmallIntegerField(
        "durée (minutes)", null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    age_advice = models.CharField(
        "âge conseillé", max_length=60, blank=True, help_text="Par exemple « dès 6 ans »."
    )
    min_age = models.PositiveSmallIntegerField(
        "âge minimum",
        null=True,
        blank=True,
        validators=[MaxValueValidator(21)],
        help_text="Sert au filtre « jeune public » ; laissez vide pour tout public adulte.",
    )
    language = models.CharField("langue", max_length=60, default="français", blank=True)
    poster = models.ImageField("affiche", upload_to="affiches/", blank=True)
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    price_type = models.CharField(
        "tarif", max_length=12, choices=PriceType.choices, default=PriceType.PAID
    )
    price_min = models.DecimalField(
        "prix minimum (€)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_max = models.DecimalField(
        "prix maximum (€)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    booking_url = models.URLField(
        "adresse de la billetterie",
        max_length=500,
        validators=[validate_https_url],
        help_text="La page de votre billetterie (https) où mène le bouton « Réserver ».",
    )
    booking_mode = models.CharField(
        "mode de réservation",
        max_length=15,
        choices=BookingMode.choices,
        default=BookingMode.E_BILLET,
        help_text="E-réservation : pré-réservation payée sur place au guichet. "
        "E-billet : vente ferme et définitive, billet électronique.",
    )
    group_rates = models.TextField(
        "tarifs Groupes, CE et Collectivités",
        blank=True,
        help_text="Réservés aux comités d'entreprise, associations, groupes, COS, CASC…",
    )
    promotion = models.CharField("promotion", max_length=200, blank=True)
    promotion_one_plus_one = models.BooleanField(
        "offre « 1 place achetée = 1 place offerte »",
        default=False,
        help_text="La page rappelle que l'offre n'est pas valable pour une personne seule.",
    )
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    moderation_note = models.CharField(
        "motif du refus",
        max_length=1000,
        blank=True,
        editable=False,
        help_text="Pourquoi un modérateur a renvoyé l'événement en brouillon ; montré à "
        "l'annonceur jusqu'à la décision suivante.",
    )
    # Kept up to date by events.services (showtime changes, and a periodic refresh
    # of next_showtime_at as time passes): lists sort and filter on them without
    # touching every showtime.
    first_showtime_at = models.DateTimeField(
        "première représentation", null=True, blank=True, editable=False
    )
    next_showtime_at = models.DateTimeField(
        "prochaine représentation", null=True, blank=True, editable=False
    )
    last_showtime_at = models.DateTimeField(
        "dernière représentation", null=True, blank=True, editable=False
    )
    # Kept up to date by the reviews and Réserver features (popularity, rating).
    rating_average = models.DecimalField(
        "note moyenne", max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField("nombre de critiques", default=0, editable=False)
    popularity = models.PositiveIntegerField("popularité", default=0, editable=False)
    # Kept up to date by PostgreSQL triggers (migration 0004): title A; artists,
    # advertiser and venue B; tags, rubrique and city C; summary and description D.
    search_vector = SearchVectorField(null=True, editable=False)
    # Kept up to date by PostgreSQL triggers (migration 0009) for the search: the title
    # alone, and the days (Paris time) with a showtime that is not cancelled.
    title_vector = SearchVectorField(null=True, blank=True, editable=False)
    play_days = ArrayField(models.DateField(), null=True, blank=True, editable=False)
    # Kept up to date by a PostgreSQL trigger (migration 0012): 1 when the next showtime
    # comes before the search's first horizon (`SearchHorizon`), 2 before the second.
    soon_rank = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["next_showtime_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=F("price_max")),
                name="event_price_min_lte_max",
                violation_error_message=(
                    "Le prix minimum doit être inférieur ou égal au prix maximum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(booking_url__startswith="https://"),
                name="event_booking_url_https",
                violation_error_message="L'adresse de la billetterie doit commencer par https://.",
            ),
            models.CheckConstraint(
                condition=~Q(price_type="gratuit") | Q(price_max__isnull=True) | Q(price_max=0),
                name="event_free_has_no_price",
                violation_error_message="Un événement gratuit n'a pas de prix.",
            ),
        ]
        # Lists read a page of rows in the order of one of these indexes, then stop.
        indexes = [
            models.Index(fields=["next_showtime_at", "id"], name="event_next_idx"),
            models.Index(
                fields=["category", "next_showtime_at", "id"], name="event_category_next_idx"
            ),
            models.Index(
                F("popularity").desc(), "next_showtime_at", "id", name="event_popularity_idx"
            ),
            models.Index(fields=["first_showtime_at", "id"], name="event_first_idx"),
            models.Index(
                fields=["last_showtime_at"],
                condition=Q(status__in=["published", "cancelled"]),
                name="event_readable_last_idx",
            ),
            # Searches read these indexes on every query: no pending list to scan
            # (GIN's `fastupdate`), whenever autovacuum last ran.
            GinIndex(fields=["search_vector"], name="event_search_idx", fastupdate=False),
            GinIndex(fields=["title_vector"], name="event_title_vector_idx", fastupdate=False),
            GinIndex(fields=["play_days"], name="event_play_days_idx", fastupdate=False),
            # A word's soonest matches, one index per tier of events that play soon
            # (`SOON_TIERS`), and the events that leave a tier (events/search_sql.py).
            *(
                GinIndex(
                    fields=["search_vector"],
                    name=f"event_search_soon{tier}_idx",
                    condition=Q(soon_rank__lte=tier),
                    fastupdate=False,
                )
                for tier in range(1, len(SOON_TIERS) + 1)
            ),
            # The titles of the soonest events, for the autocomplete (events/search.py).
            GinIndex(
                fields=["title_vector"],
                name="event_title_soon1_idx",
                condition=Q(soon_rank__lte=1),
                fastupdate=False,
            ),
            models.Index(
                fields=["soon_rank", "next_showtime_at"],
                name="event_soon_rank_idx",
                condition=Q(soon_rank__isnull=False),
            ),
            GinIndex(
                OpClass(Func(Lower("title"), function="billetnet_unaccent"), "gin_trgm_ops"),
                name="event_title_trgm_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.last_showtime_at is not None and self.last_showtime_at < timezone.now()

    @property
    def is_bookable(self) -> bool:
        return self.is_published and self.next_showtime_at is not None

    SHOWTIMES_SHOWN = 40

    def showtimes_shown(self) -> dict:
        """The showtimes the page lists: the next ones, or the last ones once it is over.

        Reads the prefetched showtimes (`for_event_page()`): no query of its own.
        """
        showtimes = list(self.showtimes.all())
        upcoming = [s for s in showtimes if not s.is_past]
        if upcoming:
            shown = upcoming[: self.SHOWTIMES_SHOWN]
            return {"list": shown, "more": len(upcoming) - len(shown), "past": False}
        return {"list": showtimes[-10:], "more": 0, "past": True}


class Credit(models.Model):
    """One line of the distribution: an artist and what they do in the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="credits")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(
        "rôle", max_length=80, help_text="« mise en scène », « avec », « chorégraphie »…"
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "crédit"
        verbose_name_plural = "distribution"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "artist", "role"], name="unique_credit_per_role"
            )
        ]

    def __str__(self):
        return f"{self.role} : {self.artist}"


class PendingEvent(Event):
    """The events of unverified advertisers awaiting a moderator: the admin's own queue."""

    class Meta:
        proxy = True
        verbose_name = "événement à valider"
        verbose_name_plural = "événements à valider"
        default_permissions = ("view",)
        permissions = [("moderate_pendingevent", "Peut publier ou refuser un événement")]


class Showtime(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Programmée"
        CANCELLED = "cancelled", "Annulée"
        SOLD_OUT = "sold_out", "Complète"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="showtimes")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="showtimes",
        verbose_name="lieu",
        help_text="Seulement si différent du lieu principal de l'événement.",
    )
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    sign_language = models.BooleanField("LSF", default=False)
    audio_description = models.BooleanField("audio-description", default=False)
    surtitles = models.BooleanField("surtitrage", default=False)
    relaxed = models.BooleanField("représentation « relax »", default=False)

    objects = ShowtimeQuerySet.as_manager()

    class Meta:
        verbose_name = "représentation"
        verbose_name_plural = "représentations"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="showtime_ends_after_start",
                violation_error_message="La fin doit suivre le début de la représentation.",
            )
        ]
        indexes = [
            models.Index(fields=["event", "starts_at"], name="showtime_event_start_idx"),
            models.Index(fields=["starts_at"], name="showtime_start_idx"),
        ]

    def __str__(self):
        return f"{self.event} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def is_bookable(self) -> bool:
        """A showtime in the past, cancelled or sold out is never bookable."""
        return self.status == self.Status.SCHEDULED and not self.is_past

    @property
    def accessibility_labels(self) -> list[str]:
        fields = ("sign_language", "audio_description", "surtitles", "relaxed")
        return [
            str(self._meta.get_field(name).verbose_name) for name in fields if getattr(self, name)
        ]


class SearchHorizon(models.Model):
    """Where « soon » ends for the search, per tier: kept by the database.

    `Event.soon_rank` is the first tier whose `until` comes after the event's next
    showtime; `until` is the tier's SOON_TIERS-th soonest next showtime when
    `events_search_horizon_refresh()` last ran (`manage.py refresh_showtimes`; see
    events/search_sql.py).
    """

    tier = models.PositiveSmallIntegerField("rang", primary_key=True)
    until = models.DateTimeField("fin de la fenêtre")
    # Where `until` was before the last refresh, which the next one looks at again.
    previous = models.DateTimeField("fin précédente")

    class Meta:
        verbose_name = "horizon de la recherche"
        verbose_name_plural = "horizons de la recherche"

    def __str__(self):
        return f"{self.tier} : avant {self.until}"


class SearchTerm(models.Model):
    """The search lexicon: every distinct word of titles, artists, venues and cities.

    Typo correction and autocompletion compare what people type with these few
    thousand words (trigram and prefix indexes), not with a million titles.
    Rebuilt by `manage.py search_lexicon_refresh`.
    """

    word = models.CharField("mot (sans accents)", max_length=100, primary_key=True)
    display = models.CharField("mot affiché", max_length=100)
    frequency = models.PositiveIntegerField("nombre d'événements", default=0)

    class Meta:
        verbose_name = "mot du lexique de recherche"
        verbose_name_plural = "lexique de recherche"
        indexes = [
            GinIndex(OpClass("word", "gin_trgm_ops"), name="searchterm_word_trgm_idx"),
            models.Index(
                OpClass("word", "text_pattern_ops"), "frequency", name="searchterm_prefix_idx"
            ),
        ]

    def __str__(self):
        return self.display


class BookingClick(models.Model):
    """One click on « Réserver »: append-only, written by `booking_click_record` only.

    No IP address and no user agent are stored: `visitor_hash` is a salted hash of
    the session (or, for a visitor without one, of the connection, with a salt that
    changes every day), enough to count a visitor once per half hour, not to follow
    them.
    """

    # Every click writes each index: no single-column index where a composite one below
    # already starts with the column (click_event_time_idx, click_user_event_idx).
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="booking_clicks", db_index=False
    )
    showtime = models.ForeignKey(
        Showtime, on_delete=models.SET_NULL, null=True, blank=True, related_name="booking_clicks"
    )
    clicked_at = models.DateTimeField("cliqué le", default=timezone.now)
    source = models.CharField(
        "page d'origine", max_length=200, blank=True, help_text="Chemin de la page Billetnet."
    )
    visitor_hash = models.CharField("visiteur (empreinte salée)", max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking_clicks",
        db_index=False,
        verbose_name="membre",
    )
    is_bot = models.BooleanField("robot ou préchargement", default=False)
    is_unique = models.BooleanField(
        "unique", default=True, help_text="Premier clic de ce visiteur sur cet événement en 30 min."
    )

    class Meta:
        verbose_name = "clic « Réserver »"
        verbose_name_plural = "clics « Réserver »"
        ordering = ["-clicked_at"]
        indexes = [
            models.Index(fields=["event", "clicked_at"], name="click_event_time_idx"),
            models.Index(fields=["clicked_at"], name="click_time_idx"),
            models.Index(fields=["visitor_hash", "event", "clicked_at"], name="click_visitor_idx"),
            models.Index(fields=["user", "event"], name="click_user_event_idx"),
        ]

    def __str__(self):
        return f"{self.event} — {timezone.localtime(self.clicked_at):%d/%m/%Y %H:%M}"


class BookingClickDaily(models.Model):
    """Clicks per day, event, showtime and source page: what the dashboards read.

    Kept up to date by `booking_clicks_rollup` (days already over) and by the
    dashboard itself for today, so that a dashboard's cost does not grow with the
    number of clicks. Bots are left out.
    """

    day = models.DateField("jour")
    # The event's advertiser, copied here so that a dashboard reads its rows by index
    # without joining the catalogue.
    advertiser = models.ForeignKey(
        Advertiser, on_delete=models.CASCADE, related_name="daily_clicks", null=True
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="daily_clicks")
    showtime = models.ForeignKey(
        Showtime, on_delete=models.CASCADE, null=True, blank=True, related_name="daily_clicks"
    )
    source = models.CharField("page d'origine", max_length=200, blank=True)
    clicks = models.PositiveIntegerField("clics", default=0)
    unique_clicks = models.PositiveIntegerField("clics uniques", default=0)

    class Meta:
        verbose_name = "clics du jour"
        verbose_name_plural = "clics par jour"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "event", "showtime", "source"],
                nulls_distinct=False,
                name="unique_daily_clicks",
            )
        ]
        indexes = [
            models.Index(fields=["event", "day"], name="daily_event_day_idx"),
            models.Index(fields=["advertiser", "day"], name="daily_advertiser_day_idx"),
        ]

    def __str__(self):
        return f"{self.event} — {self.day:%d/%m/%Y} : {self.clicks}"


class AdvertiserApplication(models.Model):
    """A member asks to publish as an advertiser; staff accept or refuse it in admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        ACCEPTED = "accepted", "Acceptée"
        REFUSED = "refused", "Refusée"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advertiser_applications",
        verbose_name="membre",
    )
    organisation = models.CharField("organisation", max_length=150)
    kind = models.CharField("type", max_length=20, choices=Advertiser.Kind.choices)
    website = models.URLField("site web", blank=True)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[
            RegexValidator(r"^\d{14}\Z", "Un numéro SIRET compte 14 chiffres, sans espace.")
        ],
    )
    message = models.TextField("message", max_length=2000, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    advertiser = models.ForeignKey(
        Advertiser,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="annonceur créé",
    )
    created_at = models.DateTimeField("reçue le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de compte annonceur"
        verbose_name_plural = "demandes de compte annonceur"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation} ({self.get_status_display()})"
