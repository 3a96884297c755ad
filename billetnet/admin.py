from django.contrib import admin

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "service", "name", "email", "created_at", "mailed_at"]
    list_filter = ["service", "created_at"]
    search_fields = ["subject", "name", "email", "body"]
    date_hierarchy = "created_at"
    readonly_fields = ["service", "name", "email", "subject", "body", "created_at", "mailed_at"]

    def has_add_permission(self, request):
        return False
