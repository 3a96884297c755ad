from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView

from events.sitemaps import SITEMAPS

from . import views

# Django admin's login goes through allauth: rate-limited like every other login.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Administration de Billetnet"
admin.site.site_title = "Billetnet"

site_patterns = (
    [
        path("faq/", views.FaqView.as_view(), name="faq"),
        path("contact/", views.contact, name="contact"),
        path(
            "mentions-legales/",
            TemplateView.as_view(template_name="billetnet/mentions_legales.html"),
            name="mentions-legales",
        ),
        path(
            "confidentialite/",
            TemplateView.as_view(template_name="billetnet/confidentialite.html"),
            name="confidentialite",
        ),
        path("cookies/", views.cookie_preferences, name="cookies"),
        path("petites-annonces/", views.petites_annonces_gone, name="petites-annonces"),
        re_path(r"^petites-annonces/(?P<path>.+)$", views.petites_annonces_gone),
        path("robots.txt", views.robots_txt, name="robots"),
        path("healthz", views.healthz, name="healthz"),
    ],
    "billetnet",
)

urlpatterns = [
    path("", include(site_patterns)),
    path("", include("events.urls")),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("comptes/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("", include("reviews.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
