from django.urls import path

from . import advertiser_stats, advertiser_urls, feeds, ical, views

app_name = "events"

urlpatterns = [
    # The busiest address of the site first: Django tries the patterns in order.
    path("evenements/<slug:slug>/reserver/", views.book, name="book"),
    path("", views.HomeView.as_view(), name="home"),
    path("evenements/", views.EventListView.as_view(), name="list"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("recherche/suggestions/", views.search_suggestions, name="suggest"),
    path("evenements/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("rubriques/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("villes/<slug:city>/", views.CityView.as_view(), name="city"),
    path("lieux/<slug:slug>/", views.VenueView.as_view(), name="venue"),
    path("annonceurs/<slug:slug>/", views.AdvertiserView.as_view(), name="advertiser"),
    path("artistes/<slug:slug>/", views.ArtistView.as_view(), name="artist"),
    path(
        "espace-annonceur/<slug:advertiser>/statistiques/",
        advertiser_stats.StatisticsView.as_view(),
        name="space-statistics",
    ),
    path(
        "espace-annonceur/<slug:advertiser>/statistiques.csv",
        advertiser_stats.StatisticsCsvView.as_view(),
        name="space-statistics-csv",
    ),
    # Machine-readable views (feeds, .ics, sitemap) are added below.
    path("rubriques/<slug:slug>/flux.atom", feeds.CategoryFeed(), name="feed-category"),
    path("villes/<slug:city>/flux.atom", feeds.CityFeed(), name="feed-city"),
    path("evenements/<slug:slug>/agenda.ics", ical.event_ics, name="ics"),
    *advertiser_urls.urlpatterns,
]
