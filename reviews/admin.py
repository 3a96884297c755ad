from django.contrib import admin

from .models import AdvertiserReply, Review


class ReadOnlyTextAdmin(admin.ModelAdmin):
    """Member texts are the members'; moderators act on them through the moderation
    queue (which logs every decision), never by editing them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyTextAdmin):
    list_display = ["created_at", "event", "author", "rating", "status", "helpful_count"]
    list_filter = ["status", "rating", "booked_via_billetnet"]
    list_select_related = ["event", "author"]
    search_fields = ["author__pseudo", "event__title", "title", "body"]
    date_hierarchy = "created_at"


@admin.register(AdvertiserReply)
class AdvertiserReplyAdmin(ReadOnlyTextAdmin):
    list_display = ["created_at", "advertiser", "author", "review", "status"]
    list_filter = ["status"]
    list_select_related = ["advertiser", "author", "review"]
    search_fields = ["advertiser__name", "author__pseudo", "body"]
