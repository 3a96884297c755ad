from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("mon-espace/", views.EspaceView.as_view(), name="espace"),
    path("mon-espace/profil/", views.ProfileEditView.as_view(), name="profile-edit"),
    path("membres/<str:pseudo>/", views.ProfileView.as_view(), name="profile"),
]
