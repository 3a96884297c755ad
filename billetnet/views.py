"""Site-wide pages: FAQ, contact, legal pages,
cookie choices, the petites annonces tombstone, robots.txt and the health check."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import TemplateView

from . import consent
from .faq import FAQ_ENTRIES, FAQ_UPDATED
from .forms import ContactForm
from .ratelimit import client_key, rate_limit_hit
from .services import contact_message_submit


class FaqView(TemplateView):
    template_name = "billetnet/faq.html"
    extra_context = {"entries": FAQ_ENTRIES, "updated": FAQ_UPDATED}


@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "GET":
        return render(request, "billetnet/contact.html", {"form": ContactForm()})

    form = ContactForm(request.POST)
    if not form.is_valid():
        return render(request, "billetnet/contact.html", {"form": form}, status=400)
    allowed = rate_limit_hit(
        action="contact",
        key=client_key(request),
        limit=settings.CONTACT_RATE_LIMIT_PER_HOUR,
        period=3600,
    )
    if not allowed:
        form.add_error(
            None,
            "Vous avez envoyé beaucoup de messages en peu de temps. Votre message n'a pas été "
            "envoyé : réessayez dans une heure (votre texte est conservé ci-dessous).",
        )
        return render(request, "billetnet/contact.html", {"form": form}, status=429)
    data = form.cleaned_data
    contact_message_submit(
        service=data["service"],
        name=data["name"],
        email=data["email"],
        subject=data["subject"],
        body=data["body"],
    )
    messages.success(
        request,
        "Merci, votre message a bien été envoyé. Le service concerné vous répondra par e-mail.",
    )
    return redirect("billetnet:contact")


def _posted_from_this_site(request) -> bool:
    """CSRF defence by the browser's own headers (OWASP: verify the origin).

    Browsers send `Origin` with every POST (and `Sec-Fetch-Site`); a form posted
    from another site names that site. Used where a token cannot be: the cookie
    banner is part of pages cached whole for every anonymous visitor.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site and fetch_site not in {"same-origin", "none"}:
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    origin = f"{parts.scheme}://{parts.netloc}"
    this_site = f"{request.scheme}://{request.get_host()}"
    return origin == this_site or origin in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cookie_preferences(request):
    """« Gérer les cookies »: the banner's buttons and the footer link both end here."""
    if request.method == "POST":
        if not _posted_from_this_site(request):
            return render(request, "403_csrf.html", status=403)
        choice = request.POST.get("choix")
        if choice == "tout-accepter":
            accepted = set(consent.CATEGORIES)
        elif choice == "tout-refuser":
            accepted = set()
        else:
            accepted = set(request.POST.getlist("categories")) & set(consent.CATEGORIES)
        if request.headers.get("X-Requested-With") == "fetch":
            response = HttpResponse(status=204)
        else:
            messages.success(request, "Vos choix de cookies ont été enregistrés.")
            response = redirect("billetnet:cookies")
        request._cookie_consent_updated = consent.consent_set(response, accepted=accepted)
        return response
    return render(
        request,
        "billetnet/cookies.html",
        {"categories": consent.CATEGORIES, "optional_cookies": consent.OPTIONAL_COOKIES},
    )


def petites_annonces_gone(request, path=""):
    """The petites annonces service was removed on 14 February 2020 (FAQ 15)."""
    return render(request, "billetnet/petites_annonces_gone.html", status=410)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comptes/",
        "Disallow: /mon-espace/",
        "Disallow: /cookies/",
        "Disallow: /evenements/*/reserver/",
        "Disallow: /recherche/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
