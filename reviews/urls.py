from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("evenements/<slug:slug>/critique/", views.ReviewCreateView.as_view(), name="create"),
    path("critiques/<int:pk>/", views.ReviewDetailView.as_view(), name="detail"),
    path("critiques/<int:pk>/modifier/", views.ReviewEditView.as_view(), name="edit"),
    path("critiques/<int:pk>/supprimer/", views.ReviewDeleteView.as_view(), name="delete"),
    path("critiques/<int:pk>/utile/", views.ReviewVoteView.as_view(), name="vote"),
    path("critiques/<int:pk>/reponse/", views.ReplyView.as_view(), name="reply"),
    path(
        "critiques/<int:pk>/reponse/supprimer/",
        views.ReplyDeleteView.as_view(),
        name="reply-delete",
    ),
    path("membres/<str:pseudo>/critiques/", views.MemberReviewsView.as_view(), name="member"),
    path("mon-espace/critiques/", views.MyReviewsView.as_view(), name="mine"),
]
