from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from moderation.admin import reason_action_view

from .forms import SHOWTIME_FIELDS, EventAdminForm
from .models import (
    Advertiser,
    AdvertiserApplication,
    AdvertiserMembership,
    Artist,
    BookingClick,
    BookingClickDaily,
    Category,
    Credit,
    Event,
    PendingEvent,
    Showtime,
    Venue,
)
from .services import (
    DENORMALISED_FIGURES,
    advertiser_application_accept,
    advertiser_application_refuse,
    event_poster_set,
    event_showtime_bounds_refresh,
    pending_event_publish,
    pending_event_refuse,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "postal_code", "capacity", "wheelchair_access"]
    list_filter = ["city", "wheelchair_access", "induction_loop"]
    search_fields = ["name", "city", "postal_code", "address"]
    prepopulated_fields = {"slug": ["name"]}


class AdvertiserMembershipInline(admin.TabularInline):
    model = AdvertiserMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Advertiser)
class AdvertiserAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "verified", "created_at"]
    list_filter = ["verified", "kind"]
    search_fields = ["name", "website"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AdvertiserMembershipInline]
    actions = ["verify"]

    @admin.action(description="Vérifier les annonceurs sélectionnés")
    def verify(self, request, queryset):
        count = queryset.filter(verified=False).update(verified=True)
        self.message_user(request, f"{count} annonceur(s) vérifié(s).", messages.SUCCESS)


@admin.register(Artist)
class ArtistAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["artist"]


class ShowtimeInline(admin.TabularInline):
    model = Showtime
    extra = 1
    autocomplete_fields = ["venue"]
    fields = SHOWTIME_FIELDS


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "category",
        "advertiser",
        "venue",
        "status",
        "next_showtime_at",
        "last_showtime_at",
    ]
    list_filter = ["status", "category", "booking_mode", "price_type", "advertiser__verified"]
    list_select_related = ["category", "advertiser", "venue"]
    search_fields = ["title", "slug", "advertiser__name", "venue__name", "venue__city"]
    autocomplete_fields = ["category", "advertiser", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "next_showtime_at"
    readonly_fields = [
        "first_showtime_at",
        "next_showtime_at",
        "last_showtime_at",
        "rating_average",
        "rating_count",
        "popularity",
        "created_at",
        "updated_at",
    ]
    inlines = [CreditInline, ShowtimeInline]

    def save_model(self, request, obj, form, change):
        if change:
            # The page was read before; the note and popularity may have moved since
            # (the admin's changeform runs in a transaction: the lock holds until saved).
            fresh = Event.objects.select_for_update().values(*DENORMALISED_FIGURES).get(pk=obj.pk)
            for name, value in fresh.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)
        if image := getattr(form, "poster_image", None):
            event_poster_set(event=obj, image=image)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event_showtime_bounds_refresh(event=form.instance)


@admin.register(PendingEvent)
class PendingEventAdmin(admin.ModelAdmin):
    """The moderators' queue of events from unverified advertisers, oldest first.

    Read-only: a moderator publishes or refuses (with a reason sent to the advertiser);
    correcting the event is the advertiser's job, from the espace annonceur.
    """

    list_display = ["title", "advertiser", "category", "venue", "first_showtime_at", "booking"]
    list_select_related = ["advertiser", "category", "venue"]
    list_filter = ["category"]
    search_fields = ["title", "advertiser__name"]
    ordering = ["updated_at", "pk"]
    actions = ["publish", "refuse"]
    fields = [
        "title",
        "advertiser",
        "category",
        "venue",
        "summary",
        "description",
        "booking_url",
        "booking_mode",
        "price_type",
        "price_min",
        "price_max",
        "group_rates",
        "promotion",
        "first_showtime_at",
        "last_showtime_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Event.Status.PENDING)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description="billetterie")
    def booking(self, event):
        return format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', event.booking_url)

    def has_moderate_permission(self, request):
        return request.user.has_perm("events.moderate_pendingevent")

    def _each(self, request, queryset, service, **kwargs):
        done = 0
        for event in queryset:
            try:
                service(moderator=request.user, event=event, **kwargs)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description="Publier les événements sélectionnés", permissions=["moderate"])
    def publish(self, request, queryset):
        done = self._each(request, queryset, pending_event_publish)
        self.message_user(request, f"{done} événement(s) publié(s).", messages.SUCCESS)

    @admin.action(
        description="Refuser les événements sélectionnés (avec un motif)",
        permissions=["moderate"],
    )
    def refuse(self, request, queryset):
        return reason_action_view(
            self,
            request,
            queryset,
            title="Refuser des événements : le motif est envoyé à l'annonceur",
            submit_label="Refuser",
            apply=lambda event, reason: pending_event_refuse(
                moderator=request.user, event=event, reason=reason
            ),
        )


@admin.register(Showtime)
class ShowtimeAdmin(admin.ModelAdmin):
    list_display = ["event", "starts_at", "venue", "status"]
    list_filter = ["status", "sign_language", "audio_description", "surtitles", "relaxed"]
    list_select_related = ["event", "venue"]
    search_fields = ["event__title"]
    autocomplete_fields = ["event", "venue"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        event_showtime_bounds_refresh(event=obj.event)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: readable by staff, never edited from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BookingClick)
class BookingClickAdmin(ReadOnlyAdmin):
    list_display = ["event", "showtime", "clicked_at", "source", "is_unique", "is_bot"]
    list_filter = ["is_bot", "is_unique", "clicked_at"]
    list_select_related = ["event", "showtime"]
    search_fields = ["event__title"]
    date_hierarchy = "clicked_at"
    show_full_result_count = False


@admin.register(BookingClickDaily)
class BookingClickDailyAdmin(ReadOnlyAdmin):
    list_display = ["day", "event", "showtime", "source", "clicks", "unique_clicks"]
    list_select_related = ["event", "showtime"]
    search_fields = ["event__title"]
    date_hierarchy = "day"


@admin.register(AdvertiserApplication)
class AdvertiserApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "user", "siret", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    search_fields = ["organisation", "user__email", "user__pseudo", "siret"]
    readonly_fields = ["user", "status", "advertiser", "created_at", "decided_at"]
    actions = ["accept", "refuse"]

    @admin.action(description="Accepter : créer le compte annonceur")
    def accept(self, request, queryset):
        accepted = 0
        for application in queryset.filter(status=AdvertiserApplication.Status.PENDING):
            advertiser_application_accept(application=application)
            accepted += 1
        self.message_user(request, f"{accepted} demande(s) acceptée(s).", messages.SUCCESS)

    @admin.action(description="Refuser les demandes sélectionnées")
    def refuse(self, request, queryset):
        refused = 0
        for application in queryset.filter(status=AdvertiserApplication.Status.PENDING):
            advertiser_application_refuse(application=application)
            refused += 1
        self.message_user(request, f"{refused} demande(s) refusée(s).", messages.SUCCESS)
