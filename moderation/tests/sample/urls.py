from django.urls import path

from billetnet.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("exemples/nouveau/", views.SampleTextCreateView.as_view(), name="sample-create"),
    path("exemples/<int:pk>/", views.SampleTextDetailView.as_view(), name="sample-detail"),
    *site_urlpatterns,
]
