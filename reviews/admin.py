from django.contrib import admin

from moderation.admin import MemberTextAdmin

from .models import AdvertiserReply, Review


@admin.register(Review)
class ReviewAdmin(MemberTextAdmin):
    list_display = ["created_at", "event", "author", "rating", "status", "helpful_count"]
    list_filter = ["status", "rating", "booked_via_billetnet"]
    list_select_related = ["event", "author"]
    search_fields = ["author__pseudo", "event__title", "title", "body"]
    date_hierarchy = "created_at"


@admin.register(AdvertiserReply)
class AdvertiserReplyAdmin(MemberTextAdmin):
    list_display = ["created_at", "advertiser", "author", "review", "status"]
    list_filter = ["status"]
    list_select_related = ["advertiser", "author", "review"]
    search_fields = ["advertiser__name", "author__pseudo", "body"]
