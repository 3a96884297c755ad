"""A fixed little catalogue for the search tests, dated around a fixed Wednesday noon."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from events.models import Event, Showtime
from events.services import event_showtime_bounds_refresh, search_lexicon_refresh
from events.tests.factories import AdvertiserFactory, ArtistFactory, VenueFactory, category


def fixed_now() -> datetime.datetime:
    """Next Wednesday (at least a day away) at noon, Paris time."""
    today = timezone.localdate()
    days = (2 - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def day_at(now, days: int, hour: int = 20, minute: int = 0) -> datetime.datetime:
    day = timezone.localtime(now).date() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def months_ahead(now, months: int) -> tuple[int, int]:
    """(year, month) `months` after the month of `now`."""
    today = timezone.localtime(now).date()
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def in_month(now, months: int, day: int, hour: int = 20) -> datetime.datetime:
    year, month = months_ahead(now, months)
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


# The months the dated cases talk about: far enough not to meet the other events.
GALA_MONTHS_AHEAD = 3
FESTIVAL_MONTHS_AHEAD = 5


def build_catalogue(now):
    venues = {
        "lyon": VenueFactory(name="Comédie de Lyon", slug="comedie-lyon", city="Lyon"),
        "celestins": VenueFactory(
            name="Théâtre des Célestins", slug="celestins", city="Lyon", postal_code="69002"
        ),
        "rond-point": VenueFactory(
            name="Théâtre du Rond-Point", slug="rond-point", city="Paris", postal_code="75008"
        ),
        "pleyel": VenueFactory(name="Salle Pleyel", slug="pleyel", city="Paris"),
        "bordeaux": VenueFactory(name="Opéra de Bordeaux", slug="opera-bordeaux", city="Bordeaux"),
        "avignon": VenueFactory(name="Palais des Papes", slug="palais-papes", city="Avignon"),
        "nantes": VenueFactory(name="Le Grand Chapiteau", slug="chapiteau", city="Nantes"),
        "saint-etienne": VenueFactory(
            name="Grand Théâtre", slug="grand-theatre-se", city="Saint-Étienne"
        ),
    }
    artists = {
        name: ArtistFactory(name=name, slug=slug)
        for name, slug in [
            ("Molière", "moliere"),
            ("William Shakespeare", "shakespeare"),
            ("Wolfgang Amadeus Mozart", "mozart"),
            ("Piotr Ilitch Tchaïkovski", "tchaikovski"),
            ("Camille Renaud", "camille-renaud"),
            ("Edmond Rostand", "rostand"),
        ]
    }
    advertiser = AdvertiserFactory(name="Productions du Rhône", slug="productions-rhone")

    def make(title, cat, venue, starts, *, artist=None, tags=(), summary="", **fields):
        event = Event.objects.create(
            title=title,
            slug=slugify(title),
            category=category(cat),
            advertiser=advertiser,
            venue=venues[venue],
            summary=summary or f"{title}, une soirée à ne pas manquer.",
            booking_url="https://billetterie.example.org/",
            status=Event.Status.PUBLISHED,
            **fields,
        )
        for start in starts:
            Showtime.objects.create(event=event, starts_at=start)
        if artist:
            event.credits.create(artist=artists[artist], role="texte")
        for tag in tags:
            event.tags.add(Tag.objects.get_or_create(name=tag, defaults={"slug": tag})[0])
        event_showtime_bounds_refresh(event=event, now=now)
        return event

    saturday = 3  # days from the fixed Wednesday
    make(
        "Le Malade imaginaire",
        "theatre",
        "lyon",
        [day_at(now, 10)],
        artist="Molière",
        summary="La dernière comédie de Molière, avec Argan et sa servante Toinette.",
    )
    make(
        "L'Avare",
        "theatre",
        "rond-point",
        [day_at(now, 3)],
        artist="Molière",
        summary="Harpagon et sa cassette : une comédie sur l'argent.",
    )
    make(
        "Tartuffe",
        "theatre",
        "saint-etienne",
        [day_at(now, 20)],
        artist="Molière",
        summary="L'imposteur dévot qui s'installe chez Orgon.",
    )
    make(
        "Les Fourberies de Scapin",
        "theatre",
        "lyon",
        [day_at(now, -30)],
        artist="Molière",
        summary="Scapin, valet rusé, mène le jeu.",
    )
    make(
        "Hamlet",
        "theatre",
        "rond-point",
        [day_at(now, 5)],
        artist="William Shakespeare",
        summary="Le prince du Danemark et son fantôme.",
    )
    make(
        "Roméo et Juliette",
        "theatre",
        "avignon",
        [in_month(now, FESTIVAL_MONTHS_AHEAD, 12)],
        artist="William Shakespeare",
        summary="Les amants de Vérone, en plein air.",
    )
    make(
        "Le Songe d'une nuit d'été",
        "theatre",
        "bordeaux",
        [day_at(now, 40)],
        artist="William Shakespeare",
        summary="Fées et amoureux dans la forêt.",
    )
    make(
        "Cyrano de Bergerac",
        "festivals",
        "avignon",
        [in_month(now, FESTIVAL_MONTHS_AHEAD, 18)],
        artist="Edmond Rostand",
        summary="Le panache de Cyrano au festival.",
    )
    make(
        "Soirée jazz au Hot Club",
        "concerts",
        "lyon",
        [day_at(now, saturday, 21)],
        tags=["jazz"],
        summary="Un quartet swing pour une soirée de jazz.",
    )
    make(
        "Jazz manouche",
        "concerts",
        "celestins",
        [day_at(now, 15)],
        tags=["jazz"],
        summary="Guitares manouches et violon.",
    )
    make(
        "Nuit du jazz",
        "concerts",
        "pleyel",
        [day_at(now, saturday, 20)],
        tags=["jazz"],
        summary="Big band et invités.",
    )
    make(
        "Concert de gala",
        "concerts",
        "bordeaux",
        [in_month(now, GALA_MONTHS_AHEAD, 22)],
        summary="Le chœur et l'orchestre de l'Opéra.",
    )
    make(
        "Le Lac des cygnes",
        "danse",
        "pleyel",
        [in_month(now, GALA_MONTHS_AHEAD, 27)],
        artist="Piotr Ilitch Tchaïkovski",
        summary="Le ballet des cygnes blancs.",
    )
    make(
        "Pinocchio",
        "enfants",
        "lyon",
        [day_at(now, saturday, 15)],
        min_age=5,
        age_advice="dès 5 ans",
        summary="Un spectacle pour les enfants dès 5 ans.",
    )
    make(
        "Contes du grenier",
        "enfants",
        "nantes",
        [day_at(now, saturday + 1, 11)],
        min_age=4,
        summary="Un spectacle de contes pour les enfants.",
    )
    make("Cirque Plume", "cirque", "nantes", [day_at(now, 8)], summary="Acrobates et poésie.")
    make("Cirque d'hiver", "cirque", "pleyel", [day_at(now, 9)], summary="Clowns et trapèze.")
    make(
        "Les Zygomatiques",
        "humour",
        "celestins",
        [day_at(now, 0, 21)],
        summary="Stand-up et improvisation.",
    )
    make(
        "Concert symphonique",
        "musique-classique",
        "pleyel",
        [day_at(now, 1)],
        summary="Un grand orchestre joue Beethoven.",
    )
    make(
        "La Flûte enchantée",
        "opera",
        "bordeaux",
        [day_at(now, 12)],
        artist="Wolfgang Amadeus Mozart",
        summary="Tamino et Papageno à l'Opéra.",
    )
    make(
        "Atelier d'écriture",
        "loisirs",
        "lyon",
        [day_at(now, 6)],
        artist="Camille Renaud",
        summary="Écrire une scène en deux heures.",
    )
    search_lexicon_refresh()
