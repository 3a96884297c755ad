"""L'espace annonceur's addresses, included in events/urls.py (namespace `events`)."""

from django.urls import path

from . import advertiser_views as views

SPACE = "espace-annonceur/<slug:advertiser>/"
EVENT = f"{SPACE}evenements/<slug:event>/"

urlpatterns = [
    path("espace-annonceur/", views.SpaceHomeView.as_view(), name="space-home"),
    path("espace-annonceur/demande/", views.ApplicationCreateView.as_view(), name="space-apply"),
    path(SPACE, views.DashboardView.as_view(), name="space-dashboard"),
    path(f"{SPACE}evenements/nouveau/", views.EventCreateView.as_view(), name="space-event-create"),
    path(f"{EVENT}modifier/", views.EventEditView.as_view(), name="space-event-edit"),
    path(f"{EVENT}annuler/", views.EventCancelView.as_view(), name="space-event-cancel"),
    path(f"{EVENT}dupliquer/", views.EventDuplicateView.as_view(), name="space-event-duplicate"),
    path(f"{EVENT}seances/", views.ShowtimesView.as_view(), name="space-showtimes"),
    path(f"{SPACE}membres/", views.MembersView.as_view(), name="space-members"),
    path(
        f"{SPACE}membres/<int:membership>/retirer/",
        views.MemberRemoveView.as_view(),
        name="space-member-remove",
    ),
]
