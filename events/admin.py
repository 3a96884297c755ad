from django.contrib import admin, messages

from .forms import EventAdminForm
from .models import (
    Advertiser,
    AdvertiserMembership,
    Artist,
    Category,
    Credit,
    Event,
    Showtime,
    Venue,
)
from .services import event_poster_set, event_showtime_bounds_refresh


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
    fields = [
        "starts_at",
        "ends_at",
        "venue",
        "status",
        "sign_language",
        "audio_description",
        "surtitles",
        "relaxed",
    ]


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
        super().save_model(request, obj, form, change)
        if image := getattr(form, "poster_image", None):
            event_poster_set(event=obj, image=image)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event_showtime_bounds_refresh(event=form.instance)


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
