from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.RulesView.as_view(), name="rules"),
    path("signaler/<slug:kind>/<int:pk>/", views.ReportView.as_view(), name="report"),
    path("mon-espace/moderation/", views.NoticeListView.as_view(), name="notices"),
]
