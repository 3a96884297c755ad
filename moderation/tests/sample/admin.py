from django.contrib import admin

from moderation.admin import MemberTextAdmin

from .models import SampleText


@admin.register(SampleText)
class SampleTextAdmin(MemberTextAdmin):
    list_display = ["pk", "author", "status"]
