"""The demo catalogue: a plausible French programme for `make run`, and a large one for benchmarks.

Everything is invented: venues, advertisers, artists, addresses, telephone numbers (in the
ranges ARCEP keeps for fiction) and web addresses (on the reserved `example` domains). Only
the classics and the long-dead authors, composers and painters behind them are real.

Two ways to build it, both idempotent:

- `catalogue_seed()` (a few hundred events, the default 300): every event goes through the
  ORM and the catalogue's services (bounds, posters drawn with Pillow), in one transaction.
- `catalogue_seed_bulk()` (up to hundreds of thousands): `bulk_create` in batches, one
  transaction per batch, a small pool of drawn posters shared by every event.

Each event is planned from `random.Random(f"{seed}:{index}")`, so a catalogue is reproducible
and an interrupted bulk run resumes where it stopped. Dates are relative to the day it runs:
showtimes from three months ago to six months ahead.
"""

import datetime
import random
import time
import unicodedata
import zlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from taggit.models import Tag, TaggedItem

from .models import Advertiser, Artist, Category, Credit, Event, Showtime, Venue
from .services import (
    catalogue_changed,
    event_poster_set,
    event_showtime_bounds_refresh,
    events_next_showtime_refresh,
    search_horizon_refresh,
)

DEMO_EVENTS = 300
DEFAULT_SEED = 1680
BULK_THRESHOLD = 1000
BULK_BATCH_SIZE = 2000
POSTER_POOL_SIZE = 48
DAYS_BEFORE = 91
DAYS_AFTER = 183

Progress = Callable[[int, int], None]


def _words(text: str) -> list[str]:
    """A word list written compactly: « a|b|c »."""
    return text.split("|")


# --- Places ------------------------------------------------------------------------------

# City: (latitude, longitude, telephone prefix in ARCEP's range for fiction, river or shore).
CITIES = {
    "Paris": (48.8566, 2.3522, "01 99 00", "la Seine"),
    "Lyon": (45.7640, 4.8357, "04 65 71", "la Saône"),
    "Marseille": (43.2965, 5.3698, "04 65 71", "la rade"),
    "Toulouse": (43.6047, 1.4442, "05 36 49", "la Garonne"),
    "Bordeaux": (44.8378, -0.5792, "05 36 49", "la Garonne"),
    "Lille": (50.6292, 3.0573, "03 53 01", "la Deûle"),
    "Nantes": (47.2184, -1.5536, "02 61 91", "la Loire"),
    "Strasbourg": (48.5734, 7.7521, "03 53 01", "l'Ill"),
    "Montpellier": (43.6108, 3.8767, "04 65 71", "le Lez"),
    "Nice": (43.7102, 7.2620, "04 65 71", "la baie des Anges"),
    "Rennes": (48.1173, -1.6778, "02 61 91", "la Vilaine"),
    "Avignon": (43.9493, 4.8055, "04 65 71", "le Rhône"),
}

# (name, kind, capacity, address, postal code, city)
VENUES = [
    ("Théâtre des Deux Rives", "theatre", 720, "18 boulevard Saint-Martin", "75010", "Paris"),
    ("Le Petit Théâtre de la Butte", "theatre", 140, "7 rue des Abbesses", "75018", "Paris"),
    ("Comédie des Batignolles", "cafe-theatre", 220, "42 rue des Dames", "75017", "Paris"),
    ("La Rotonde Électrique", "salle", 1400, "120 boulevard de la Villette", "75019", "Paris"),
    ("Opéra du Canal", "opera", 1100, "64 quai de Valmy", "75010", "Paris"),
    ("Musée des Arts et Lumières", "musee", 600, "15 rue de Sévigné", "75004", "Paris"),
    ("Dôme de Paris-Est", "arena", 5200, "211 avenue Jean-Jaurès", "75019", "Paris"),
    ("Chapiteau des Lilas", "chapiteau", 800, "2 avenue Debidour", "75019", "Paris"),
    ("Théâtre des Pentes", "theatre", 380, "9 montée de la Grande-Côte", "69001", "Lyon"),
    ("Auditorium des Brotteaux", "auditorium", 1800, "47 boulevard des Brotteaux", "69006", "Lyon"),
    ("La Halle Gerland", "salle", 2000, "288 avenue Jean-Jaurès", "69007", "Lyon"),
    ("Café-théâtre du Vieux-Lyon", "cafe-theatre", 120, "23 rue Saint-Jean", "69005", "Lyon"),
    ("Galerie des Canuts", "musee", 300, "12 rue d'Austerlitz", "69004", "Lyon"),
    ("Théâtre du Vieux-Port", "theatre", 540, "30 quai de Rive-Neuve", "13007", "Marseille"),
    ("Le Hangar 13", "salle", 1600, "41 boulevard de Paris", "13002", "Marseille"),
    (
        "Stade de la Pointe-Rouge",
        "stade",
        8000,
        "100 avenue de la Pointe-Rouge",
        "13008",
        "Marseille",
    ),
    ("Espace culturel du Panier", "centre", 250, "8 rue du Panier", "13002", "Marseille"),
    ("Théâtre de la Brique Rose", "theatre", 450, "21 rue des Filatiers", "31000", "Toulouse"),
    (
        "Auditorium Saint-Cyprien",
        "auditorium",
        1100,
        "5 place Intérieure-Saint-Cyprien",
        "31300",
        "Toulouse",
    ),
    (
        "Palais des Sports des Minimes",
        "arena",
        4200,
        "18 boulevard de l'Embouchure",
        "31200",
        "Toulouse",
    ),
    ("Théâtre des Chartrons", "theatre", 400, "52 quai des Chartrons", "33000", "Bordeaux"),
    ("Hangar des Bassins", "salle", 2500, "12 quai Armand-Lalande", "33300", "Bordeaux"),
    ("Galerie de la Bourse maritime", "musee", 400, "1 place Lainé", "33000", "Bordeaux"),
    ("Théâtre du Vieux-Lille", "theatre", 350, "11 rue de la Monnaie", "59800", "Lille"),
    ("La Filature du Nord", "salle", 1200, "60 rue de Wazemmes", "59000", "Lille"),
    ("Stade des Flandres", "stade", 12000, "200 avenue du Peuple-Belge", "59800", "Lille"),
    ("Théâtre de l'Île", "theatre", 600, "3 quai François-Mitterrand", "44200", "Nantes"),
    ("Chapiteau des Nefs", "chapiteau", 1500, "4 boulevard Léon-Bureau", "44200", "Nantes"),
    ("Scène du Jardin", "plein-air", 900, "1 rue Stanislas-Baudry", "44000", "Nantes"),
    (
        "Théâtre de la Petite France",
        "theatre",
        300,
        "4 rue du Bain-aux-Plantes",
        "67000",
        "Strasbourg",
    ),
    (
        "Auditorium de la Neustadt",
        "auditorium",
        1300,
        "10 avenue de la Liberté",
        "67000",
        "Strasbourg",
    ),
    ("Musée de l'Ill", "musee", 350, "2 quai des Bateliers", "67000", "Strasbourg"),
    ("Théâtre lyrique de l'Écusson", "opera", 800, "6 rue de l'Université", "34000", "Montpellier"),
    (
        "Chapiteau des Garrigues",
        "chapiteau",
        1000,
        "90 avenue Albert-Einstein",
        "34000",
        "Montpellier",
    ),
    ("Théâtre de la Promenade", "theatre", 500, "45 promenade des Anglais", "06000", "Nice"),
    ("Opéra de la Baie", "opera", 950, "4 rue Saint-François-de-Paule", "06300", "Nice"),
    ("Théâtre des Lices", "theatre", 420, "2 place des Lices", "35000", "Rennes"),
    ("La Cale Électrique", "salle", 900, "14 quai Saint-Cyr", "35000", "Rennes"),
    ("Théâtre des Remparts", "theatre", 260, "33 rue des Lices", "84000", "Avignon"),
    ("Cour du Vieux-Moulin", "plein-air", 700, "27 rue Carreterie", "84000", "Avignon"),
]

# Which kinds of venue host which rubrique.
CATEGORY_VENUE_KINDS = {
    "theatre": ("theatre", "cafe-theatre", "centre"),
    "concerts": ("salle", "auditorium", "arena", "plein-air"),
    "enfants": ("theatre", "centre", "chapiteau", "cafe-theatre"),
    "humour": ("cafe-theatre", "theatre", "salle"),
    "danse": ("theatre", "opera", "auditorium", "salle"),
    "opera": ("opera", "auditorium", "theatre"),
    "musique-classique": ("auditorium", "opera", "theatre"),
    "cirque": ("chapiteau", "theatre", "plein-air"),
    "expositions": ("musee", "centre"),
    "festivals": ("plein-air", "salle", "stade", "chapiteau"),
    "loisirs": ("musee", "centre", "plein-air", "theatre"),
    "sports": ("arena", "stade"),
}

ACCESSIBILITY_NOTES = [
    "Places pour fauteuils roulants au premier rang : signalez-vous à la billetterie en réservant.",
    "Ascenseur à l'entrée principale ; toilettes adaptées au rez-de-chaussée.",
    "Boucle magnétique en salle ; programmes en gros caractères sur demande.",
    "Accès de plain-pied par l'entrée des artistes, ouverte une demi-heure avant le début.",
    "",
]

# --- Advertisers ---------------------------------------------------------------------------

# (name, kind, verified, rubriques). A « salle » publishes at the venue of the same name.
ADVERTISERS = [
    ("Théâtre des Deux Rives", "salle", True, ()),
    ("Le Petit Théâtre de la Butte", "salle", False, ()),
    ("Comédie des Batignolles", "salle", True, ()),
    ("La Rotonde Électrique", "salle", True, ()),
    ("Opéra du Canal", "salle", True, ()),
    ("Théâtre des Pentes", "salle", True, ()),
    ("Café-théâtre du Vieux-Lyon", "salle", False, ()),
    ("Théâtre du Vieux-Port", "salle", True, ()),
    ("Théâtre de la Brique Rose", "salle", True, ()),
    ("Théâtre des Chartrons", "salle", False, ()),
    ("Théâtre du Vieux-Lille", "salle", True, ()),
    ("Théâtre de l'Île", "salle", True, ()),
    ("Théâtre de la Petite France", "salle", True, ()),
    ("Théâtre des Remparts", "salle", False, ()),
    ("Productions du Grand Large", "production", True, ("theatre", "humour")),
    ("Rive Gauche Spectacles", "production", True, ("theatre", "humour", "enfants")),
    ("Bleu Nuit Productions", "production", True, ("concerts", "festivals")),
    ("Horizon Live", "production", False, ("concerts", "humour")),
    ("Tandem Spectacles", "production", True, ("danse", "cirque", "enfants")),
    ("Atelier Lumière Productions", "production", True, ("opera", "musique-classique", "danse")),
    ("Scènes d'Ici", "production", False, ("theatre", "enfants")),
    ("Azimut Productions", "production", True, ("concerts", "cirque", "humour")),
    ("Compagnie des Sentiers", "artiste", True, ("theatre",)),
    ("Compagnie Fil d'Ariane", "artiste", False, ("theatre", "enfants")),
    ("Compagnie du Petit Matin", "artiste", True, ("enfants",)),
    ("Collectif Les Insomniaques", "artiste", False, ("theatre", "humour")),
    ("Compagnie Pas de Côté", "artiste", True, ("danse",)),
    ("Cirque des Vents Contraires", "artiste", True, ("cirque",)),
    ("Ensemble Aubépine", "artiste", True, ("musique-classique",)),
    ("Trio Mistral", "artiste", False, ("concerts",)),
    ("Compagnie lyrique des Quais", "artiste", False, ("opera",)),
    ("Association Les Échappées", "organisateur", True, ("festivals",)),
    ("Rue Libre", "organisateur", False, ("festivals", "cirque", "loisirs")),
    ("Les Balades du Patrimoine", "organisateur", True, ("loisirs", "expositions")),
    ("Grand Sud Événements sportifs", "organisateur", True, ("sports",)),
    ("Nord Sport Organisation", "organisateur", False, ("sports",)),
    ("Salons & Saveurs", "organisateur", True, ("loisirs",)),
    ("Musiques en Ville", "organisateur", True, ("concerts", "festivals", "musique-classique")),
    ("Jeunesse en Scène", "organisateur", True, ("enfants", "festivals")),
    ("Expo Horizons", "organisateur", True, ("expositions",)),
]
ADVERTISER_SLUGS = [slugify(name) for name, *_ in ADVERTISERS]

ADVERTISER_DESCRIPTIONS = {
    "salle": "Une salle de {city} qui programme toute l'année théâtre, musique et jeune public, "
    "avec une billetterie ouverte du mardi au samedi.",
    "production": "Société de production et de diffusion de spectacles vivants, en tournée "
    "dans toute la France.",
    "artiste": "Une équipe artistique indépendante qui crée et fait tourner ses spectacles "
    "depuis plus de dix ans.",
    "organisateur": "Organisateur d'événements culturels et sportifs, au plus près des publics.",
}

TICKETING_HOSTS = (
    "billetterie.example.org",
    "tickets.example.com",
    "reservation.example.net",
    "guichet.example.org",
)

# --- Artists (all invented, except the dead authors, composers and painters) ----------------

FIRST_NAMES_F = _words(
    "Agathe|Albane|Anouk|Apolline|Aurore|Bérénice|Blanche|Capucine|Clémence|Clotilde|"
    "Colette|Daphné|Éloïse|Elsa|Faustine|Garance|Héloïse|Inès|Iris|Joséphine|Judith|Léonie|"
    "Lison|Louise|Maëlle|Margaux|Mathilde|Mélisande|Nine|Odile|Ophélie|Pauline|Rose|Salomé|"
    "Solène|Suzanne|Violette|Yasmine|Zélie|Ysé"
)
FIRST_NAMES_M = _words(
    "Achille|Adrien|Aristide|Augustin|Barnabé|Basile|Bastien|Célestin|Corentin|Damien|"
    "Édouard|Élias|Émile|Étienne|Félix|Gaspard|Gauthier|Hippolyte|Jules|Lazare|Léandre|"
    "Lucien|Malo|Marius|Maxence|Octave|Pacôme|Raphaël|Rémi|Sacha|Samuel|Séraphin|Simon|"
    "Tancrède|Théophile|Timothée|Valentin|Ulysse|Yanis|Anatole"
)
LAST_NAMES = _words(
    "Aubrac|Bellanger|Berthelot|Castagnier|Delorme|Desforges|Dumoulin|Esquirol|Fontanel|"
    "Gallois|Guérande|Hardouin|Jaubert|Joubertin|Lacombe|Lafargue|Lambertin|Larrieu|"
    "Lemarchal|Lescure|Marchadier|Marsac|Mauduit|Mazerolles|Montel|Morvan|Navarre|Ollivier|"
    "Peyrac|Pradel|Quéméner|Rambaud|Roussel|Sablon|Saint-Clair|Sorel|Tessier|Thibaudeau|"
    "Valmont|Vasseur|Verdier|Vidalenc|Abadie|Beaulieu|Cazenave|Coste|Daguerre|Delattre|"
    "Estrade|Ferrand|Gaudin|Guillemot|Hébrard|Jolivet|Kerbrat|Labarthe|Le Floch|Loiseau|"
    "Malaval|Mercadier|Nodier|Parmentier|Chassagne|Aubertin|Brossard|Carrel|Dufresne|"
    "Fauconnet|Gervais|Lagarde|Mainville|Perrochon|Rivaud|Segonzac|Trémolières|Vautrin"
)

# Specialty: (how many, bio if female, bio if male).
SPECIALTIES = {
    "comedien": (
        52,
        "Comédienne formée au conservatoire de {city}, elle joue aussi bien les classiques "
        "que les écritures d'aujourd'hui.",
        "Comédien formé au conservatoire de {city}, il joue aussi bien les classiques que les "
        "écritures d'aujourd'hui.",
    ),
    "metteur": (
        16,
        "Metteuse en scène, elle dirige sa compagnie depuis quinze ans et a signé une "
        "vingtaine de spectacles.",
        "Metteur en scène, il dirige sa compagnie depuis quinze ans et a signé une vingtaine "
        "de spectacles.",
    ),
    "auteur": (
        10,
        "Autrice de théâtre, ses pièces sont traduites et jouées en France comme à l'étranger.",
        "Auteur de théâtre, ses pièces sont traduites et jouées en France comme à l'étranger.",
    ),
    "musicien": (
        16,
        "Autrice-compositrice-interprète, elle revient avec un nouvel album enregistré à {city}.",
        "Auteur-compositeur-interprète, il revient avec un nouvel album enregistré à {city}.",
    ),
    "chef": (
        8,
        "Cheffe d'orchestre, elle est invitée par les formations symphoniques de toute l'Europe.",
        "Chef d'orchestre, il est invité par les formations symphoniques de toute l'Europe.",
    ),
    "lyrique": (
        14,
        "Soprano, elle a chanté les grands rôles du répertoire français et italien.",
        "Baryton, il a chanté les grands rôles du répertoire français et italien.",
    ),
    "soliste": (
        10,
        "Pianiste, premier prix du conservatoire de {city}, elle se produit en récital et en "
        "musique de chambre.",
        "Violoncelliste, premier prix du conservatoire de {city}, il se produit en récital et "
        "en musique de chambre.",
    ),
    "danseur": (
        14,
        "Danseuse passée par le ballet de {city}, elle travaille aujourd'hui avec les "
        "chorégraphes de la nouvelle génération.",
        "Danseur passé par le ballet de {city}, il travaille aujourd'hui avec les "
        "chorégraphes de la nouvelle génération.",
    ),
    "choregraphe": (
        8,
        "Chorégraphe, elle mêle danse contemporaine, hip-hop et arts plastiques.",
        "Chorégraphe, il mêle danse contemporaine, hip-hop et arts plastiques.",
    ),
    "circassien": (
        10,
        "Acrobate et voltigeuse, elle a grandi sous les chapiteaux avant de fonder sa troupe.",
        "Jongleur et acrobate, il a grandi sous les chapiteaux avant de fonder sa troupe.",
    ),
    "humoriste": (
        16,
        "Humoriste, elle a fait ses débuts sur les scènes ouvertes de {city}.",
        "Humoriste, il a fait ses débuts sur les scènes ouvertes de {city}.",
    ),
    "commissaire": (
        6,
        "Historienne de l'art et commissaire d'exposition.",
        "Historien de l'art et commissaire d'exposition.",
    ),
    "guide": (
        6,
        "Guide-conférencière, elle raconte sa ville depuis vingt ans.",
        "Guide-conférencier, il raconte sa ville depuis vingt ans.",
    ),
    "conteur": (
        6,
        "Conteuse, elle sillonne les écoles, les bibliothèques et les théâtres.",
        "Conteur, il sillonne les écoles, les bibliothèques et les théâtres.",
    ),
}

# Groups are artists too: (name, specialty, bio).
GROUPS = [
    ("Les Frangins Rouges", "groupe", "Rock français, guitares et cuivres."),
    ("Minuit Chrome", "groupe", "Électro-pop nocturne, trois machines et une voix."),
    ("Velours Noir", "groupe", "Blues-rock de caves et de grands espaces."),
    ("Tropique Nord", "groupe", "Musiques du monde, des Caraïbes à la mer du Nord."),
    ("Les Marées Hautes", "groupe", "Chanson folk de bord de mer."),
    ("Brume Électrique", "groupe", "Rock psychédélique en français."),
    ("Paloma Express", "groupe", "Cumbia, rumba et fanfare."),
    ("Les Nuits Fauves", "groupe", "Pop française aux refrains entêtants."),
    ("Kaléidoscope Club", "groupe", "Disco-funk à danser."),
    ("Sauvage Moderne", "groupe", "Post-punk, hurlements et tendresse."),
    ("Les Chats Perchés", "groupe", "Swing manouche et jazz de rue."),
    ("Fanfare des Trois Ponts", "groupe", "Fanfare de rue, quinze musiciens."),
    ("Les Cousins d'Amérique", "groupe", "Country et bluegrass chantés en français."),
    ("Collectif Boréal", "groupe", "Jazz nordique et improvisations."),
    ("Big Band de la Lune", "groupe", "Dix-sept musiciens, le swing des grandes années."),
    ("Trio Mistral", "groupe", "Jazz provençal, piano, contrebasse et batterie."),
    ("Quartet Azur", "groupe", "Jazz modal et compositions originales."),
    ("Ensemble Aubépine", "ensemble", "Ensemble de musique de chambre à géométrie variable."),
    (
        "Orchestre de chambre des Deux Rives",
        "orchestre",
        "Trente musiciens, du baroque à nos jours.",
    ),
    ("Orchestre symphonique Horizon", "orchestre", "Un orchestre de jeunes professionnels."),
    ("Chœur des Voix claires", "ensemble", "Chœur de chambre, seize chanteurs."),
    ("Ensemble baroque Les Heures dorées", "ensemble", "Instruments d'époque et voix."),
    ("Quatuor Aurore", "ensemble", "Quatuor à cordes, lauréat de concours internationaux."),
    ("Troupe Haut Vol", "troupe", "Acrobates, voltigeurs et musiciens en live."),
    ("Les Acrobates du Vent", "troupe", "Cirque aérien et mât chinois."),
    ("Cirque des Vents Contraires", "troupe", "Cirque contemporain sous chapiteau."),
    ("Ligue d'improvisation des Deux Rives", "impro", "Matchs d'impro depuis 1998."),
]

# The dead: (name, specialty). Authors, composers, painters.
CLASSIC_PEOPLE = [
    ("Molière", "classique-auteur"),
    ("Jean Racine", "classique-auteur"),
    ("Pierre Corneille", "classique-auteur"),
    ("Marivaux", "classique-auteur"),
    ("Alfred de Musset", "classique-auteur"),
    ("Victor Hugo", "classique-auteur"),
    ("Beaumarchais", "classique-auteur"),
    ("Edmond Rostand", "classique-auteur"),
    ("Georges Feydeau", "classique-auteur"),
    ("Eugène Labiche", "classique-auteur"),
    ("Anton Tchekhov", "classique-auteur"),
    ("William Shakespeare", "classique-auteur"),
    ("Marcel Pagnol", "classique-auteur"),
    ("Alfred Jarry", "classique-auteur"),
    ("Jules Romains", "classique-auteur"),
    ("Alexandre Dumas", "classique-auteur"),
    ("Jules Verne", "classique-auteur"),
    ("Charles Perrault", "classique-auteur"),
    ("Jacob et Wilhelm Grimm", "classique-auteur"),
    ("Hans Christian Andersen", "classique-auteur"),
    ("Carlo Collodi", "classique-auteur"),
    ("Lewis Carroll", "classique-auteur"),
    ("Wolfgang Amadeus Mozart", "compositeur"),
    ("Giuseppe Verdi", "compositeur"),
    ("Georges Bizet", "compositeur"),
    ("Giacomo Puccini", "compositeur"),
    ("Jacques Offenbach", "compositeur"),
    ("Charles Gounod", "compositeur"),
    ("Claude Debussy", "compositeur"),
    ("Maurice Ravel", "compositeur"),
    ("Ludwig van Beethoven", "compositeur"),
    ("Jean-Sébastien Bach", "compositeur"),
    ("Antonio Vivaldi", "compositeur"),
    ("Frédéric Chopin", "compositeur"),
    ("Franz Schubert", "compositeur"),
    ("Hector Berlioz", "compositeur"),
    ("Camille Saint-Saëns", "compositeur"),
    ("Piotr Ilitch Tchaïkovski", "compositeur"),
    ("Léo Delibes", "compositeur"),
    ("Jules Massenet", "compositeur"),
    ("Gioachino Rossini", "compositeur"),
    ("Igor Stravinsky", "compositeur"),
    ("Sergueï Rachmaninov", "compositeur"),
    ("Gaetano Donizetti", "compositeur"),
    ("Giovanni Battista Pergolèse", "compositeur"),
    ("Adolphe Adam", "compositeur"),
    ("Claude Monet", "peintre"),
    ("Berthe Morisot", "peintre"),
    ("Gustave Caillebotte", "peintre"),
    ("Edgar Degas", "peintre"),
    ("Paul Cézanne", "peintre"),
    ("Henri de Toulouse-Lautrec", "peintre"),
    ("Rosa Bonheur", "peintre"),
    ("Camille Claudel", "peintre"),
    ("Alfons Mucha", "peintre"),
    ("Suzanne Valadon", "peintre"),
    ("Vincent van Gogh", "peintre"),
    ("Henri Matisse", "peintre"),
]

# --- Works and titles -----------------------------------------------------------------------

# (title, author, tag)
THEATRE_CLASSICS = [
    ("Le Misanthrope", "Molière", "comédie"),
    ("Le Tartuffe", "Molière", "comédie"),
    ("L'Avare", "Molière", "comédie"),
    ("Le Malade imaginaire", "Molière", "comédie"),
    ("Les Fourberies de Scapin", "Molière", "comédie"),
    ("Dom Juan", "Molière", "classique"),
    ("L'École des femmes", "Molière", "comédie"),
    ("Le Bourgeois gentilhomme", "Molière", "comédie"),
    ("Les Femmes savantes", "Molière", "comédie"),
    ("Phèdre", "Jean Racine", "tragédie"),
    ("Britannicus", "Jean Racine", "tragédie"),
    ("Bérénice", "Jean Racine", "tragédie"),
    ("Andromaque", "Jean Racine", "tragédie"),
    ("Le Cid", "Pierre Corneille", "tragédie"),
    ("L'Illusion comique", "Pierre Corneille", "classique"),
    ("Le Jeu de l'amour et du hasard", "Marivaux", "comédie"),
    ("Les Fausses Confidences", "Marivaux", "comédie"),
    ("L'Île des esclaves", "Marivaux", "classique"),
    ("On ne badine pas avec l'amour", "Alfred de Musset", "drame"),
    ("Lorenzaccio", "Alfred de Musset", "drame"),
    ("Les Caprices de Marianne", "Alfred de Musset", "drame"),
    ("Ruy Blas", "Victor Hugo", "drame"),
    ("Hernani", "Victor Hugo", "drame"),
    ("Le Mariage de Figaro", "Beaumarchais", "comédie"),
    ("Le Barbier de Séville", "Beaumarchais", "comédie"),
    ("Cyrano de Bergerac", "Edmond Rostand", "classique"),
    ("Un fil à la patte", "Georges Feydeau", "vaudeville"),
    ("Le Dindon", "Georges Feydeau", "vaudeville"),
    ("La Puce à l'oreille", "Georges Feydeau", "vaudeville"),
    ("Un chapeau de paille d'Italie", "Eugène Labiche", "vaudeville"),
    ("La Cerisaie", "Anton Tchekhov", "drame"),
    ("La Mouette", "Anton Tchekhov", "drame"),
    ("Oncle Vania", "Anton Tchekhov", "drame"),
    ("Le Songe d'une nuit d'été", "William Shakespeare", "comédie"),
    ("Roméo et Juliette", "William Shakespeare", "tragédie"),
    ("Hamlet", "William Shakespeare", "tragédie"),
    ("La Nuit des rois", "William Shakespeare", "comédie"),
    ("Marius", "Marcel Pagnol", "comédie"),
    ("Topaze", "Marcel Pagnol", "comédie"),
    ("Ubu roi", "Alfred Jarry", "comédie"),
    ("Knock", "Jules Romains", "comédie"),
    ("Les Trois Mousquetaires", "Alexandre Dumas", "adaptation"),
    ("Le Comte de Monte-Cristo", "Alexandre Dumas", "adaptation"),
    ("Le Tour du monde en 80 jours", "Jules Verne", "adaptation"),
]
THEATRE_NOUNS = _words(
    "La Nuit|Le Silence|Les Heures|La Mémoire|Le Bruit|L'Hiver|Le Jardin|La Traversée|"
    "Les Oiseaux|Le Dernier Été|La Maison|Les Lettres|Le Chant|L'Ombre|La Fureur|Le Voyage|"
    "Les Enfants|La Tempête|Le Bal|La Fête|Les Nuits blanches|Le Banquet|La Promesse|"
    "L'Orage|Les Visiteurs|La Chambre|Le Procès|Les Adieux|La Disparition|Le Retour"
)
THEATRE_COMPLEMENTS = _words(
    "des autres|de minuit|du phare|des sables|sans fin|de nos pères|aux alouettes|"
    "en plein jour|sous la pluie|de la mer|du dimanche|des possibles|d'Antoine|"
    "de Madeleine|en hiver|au bord du monde|des vivants|de la rue Lepic|du bout du quai|"
    "à l'envers|des amants|de la dernière chance|sans témoin|du village"
)
COMEDIES = [
    "Le Dîner des voisins",
    "Un mariage presque parfait",
    "Chambre 12",
    "Belle-Maman débarque",
    "Les Colocataires",
    "Divorce à l'amiable",
    "Le Testament de tonton Jacques",
    "Panique au ministère",
    "Ma femme est une espionne",
    "Le Gendre idéal",
    "Pyjama pour six",
    "Mensonges et Chocolat",
]
CONCERT_TOURS = _words(
    "Tournée Horizons|Nouvel album|Le Grand Retour|Acoustique|Électrique|"
    "Tournée des Grands Espaces|En toute intimité|Vingt ans de scène|Live au théâtre|"
    "Tournée d'adieux|Les Chansons d'hier et de demain|Tournée d'été"
)
CONCERT_GENRES = (
    "chanson française",
    "rock",
    "jazz",
    "électro",
    "pop",
    "musiques du monde",
    "folk",
    "blues",
)
CHILDREN_CLASSICS = [
    ("Le Petit Chaperon rouge", "Charles Perrault"),
    ("Le Chat botté", "Charles Perrault"),
    ("Cendrillon", "Charles Perrault"),
    ("Le Petit Poucet", "Charles Perrault"),
    ("Hansel et Gretel", "Jacob et Wilhelm Grimm"),
    ("Blanche-Neige", "Jacob et Wilhelm Grimm"),
    ("Les Musiciens de Brême", "Jacob et Wilhelm Grimm"),
    ("Le Vilain Petit Canard", "Hans Christian Andersen"),
    ("La Petite Sirène", "Hans Christian Andersen"),
    ("La Reine des neiges", "Hans Christian Andersen"),
    ("Pinocchio", "Carlo Collodi"),
    ("Alice au pays des merveilles", "Lewis Carroll"),
    ("Vingt Mille Lieues sous les mers", "Jules Verne"),
]
CHILDREN_HEROES = _words(
    "Lulu|Gaspard|Zoé|Petit Ours|Mademoiselle Plume|Capitaine Pirouette|Léon le lion|Nina|"
    "Monsieur Bulle|Petite Pomme|Tom Pouce|La Fée Clochette-en-Bois"
)
CHILDREN_THINGS = _words(
    "le dragon bleu|la lune|le grand voyage|la forêt enchantée|les bulles de savon|"
    "l'arbre à musique|la boîte à rêves|le nuage perdu|les étoiles filantes|"
    "le train fantôme|le jardin secret|la baleine à pois"
)
HUMOUR_SHOWS = _words(
    "Presque parfait|Enfin seul|Mode avion|Tout va bien|Ça ira mieux demain|"
    "Rien à déclarer|Plan B|En rodage|Le Grand Débrief|Ma famille et autres catastrophes|"
    "Trop sensible|Vérités et Mensonges|Mise à jour|Sans filtre|"
    "Le Sens de la vie (ou presque)|Premier Degré|Pas de panique|Bientôt quarante ans|"
    "Confessions d'un timide|Hors service"
)
DANCE_BALLETS = [
    ("Le Lac des cygnes", "Piotr Ilitch Tchaïkovski", "ballet"),
    ("Casse-Noisette", "Piotr Ilitch Tchaïkovski", "ballet"),
    ("La Belle au bois dormant", "Piotr Ilitch Tchaïkovski", "ballet"),
    ("Giselle", "Adolphe Adam", "ballet"),
    ("Coppélia", "Léo Delibes", "ballet"),
    ("Le Sacre du printemps", "Igor Stravinsky", "danse contemporaine"),
    ("L'Oiseau de feu", "Igor Stravinsky", "néoclassique"),
    ("Boléro", "Maurice Ravel", "néoclassique"),
]
DANCE_CREATIONS = _words(
    "Gravité|Corps célestes|Battements|Lignes de fuite|Sillages|Échos|Matière vive|Apnée|"
    "Rituel|Horizons verticaux|Le Souffle|Tempo|Sous la peau|Terre battue|"
    "Mouvements premiers|Hip-hop Connexion|Tango de minuit|Flamenco, la nuit|"
    "Battle des quartiers|Vertige des corps"
)
DANCE_GENRES = ("danse contemporaine", "hip-hop", "flamenco", "tango", "néoclassique")
# (title, composer, language)
OPERAS = [
    ("La Traviata", "Giuseppe Verdi", "italien"),
    ("Rigoletto", "Giuseppe Verdi", "italien"),
    ("Aida", "Giuseppe Verdi", "italien"),
    ("Carmen", "Georges Bizet", "français"),
    ("Les Pêcheurs de perles", "Georges Bizet", "français"),
    ("La Flûte enchantée", "Wolfgang Amadeus Mozart", "allemand"),
    ("Les Noces de Figaro", "Wolfgang Amadeus Mozart", "italien"),
    ("Don Giovanni", "Wolfgang Amadeus Mozart", "italien"),
    ("Così fan tutte", "Wolfgang Amadeus Mozart", "italien"),
    ("Tosca", "Giacomo Puccini", "italien"),
    ("La Bohème", "Giacomo Puccini", "italien"),
    ("Madame Butterfly", "Giacomo Puccini", "italien"),
    ("Turandot", "Giacomo Puccini", "italien"),
    ("Faust", "Charles Gounod", "français"),
    ("Les Contes d'Hoffmann", "Jacques Offenbach", "français"),
    ("Orphée aux Enfers", "Jacques Offenbach", "français"),
    ("La Vie parisienne", "Jacques Offenbach", "français"),
    ("La Belle Hélène", "Jacques Offenbach", "français"),
    ("Lakmé", "Léo Delibes", "français"),
    ("Manon", "Jules Massenet", "français"),
    ("Werther", "Jules Massenet", "français"),
    ("Le Barbier de Séville", "Gioachino Rossini", "italien"),
    ("L'Élixir d'amour", "Gaetano Donizetti", "italien"),
    ("Pelléas et Mélisande", "Claude Debussy", "français"),
    ("Samson et Dalila", "Camille Saint-Saëns", "français"),
]
OPERETTAS = {"Orphée aux Enfers", "La Vie parisienne", "La Belle Hélène"}
# (work, composer, tag)
CLASSICAL_WORKS = [
    ("Les Quatre Saisons", "Antonio Vivaldi", "baroque"),
    ("Symphonie n° 9", "Ludwig van Beethoven", "symphonique"),
    ("Symphonie n° 5", "Ludwig van Beethoven", "symphonique"),
    ("Requiem", "Wolfgang Amadeus Mozart", "musique sacrée"),
    ("Symphonie fantastique", "Hector Berlioz", "symphonique"),
    ("Variations Goldberg", "Jean-Sébastien Bach", "piano"),
    ("Suites pour violoncelle seul", "Jean-Sébastien Bach", "récital"),
    ("Messe en si mineur", "Jean-Sébastien Bach", "musique sacrée"),
    ("Concerto pour piano n° 2", "Sergueï Rachmaninov", "symphonique"),
    ("Nocturnes et Ballades", "Frédéric Chopin", "piano"),
    ("Stabat Mater", "Giovanni Battista Pergolèse", "musique sacrée"),
    ("La Jeune Fille et la Mort", "Franz Schubert", "musique de chambre"),
    ("Quintette « La Truite »", "Franz Schubert", "musique de chambre"),
    ("Le Carnaval des animaux", "Camille Saint-Saëns", "musique de chambre"),
    ("Clair de lune et Estampes", "Claude Debussy", "piano"),
    ("Concerto en sol", "Maurice Ravel", "symphonique"),
    ("Symphonie n° 40", "Wolfgang Amadeus Mozart", "symphonique"),
    ("Sonates pour piano", "Ludwig van Beethoven", "récital"),
]
CIRCUS_SHOWS = _words(
    "Haut Vol|Funambules|Apesanteur|Trapèze|Cabaret magique|Le Grand Illusionniste|"
    "Jonglerie sauvage|Magie de près|Équilibres|La Piste aux rêves|Voltige|Chute libre|"
    "Le Cirque des étoiles|Clowns en liberté|Nuit de cirque"
)
EXHIBITION_SUBTITLES = _words(
    "la lumière du Midi|les années parisiennes|portraits intimes|le temps des jardins|"
    "dessins et carnets|l'atelier révélé|paysages d'eau|couleurs du Nord|"
    "les chefs-d'œuvre retrouvés|une vie en peinture"
)
EXHIBITION_THEMES = [
    ("L'Égypte des pharaons", "histoire"),
    ("Trésors de la Méditerranée antique", "histoire"),
    ("Dinosaures, géants du passé", "sciences"),
    ("Cent ans de bande dessinée", "design"),
    ("Le Japon des estampes", "peinture"),
    ("Photographies de rue, 1950-1980", "photographie"),
    ("Design et objets du quotidien", "design"),
    ("La Mode des Années folles", "patrimoine"),
    ("Les Métiers d'art", "patrimoine"),
    ("Volcans, voyage au centre de la Terre", "sciences"),
    ("L'Aventure spatiale", "sciences"),
    ("Lumières du Nord, peintres de Scandinavie", "peinture"),
    ("Le Monde des abeilles", "sciences"),
    ("Affiches de spectacle, un siècle de couleurs", "design"),
]
FESTIVALS = _words(
    "Les Échappées|Ondes croisées|Jazz au jardin|Scènes d'été|Les Voix du Sud|Rue libre|"
    "Les Arts buissonniers|Cinq Sens|Marée haute|Les Nuits du port|Chapiteaux en fête|"
    "Contes en balade|Les Rives électriques|Piano au parc|Quartiers d'été"
)
SPORTS = [
    ("Basket", "basket", "Les Aigles|Les Loups|Les Lions|Les Requins|Les Faucons"),
    ("Handball", "handball", "Les Ours|Les Panthères|Les Dauphins|Les Vautours|Les Castors"),
    ("Volley", "volley", "Les Mouettes|Les Goélands|Les Hirondelles|Les Lynx|Les Cerfs"),
    ("Rugby", "rugby", "Les Taureaux|Les Béliers|Les Sangliers|Les Bisons|Les Rhinocéros"),
]
SPORT_EVENTS = [
    ("Gala de boxe", "boxe"),
    ("Meeting international d'athlétisme", "athlétisme"),
    ("Semi-marathon de {city}", "athlétisme"),
    ("Gala de patinage artistique", "patinage"),
    ("Tournoi de football en salle", "football"),
    ("Finale de la coupe régionale de handball", "handball"),
]
LEISURE = [
    ("Visite guidée : les toits de {city}", "visite guidée"),
    ("Croisière commentée sur {river}", "visite guidée"),
    ("Balade contée nocturne dans le vieux {city}", "patrimoine"),
    ("Escape game : le trésor du pirate", "jeux"),
    ("Murder party au musée", "jeux"),
    ("Salon des vins et des terroirs", "gastronomie"),
    ("Salon du livre jeunesse", "salon"),
    ("Salon du jeu de société", "jeux"),
    ("Atelier d'initiation à l'œnologie", "gastronomie"),
    ("Atelier cuisine du marché", "gastronomie"),
    ("Atelier calligraphie et enluminure", "atelier"),
    ("Soirée jeux de société", "jeux"),
    ("Visite des coulisses du théâtre", "patrimoine"),
    ("Balade nature au bord de {river}", "nature"),
    ("Atelier photo : {city} la nuit", "atelier"),
]

TAGS = {
    "theatre": (
        "classique",
        "création",
        "comédie",
        "drame",
        "seul en scène",
        "théâtre contemporain",
    ),
    "concerts": (*CONCERT_GENRES, "en tournée"),
    "enfants": ("jeune public", "conte", "marionnettes", "théâtre d'objets", "famille"),
    "humour": ("stand-up", "one-man-show", "improvisation", "humour noir", "café-théâtre"),
    "danse": ("ballet", *DANCE_GENRES),
    "opera": ("lyrique", "opérette", "grand répertoire", "surtitré"),
    "musique-classique": ("symphonique", "musique de chambre", "piano", "baroque", "récital"),
    "cirque": ("cirque contemporain", "acrobatie", "magie", "jonglage", "clown"),
    "expositions": ("peinture", "photographie", "impressionnisme", "histoire", "sciences"),
    "festivals": ("plein air", "musique", "arts de la rue", "été"),
    "loisirs": ("visite guidée", "patrimoine", "gastronomie", "atelier", "jeux", "nature"),
    "sports": ("basket", "handball", "volley", "rugby", "athlétisme", "boxe", "football"),
}
GENERAL_TAGS = ("coup de cœur", "nouveauté", "dernières places", "sortie en famille", "soirée")

# --- Texts --------------------------------------------------------------------------------

SUMMARIES = {
    "theatre": [
        "« {title} » dans une mise en scène {adj}, avec {people}.",
        "Un texte joué avec audace : « {title} », à voir {at_venue}.",
        "Des comédiens, un décor nu, et « {title} » qui tient la salle en haleine.",
        "Rires, larmes et coups de théâtre : « {title} » se joue à {city}.",
    ],
    "concerts": [
        "{people} en concert à {city} : les nouvelles chansons et les titres que le public attend.",
        "Une soirée de {genre} à ne pas manquer {at_venue}.",
        "« {title} » : {people} sur scène, avec un son et des lumières taillés pour le live.",
    ],
    "enfants": [
        "Un spectacle plein de poésie pour les petits et les grands : « {title} ».",
        "Marionnettes, chansons et jolies frayeurs : « {title} », {age}.",
        "Une heure d'émerveillement en famille avec « {title} ».",
    ],
    "humour": [
        "{people} revient avec « {title} », un spectacle {adj_m} où personne n'est épargné.",
        "Une heure et demie de rires garantis {at_venue} avec « {title} ».",
        "Stand-up, personnages et improvisations : « {title} », le spectacle dont on parle.",
    ],
    "danse": [
        "« {title} », avec {people} : la musique et le silence se mettent à danser.",
        "Un spectacle de danse {adj_m} {at_venue}, porté par une troupe éblouissante.",
        "Corps, rythme et lumière : « {title} » à {city}.",
    ],
    "opera": [
        "« {title} » {de_author} : les grandes voix d'aujourd'hui dans une mise en scène {adj}.",
        "Le chef-d'œuvre {de_author} {at_venue}, avec orchestre et chœur.",
        "Amour, trahison et airs inoubliables : « {title} », en version scénique.",
    ],
    "musique-classique": [
        "Les pages les plus célèbres {de_author}, par {people}.",
        "Un concert {adj_m} autour {de_author}, {at_venue}.",
        "« {title} » : un programme {adj_m} à écouter à {city}.",
    ],
    "cirque": [
        "Acrobaties, voltige et poésie : « {title} », du cirque pour toute la famille.",
        "Sous le chapiteau ou sur la scène, « {title} » défie la gravité.",
        "Un spectacle de cirque {adj_m} {at_venue}.",
    ],
    "expositions": [
        "« {title} » : une exposition {adj} à découvrir {at_venue}.",
        "Plus de deux cents pièces réunies pour « {title} », à {city}.",
        "Une exposition pour petits et grands : « {title} ».",
    ],
    "festivals": [
        "« {title} » : plusieurs jours de concerts, de spectacles et de rencontres à {city}.",
        "Le rendez-vous de l'année à {city} : « {title} », avec une programmation {adj}.",
    ],
    "loisirs": [
        "« {title} » : une sortie originale à {city}.",
        "Une activité {adj} à partager entre amis ou en famille : « {title} ».",
    ],
    "sports": [
        "« {title} » : ambiance garantie {at_venue}.",
        "Un grand rendez-vous sportif à {city} : « {title} ».",
    ],
}
ADJECTIVES_F = (
    "lumineuse",
    "audacieuse",
    "épurée",
    "joyeuse",
    "inventive",
    "électrique",
    "sensible",
)
ADJECTIVES_M = ("lumineux", "audacieux", "épuré", "joyeux", "inventif", "électrique", "sensible")

ABOUT = {
    "theatre": [
        "Sur un plateau presque nu, les comédiens font entendre chaque mot. La mise en scène "
        "fait confiance au texte, à ses silences comme à ses éclats, et les spectateurs "
        "retrouvent une pièce qu'ils croyaient connaître.",
        "Costumes d'époque revisités, musique jouée en direct, lumières de clair-obscur : "
        "« {title} » devient une fête de théâtre, drôle et cruelle à la fois.",
        "La pièce est jouée dans une traduction nouvelle, plus proche de la langue d'aujourd'hui, "
        "sans rien perdre de sa force.",
        "Après une première série à guichets fermés, le spectacle revient pour quelques "
        "semaines seulement. Réservez tôt !",
    ],
    "concerts": [
        "Sur scène avec ses musiciens, l'artiste revisite ses chansons les plus connues et "
        "présente les titres de son dernier album, entre ballades et morceaux plus nerveux.",
        "Le concert est debout en fosse, assis en balcon. Première partie : une jeune artiste "
        "de la scène locale.",
        "Un son travaillé pour chaque salle, des lumières qui suivent la musique, et un public "
        "qui chante avec le groupe dès le premier refrain.",
    ],
    "enfants": [
        "Des marionnettes à taille d'enfant, des chansons à reprendre en chœur et une histoire "
        "qui fait un peu peur, juste ce qu'il faut.",
        "Le spectacle est suivi d'un petit temps d'échange avec les artistes, qui montrent aux "
        "enfants comment les marionnettes prennent vie.",
        "Une adaptation fidèle et tendre, pensée pour les plus jeunes, qui amuse aussi les "
        "parents.",
    ],
    "humour": [
        "Famille, travail, réseaux sociaux, amour à l'ère des applications : rien n'échappe "
        "au regard de l'humoriste, qui passe d'un personnage à l'autre avec une énergie folle.",
        "Chaque soir, une part d'improvisation avec le public : aucune représentation ne "
        "ressemble à la précédente.",
        "Après des centaines de dates en France, en Belgique et en Suisse, le spectacle "
        "s'installe pour quelques soirs.",
    ],
    "danse": [
        "Huit danseurs, une partition lumineuse et une scénographie minimaliste : la "
        "chorégraphie explore la tension entre le groupe et l'individu.",
        "La musique est jouée en direct par un ensemble installé sur le plateau, au plus près "
        "des danseurs.",
        "Un spectacle accessible à tous, qui mêle virtuosité technique et émotion.",
    ],
    "opera": [
        "L'orchestre, le chœur et une distribution de jeunes solistes font revivre l'œuvre "
        "dans une production nouvelle, sobre et intense.",
        "Le spectacle est chanté dans sa langue originale et surtitré en français.",
        "Une introduction à l'œuvre est proposée gratuitement au foyer trois quarts d'heure "
        "avant chaque représentation.",
    ],
    "musique-classique": [
        "Le programme fait dialoguer les grandes pages du répertoire avec des œuvres plus "
        "rares, présentées par les musiciens eux-mêmes.",
        "Un concert d'une heure et quart sans entracte, dans l'acoustique exceptionnelle de "
        "la salle.",
        "Les musiciens jouent sur instruments anciens, avec un diapason d'époque.",
    ],
    "cirque": [
        "Portés acrobatiques, mât chinois, trapèze et jonglage : les artistes enchaînent les "
        "prouesses au son d'un orchestre live.",
        "Un spectacle sans paroles, compréhensible par tous, qui émerveille les enfants comme "
        "les adultes.",
        "Le chapiteau est chauffé en hiver ; les places sont numérotées.",
    ],
    "expositions": [
        "Peintures, dessins, photographies et documents inédits : le parcours se découvre en "
        "une heure et demie environ.",
        "Un audioguide est proposé en français, en anglais et dans une version pour les enfants.",
        "Des visites commentées ont lieu chaque samedi et dimanche ; des ateliers pour les "
        "familles sont proposés pendant les vacances scolaires.",
    ],
    "festivals": [
        "Concerts, spectacles de rue, siestes musicales et ateliers pour les enfants : le "
        "festival investit toute la ville.",
        "Restauration sur place avec des producteurs locaux ; le site est accessible aux "
        "personnes à mobilité réduite.",
        "Des navettes gratuites relient la gare au site du festival chaque soir.",
    ],
    "loisirs": [
        "Une activité encadrée par des passionnés, en petit groupe, pour découvrir autrement "
        "la ville et son histoire.",
        "Prévoir de bonnes chaussures ; la sortie a lieu par tous les temps.",
        "Le nombre de places est limité : la réservation est indispensable.",
    ],
    "sports": [
        "Un match au sommet entre deux équipes qui visent le haut du classement.",
        "Ouverture des portes une heure avant le coup d'envoi ; animations pour les familles "
        "en avant-match.",
        "Buvette et restauration sur place ; billets à tarif réduit pour les licenciés.",
    ],
}
PRACTICAL = [
    "Le spectacle commence à l'heure précise : les retardataires ne sont pas toujours placés.",
    "Ouverture des portes trente minutes avant le début. Vestiaire gratuit.",
    "Le placement est libre ; les personnes à mobilité réduite sont priées de se signaler à "
    "la billetterie.",
    "Les billets ne sont ni repris ni échangés. En cas de difficulté le jour même, appelez la "
    "billetterie du lieu.",
    "Bar ouvert avant et après la représentation.",
]

PROMOTIONS = [
    "Tarif réduit à {low} € le mercredi",
    "-20 % sur les premières représentations",
    "Tarif jeune (moins de 26 ans) : {low} €",
    "Tarif famille : 4 places pour {family} €",
    "Prévente : 5 € de réduction jusqu'à un mois avant",
]
ONE_PLUS_ONE = [
    "1 place achetée = 1 place offerte",
    "1 place achetée = 1 place offerte le jeudi",
    "1 place achetée = 1 place offerte pour les représentations du mardi",
]
GROUP_RATES = [
    "Groupes à partir de 10 personnes : {low} € la place au lieu de {high} €. Comités "
    "d'entreprise, associations, COS et CASC : réservation auprès de la billetterie au {phone}.",
    "CE et collectivités : {low} € la place dès 8 personnes, une place offerte à "
    "l'accompagnateur. Écrivez à groupes@{host}.",
]
SCHOOL_RATES = (
    "Scolaires et centres de loisirs : {low} € par enfant, gratuit pour les accompagnateurs. "
    "Contact : {phone}."
)

MONTHS = _words(
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)

# --- The plan of one event ----------------------------------------------------------------

PARIS = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(slots=True)
class ShowtimePlan:
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    venue_id: int | None
    status: str = Showtime.Status.SCHEDULED
    sign_language: bool = False
    audio_description: bool = False
    surtitles: bool = False
    relaxed: bool = False


@dataclass
class EventPlan:
    fields: dict
    tags: list[str]
    credits: list[tuple[int, str]]
    showtimes: list[ShowtimePlan]
    poster_dates: str = ""


@dataclass
class CatalogueReport:
    events: int = 0
    showtimes: int = 0
    venues: int = 0
    advertisers: int = 0
    artists: int = 0
    posters: int = 0
    total_events: int = 0
    seconds: float = 0.0
    skipped: bool = False


@dataclass
class Pools:
    categories: dict[str, Category]
    venues: list[Venue]
    advertisers: list[tuple[Advertiser, tuple[str, ...], Venue | None]]
    venue_kinds: dict[int, str]
    artists: dict[str, list[int]]
    artist_ids: dict[str, int]
    artist_names: dict[int, str]
    tags: dict[str, Tag]
    created: CatalogueReport = field(default_factory=CatalogueReport)


def _category_cycle() -> list[str]:
    """Fifty rubriques in a fixed order, weighted like a real listing (lots of theatre)."""
    weights = {
        "theatre": 9,
        "concerts": 8,
        "enfants": 5,
        "humour": 5,
        "danse": 3,
        "opera": 2,
        "musique-classique": 3,
        "cirque": 2,
        "expositions": 4,
        "festivals": 2,
        "loisirs": 4,
        "sports": 3,
    }
    cycle = [slug for slug, weight in weights.items() for _ in range(weight)]
    random.Random("billetnet-categories").shuffle(cycle)
    return cycle


CATEGORY_CYCLE = _category_cycle()
# The first events run every evening (or nearly) for the whole window: whatever the day,
# « Ce soir » and « Ce week-end » have something to show.
NIGHTLY = ["theatre", "humour", "theatre", "cirque", "humour", "theatre"]
NIGHTLY_TIMES = [(20, 30), (21, 30), (20, 0), (20, 30), (22, 30), (21, 0)]
TONIGHT = range(len(NIGHTLY), len(NIGHTLY) + 6)
THIS_WEEKEND = range(TONIGHT.stop, TONIGHT.stop + 6)


class _Slugs:
    """Unique slugs: the title's, then with the city, then numbered."""

    def __init__(self, taken):
        self.taken = set(taken)
        self.counters: dict[str, int] = {}

    def make(self, title: str, city_slug: str) -> str:
        base = slugify(title.replace("œ", "oe").replace("Œ", "Oe"))[:190].strip("-")
        base = base or "evenement"
        for candidate in (base, f"{base}-{city_slug}"):
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        number = self.counters.get(base, 2)
        while f"{base}-{number}" in self.taken:
            number += 1
        self.counters[base] = number + 1
        slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


FEMININE_PLACES = ("Galerie ", "Scène ", "Cour ", "Halle ", "Filature ", "Cale ", "Rotonde ")


def _at_venue(name: str) -> str:
    """« au Théâtre des Lices », « à la Galerie des Canuts », « à l'Opéra de la Baie »."""
    if name.startswith("Le "):
        return f"au {name[3:]}"
    if name.startswith(("La ", "L'")):
        return f"à {name}"
    if name[0] in "AEIOUÉÈÊ":
        return f"à l'{name}"
    if name.startswith(FEMININE_PLACES):
        return f"à la {name}"
    return f"au {name}"


def _of(name: str) -> str:
    """« de Mozart », « d'Antonio Vivaldi »."""
    return f"d'{name}" if name[:1] in "AEIOUÉÈÊH" else f"de {name}"


def _french_date(day: datetime.date, *, year: bool = True) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _dates_label(showtimes: list[ShowtimePlan]) -> str:
    days = sorted({timezone.localtime(s.starts_at, PARIS).date() for s in showtimes})
    if not days:
        return ""
    if len(days) == 1:
        return f"Le {_french_date(days[0])}"
    same_year = days[0].year == days[-1].year
    return f"Du {_french_date(days[0], year=not same_year)} au {_french_date(days[-1])}"


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    euros = rng.randint(low, high)
    cents = rng.choice((0, 0, 0, 50, 90))
    return Decimal(f"{euros}.{cents:02d}")


PRICE_RANGES = {
    "theatre": (12, 38, 16),
    "concerts": (22, 55, 25),
    "enfants": (7, 14, 6),
    "humour": (18, 35, 12),
    "danse": (18, 45, 30),
    "opera": (25, 70, 110),
    "musique-classique": (10, 40, 35),
    "cirque": (15, 32, 18),
    "expositions": (8, 16, 6),
    "festivals": (25, 49, 40),
    "loisirs": (6, 30, 12),
    "sports": (10, 35, 45),
}
DURATIONS = {
    "theatre": (75, 150),
    "concerts": (90, 150),
    "enfants": (35, 60),
    "humour": (70, 100),
    "danse": (55, 110),
    "opera": (150, 210),
    "musique-classique": (70, 120),
    "cirque": (70, 110),
    "expositions": (60, 120),
    "festivals": (240, 360),
    "loisirs": (60, 180),
    "sports": (100, 130),
}
# Which way an event's showtimes are laid out, per rubrique.
PATTERNS = {
    "theatre": (("series", 7), ("tour", 2), ("one_off", 1)),
    "concerts": (("one_off", 5), ("tour", 5)),
    "enfants": (("kids", 7), ("one_off", 1), ("tour", 2)),
    "humour": (("series", 4), ("tour", 4), ("one_off", 2)),
    "danse": (("series", 3), ("tour", 4), ("one_off", 3)),
    "opera": (("opera", 7), ("one_off", 3)),
    "musique-classique": (("one_off", 7), ("tour", 3)),
    "cirque": (("series", 6), ("tour", 4)),
    "expositions": (("exhibition", 1),),
    "festivals": (("festival", 1),),
    "loisirs": (("weekends", 6), ("one_off", 2), ("series", 2)),
    "sports": (("matches", 1),),
}
EVENING = {
    "theatre": ((20, 0), (20, 30), (21, 0), (19, 30)),
    "concerts": ((20, 0), (20, 30), (21, 0)),
    "humour": ((20, 0), (20, 30), (21, 0), (21, 30)),
    "danse": ((20, 0), (20, 30)),
    "opera": ((19, 30), (20, 0)),
    "musique-classique": ((20, 0), (20, 30)),
    "cirque": ((20, 0), (20, 30)),
    "festivals": ((18, 0), (19, 0), (14, 0)),
    "loisirs": ((10, 30), (14, 30), (19, 0)),
    "sports": ((20, 0), (20, 45)),
    "enfants": ((15, 0), (16, 0)),
    "expositions": ((10, 0),),
}


class _Planner:
    """Plans one event from its index: same seed and index, same event."""

    def __init__(self, *, pools: Pools, seed: int, now: datetime.datetime, bulk: bool, slugs):
        self.pools = pools
        self.seed = seed
        self.now = now
        self.bulk = bulk
        self.slugs = slugs
        self.today = timezone.localtime(now, PARIS).date()
        self.first_day = self.today - datetime.timedelta(days=DAYS_BEFORE)
        self.last_day = self.today + datetime.timedelta(days=DAYS_AFTER)
        self.window = (self.last_day - self.first_day).days
        self.venues_by_kind: dict[str, list[Venue]] = {}
        for venue in pools.venues:
            self.venues_by_kind.setdefault(pools.venue_kinds[venue.pk], []).append(venue)
        self.advertisers_by_category: dict[str, list] = {}
        for entry in pools.advertisers:
            for category in entry[1]:
                self.advertisers_by_category.setdefault(category, []).append(entry)

    # --- Who, where ---------------------------------------------------------------------
    def _venues_for(self, category: str) -> list[Venue]:
        return [
            v for kind in CATEGORY_VENUE_KINDS[category] for v in self.venues_by_kind.get(kind, [])
        ]

    def _people(self, rng: random.Random, specialty: str, count: int) -> list[int]:
        pool = self.pools.artists[specialty]
        return rng.sample(pool, min(count, len(pool)))

    def _name(self, artist_id: int) -> str:
        return self.pools.artist_names[artist_id]

    # --- The plan -----------------------------------------------------------------------
    def plan(self, index: int) -> EventPlan:
        rng = random.Random(f"{self.seed}:{index}")
        if index < len(NIGHTLY):
            category = NIGHTLY[index]
        else:
            category = CATEGORY_CYCLE[index % len(CATEGORY_CYCLE)]
        advertiser, _, own_venue = rng.choice(self.advertisers_by_category[category])
        venue = own_venue or rng.choice(self._venues_for(category))
        work = getattr(self, "_work_" + category.replace("-", "_"))(rng, venue)
        title = work["title"]
        slug = self.slugs.make(title, venue.city_slug)

        if index < len(NIGHTLY):
            showtimes = self._nightly(rng, category, index, work["duration"])
        else:
            pattern = rng.choices(*zip(*PATTERNS[category], strict=True))[0]
            showtimes = self._showtimes(rng, category, pattern, venue, work["duration"])
            extra = []
            if index in TONIGHT:
                extra = self._extra(rng, self.today, work["duration"])
            elif index in THIS_WEEKEND:
                extra = self._extra(rng, self._saturday(), work["duration"])
            if self.bulk:
                showtimes = showtimes[: 8 - len(extra)]
            showtimes += extra
        showtimes = self._dedupe(showtimes)
        self._statuses(rng, category, showtimes, work, popular=index < len(NIGHTLY))

        status = Event.Status.PUBLISHED
        if index >= len(NIGHTLY) + 12:
            draw = rng.random()
            if not advertiser.verified and draw < 0.12:
                status = Event.Status.PENDING
            elif draw < 0.03:
                status = Event.Status.DRAFT
            elif draw > 0.975:
                status = Event.Status.CANCELLED

        fields = {
            "title": title,
            "slug": slug,
            "category_id": self.pools.categories[category].pk,
            "advertiser_id": advertiser.pk,
            "venue_id": venue.pk,
            "summary": self._summary(rng, category, work, venue)[:300],
            "description": self._description(rng, category, work, venue),
            "duration": work["duration"],
            "age_advice": work.get("age_advice", ""),
            "min_age": work.get("min_age"),
            "language": work.get("language", "français"),
            "status": status,
        }
        fields.update(self._prices(rng, category, work, venue, advertiser, slug))
        not_cancelled = sorted(
            s.starts_at for s in showtimes if s.status != Showtime.Status.CANCELLED
        )
        fields["first_showtime_at"] = not_cancelled[0] if not_cancelled else None
        fields["last_showtime_at"] = not_cancelled[-1] if not_cancelled else None
        fields["next_showtime_at"] = next((s for s in not_cancelled if s >= self.now), None)
        if status in (Event.Status.PUBLISHED, Event.Status.CANCELLED):
            first = fields["first_showtime_at"] or self.now
            published = min(first - datetime.timedelta(days=rng.randint(10, 60)), self.now)
            fields["published_at"] = published
            popularity = int(rng.lognormvariate(3.6, 1.3))
            fields["popularity"] = min(popularity, 90_000) + (2_500 if index < len(NIGHTLY) else 0)
        tags = work["tags"] + rng.sample(TAGS[category], rng.randint(0, 2))
        if rng.random() < 0.3:
            tags.append(rng.choice(GENERAL_TAGS))
        return EventPlan(
            fields=fields,
            tags=list(dict.fromkeys(tags))[:5],
            credits=work["credits"],
            showtimes=showtimes,
            poster_dates=_dates_label(showtimes),
        )

    # --- Works per rubrique ---------------------------------------------------------------
    def _duration(self, rng, category) -> int:
        low, high = DURATIONS[category]
        return rng.randrange(low, high + 1, 5)

    def _work_theatre(self, rng, venue):
        draw = rng.random()
        director = self._people(rng, "metteur", 1)[0]
        cast = self._people(rng, "comedien", rng.randint(1, 5))
        language = "français"
        if draw < 0.5:
            title, author, tag = rng.choice(THEATRE_CLASSICS)
            credits = [(self.pools.artist_ids[slugify(author)], "texte")]
            if tag == "adaptation":
                adapter = self._people(rng, "auteur", 1)[0]
                credits = [
                    (self.pools.artist_ids[slugify(author)], "d'après"),
                    (adapter, "adaptation"),
                ]
            elif author in ("William Shakespeare", "Anton Tchekhov") and rng.random() < 0.3:
                original = "anglais" if author == "William Shakespeare" else "russe"
                language = f"{original}, surtitré en français"
            tags = ["classique", tag]
        elif draw < 0.7:
            title = rng.choice(COMEDIES)
            credits = [(self._people(rng, "auteur", 1)[0], "texte")]
            tags = ["comédie", "création"]
        else:
            title = f"{rng.choice(THEATRE_NOUNS)} {rng.choice(THEATRE_COMPLEMENTS)}"
            author = rng.choice((director, self._people(rng, "auteur", 1)[0]))
            credits = [(author, "texte")]
            tags = ["création", "théâtre contemporain"]
        if len(cast) == 1 and rng.random() < 0.5:
            tags.append("seul en scène")
        credits += [(director, "mise en scène")] + [(a, "avec") for a in cast]
        advice = rng.choice(("Tout public", "Tout public dès 12 ans", "Dès 14 ans", ""))
        return {
            "title": title,
            "credits": credits,
            "tags": tags,
            "language": language,
            "duration": self._duration(rng, "theatre"),
            "age_advice": advice,
            "people": ", ".join(self._name(a) for a in cast[:3]),
        }

    def _work_concerts(self, rng, venue):
        genre = rng.choice(CONCERT_GENRES)
        if rng.random() < 0.5:
            artist = self._people(rng, "groupe", 1)[0]
        else:
            artist = self._people(rng, "musicien", 1)[0]
        name = self._name(artist)
        form = rng.random()
        if form < 0.4:
            title = f"{name} — {rng.choice(CONCERT_TOURS)}"
        elif form < 0.7:
            title = f"{name} en concert"
        elif genre == "jazz":
            title = f"Soirée jazz : {name}"
        else:
            title = name
        credits = [(artist, "avec")]
        if rng.random() < 0.3:
            guest = self._people(rng, "musicien", 1)[0]
            if guest != artist:
                credits.append((guest, "première partie"))
        return {
            "title": title,
            "credits": credits,
            "tags": [genre],
            "language": rng.choice(("français", "français", "anglais", "")),
            "duration": self._duration(rng, "concerts"),
            "age_advice": "Tout public",
            "people": name,
            "genre": genre,
        }

    def _work_enfants(self, rng, venue):
        min_age = rng.choice((1, 3, 3, 4, 5, 6, 6, 8))
        if rng.random() < 0.45:
            title, author = rng.choice(CHILDREN_CLASSICS)
            credits = [(self.pools.artist_ids[slugify(author)], "d'après")]
            tags = ["conte"]
        else:
            title = f"{rng.choice(CHILDREN_HEROES)} et {rng.choice(CHILDREN_THINGS)}"
            credits = [(self._people(rng, "conteur", 1)[0], "texte")]
            tags = ["création"]
        cast = self._people(rng, rng.choice(("comedien", "conteur")), rng.randint(1, 3))
        credits += [(self._people(rng, "metteur", 1)[0], "mise en scène")]
        credits += [(a, "avec") for a in cast if a not in {c for c, _ in credits}]
        tags += ["jeune public", rng.choice(("marionnettes", "théâtre d'objets", "famille"))]
        return {
            "title": title,
            "credits": credits,
            "tags": tags,
            "duration": self._duration(rng, "enfants"),
            "age_advice": f"Dès {min_age} an{'s' if min_age > 1 else ''}",
            "min_age": min_age,
            "people": ", ".join(self._name(a) for a in cast),
        }

    def _work_humour(self, rng, venue):
        if rng.random() < 0.15:
            troupe = self.pools.artist_ids[slugify("Ligue d'improvisation des Deux Rives")]
            return {
                "title": rng.choice(
                    ("Match d'impro", "Soirée d'improvisation", "Impro Comedy Club")
                ),
                "credits": [(troupe, "avec")],
                "tags": ["improvisation"],
                "duration": 90,
                "age_advice": "Tout public dès 10 ans",
                "people": f"la {self._name(troupe)}",
            }
        comic = self._people(rng, "humoriste", 1)[0]
        show = rng.choice(HUMOUR_SHOWS)
        title = show if rng.random() < 0.5 else f"{self._name(comic)} — {show}"
        credits = [(comic, "avec"), (comic, "texte")]
        if rng.random() < 0.6:
            credits.append((self._people(rng, "metteur", 1)[0], "mise en scène"))
        return {
            "title": title,
            "credits": credits,
            "tags": ["one-man-show" if rng.random() < 0.6 else "stand-up"],
            "duration": self._duration(rng, "humour"),
            "age_advice": rng.choice(
                ("Tout public", "Déconseillé aux moins de 12 ans", "Dès 14 ans")
            ),
            "people": self._name(comic),
        }

    def _work_danse(self, rng, venue):
        dancers = self._people(rng, "danseur", rng.randint(2, 5))
        choreographer = self._people(rng, "choregraphe", 1)[0]
        if rng.random() < 0.4:
            title, composer, tag = rng.choice(DANCE_BALLETS)
            credits = [(self.pools.artist_ids[slugify(composer)], "musique")]
        else:
            title, tag = rng.choice(DANCE_CREATIONS), rng.choice(DANCE_GENRES)
            credits = []
        credits += [(choreographer, "chorégraphie")] + [(d, "avec") for d in dancers]
        young = rng.random() < 0.2
        return {
            "title": title,
            "credits": credits,
            "tags": [tag],
            "language": "",
            "duration": self._duration(rng, "danse"),
            "age_advice": "Dès 8 ans" if young else "Tout public",
            "min_age": 8 if young else None,
            "people": ", ".join(self._name(d) for d in dancers[:2]),
        }

    def _work_opera(self, rng, venue):
        title, composer, language = rng.choice(OPERAS)
        singers = self._people(rng, "lyrique", rng.randint(2, 4))
        credits = [
            (self.pools.artist_ids[slugify(composer)], "musique"),
            (self._people(rng, "chef", 1)[0], "direction musicale"),
            (self._people(rng, "metteur", 1)[0], "mise en scène"),
        ] + [(s, "avec") for s in singers]
        return {
            "title": title,
            "credits": credits,
            "tags": ["opérette" if title in OPERETTAS else "grand répertoire", "lyrique"],
            "language": f"{language}, surtitré en français",
            "duration": self._duration(rng, "opera"),
            "age_advice": "Tout public dès 10 ans",
            "author": composer,
            "people": ", ".join(self._name(s) for s in singers[:2]),
            "surtitles": True,
        }

    def _work_musique_classique(self, rng, venue):
        work, composer, tag = rng.choice(CLASSICAL_WORKS)
        if tag == "symphonique":
            performers = self._people(rng, "orchestre", 1)
        else:
            performers = self._people(rng, rng.choice(("ensemble", "soliste")), 1)
        short = composer.split()[-1]
        title = rng.choice((f"{work} de {short}", f"{self._name(performers[0])} : {work}"))
        credits = [(self.pools.artist_ids[slugify(composer)], "musique")]
        credits += [(p, "avec") for p in performers]
        if tag == "symphonique" or rng.random() < 0.3:
            credits.append((self._people(rng, "chef", 1)[0], "direction musicale"))
        return {
            "title": title,
            "credits": credits,
            "tags": [tag],
            "language": "",
            "duration": self._duration(rng, "musique-classique"),
            "age_advice": "Tout public",
            "author": composer,
            "people": self._name(performers[0]),
        }

    def _work_cirque(self, rng, venue):
        troupe = self._people(rng, "troupe", 1)[0]
        show = rng.choice(CIRCUS_SHOWS)
        title = show if rng.random() < 0.6 else f"{self._name(troupe)} : {show}"
        artists = self._people(rng, "circassien", rng.randint(1, 4))
        credits = [(troupe, "avec")] + [(a, "avec") for a in artists]
        credits.append((self._people(rng, "metteur", 1)[0], "mise en scène"))
        young = rng.random() < 0.5
        return {
            "title": title,
            "credits": credits,
            "tags": [rng.choice(("acrobatie", "magie", "jonglage", "clown"))],
            "language": "",
            "duration": self._duration(rng, "cirque"),
            "age_advice": "Dès 5 ans" if young else "Tout public",
            "min_age": 5 if young else None,
            "people": self._name(troupe),
        }

    def _work_expositions(self, rng, venue):
        curator = self._people(rng, "commissaire", 1)[0]
        if rng.random() < 0.5:
            painter = self._people(rng, "peintre", 1)[0]
            title = f"{self._name(painter)}, {rng.choice(EXHIBITION_SUBTITLES)}"
            credits = [(painter, "œuvres"), (curator, "commissariat")]
            tags = ["peinture", "impressionnisme" if rng.random() < 0.5 else "patrimoine"]
        else:
            title, tag = rng.choice(EXHIBITION_THEMES)
            credits = [(curator, "commissariat")]
            tags = [tag]
        family = rng.random() < 0.4
        return {
            "title": title,
            "credits": credits,
            "tags": tags + (["sortie en famille"] if family else []),
            "language": "français, anglais",
            "duration": self._duration(rng, "expositions"),
            "age_advice": "Tout public, dès 6 ans" if family else "Tout public",
            "min_age": 6 if family else None,
            "people": self._name(curator),
        }

    def _work_festivals(self, rng, venue):
        name = rng.choice(FESTIVALS)
        edition = rng.randint(2, 35)
        title = (
            f"Festival {name} {_of(venue.city)}"
            if rng.random() < 0.5
            else f"{name}, {edition}e édition"
        )
        acts = self._people(rng, "groupe", rng.randint(2, 4)) + self._people(rng, "musicien", 2)
        return {
            "title": title,
            "credits": [(a, "avec") for a in acts],
            "tags": ["plein air", "musique"],
            "duration": None if rng.random() < 0.5 else self._duration(rng, "festivals"),
            "age_advice": "Tout public",
            "people": ", ".join(self._name(a) for a in acts[:3]),
        }

    def _work_loisirs(self, rng, venue):
        template, tag = rng.choice(LEISURE)
        river = CITIES[venue.city][3]
        title = template.format(city=venue.city, river=river)
        title = title.replace("le vieux Lyon", "le Vieux-Lyon").replace(" de le ", " du ")
        guide = self._people(rng, "guide", 1)[0]
        return {
            "title": title,
            "credits": [(guide, "animation")],
            "tags": [tag],
            "duration": self._duration(rng, "loisirs"),
            "age_advice": rng.choice(("Tout public", "Dès 8 ans", "Adultes")),
            "min_age": None,
            "people": self._name(guide),
        }

    def _work_sports(self, rng, venue):
        if rng.random() < 0.65:
            sport, tag, names = rng.choice(SPORTS)
            home_name, away_name = rng.sample(names.split("|"), 2)
            away_city = rng.choice([c for c in CITIES if c != venue.city])
            title = f"{sport} : {home_name} {_of(venue.city)} – {away_name} {_of(away_city)}"
        else:
            template, tag = rng.choice(SPORT_EVENTS)
            title = template.format(city=venue.city).replace("de Avignon", "d'Avignon")
        return {
            "title": title,
            "credits": [],
            "tags": [tag],
            "language": "",
            "duration": self._duration(rng, "sports"),
            "age_advice": "Tout public",
            "people": "",
        }

    # --- Texts ------------------------------------------------------------------------------
    def _summary(self, rng, category, work, venue) -> str:
        template = rng.choice(SUMMARIES[category])
        summary = template.format(
            title=work["title"],
            people=work.get("people") or "les artistes",
            adj=rng.choice(ADJECTIVES_F),
            adj_m=rng.choice(ADJECTIVES_M),
            at_venue=_at_venue(venue.name),
            city=venue.city,
            genre=work.get("genre", "musique"),
            age=(work.get("age_advice") or "tout public").lower(),
            de_author=_of(work.get("author", "")),
        )
        return summary[0].upper() + summary[1:]

    def _description(self, rng, category, work, venue) -> str:
        about = rng.sample(ABOUT[category], 2)
        paragraphs = [p.format(title=work["title"]) for p in about]
        if work.get("people"):
            paragraphs.append(f"Avec {work['people']}.")
        where = f"{venue.name}, {venue.address}, {venue.postal_code} {venue.city}."
        if work["duration"]:
            hours, minutes = divmod(work["duration"], 60)
            if not hours:
                where += f" Durée : {minutes} min."
            else:
                where += f" Durée : {hours} h {minutes:02d}." if minutes else f" Durée : {hours} h."
        paragraphs.append(f"{where} {rng.choice(PRACTICAL)}")
        return "\n\n".join(paragraphs)

    def _prices(self, rng, category, work, venue, advertiser, slug) -> dict:
        low, high, spread = PRICE_RANGES[category]
        draw = rng.random()
        free_share = 0.3 if category in ("expositions", "loisirs", "festivals") else 0.05
        host = rng.choice(TICKETING_HOSTS)
        values = {
            "booking_url": f"https://{host}/{advertiser.slug}/{slug}/",
            "booking_mode": rng.choice(
                (Event.BookingMode.E_BILLET, Event.BookingMode.E_RESERVATION)
            ),
            "price_type": Event.PriceType.PAID,
            "price_min": None,
            "price_max": None,
            "group_rates": "",
            "promotion": "",
            "promotion_one_plus_one": False,
        }
        if draw < free_share:
            values["price_type"] = Event.PriceType.FREE
            values["booking_mode"] = Event.BookingMode.E_RESERVATION
            return values
        if draw < free_share + 0.05:
            values["price_type"] = Event.PriceType.PAY_WHAT_YOU_WANT
            return values
        price_min = _price(rng, low, high)
        price_max = price_min if rng.random() < 0.25 else price_min + rng.randint(4, spread)
        values["price_min"], values["price_max"] = price_min, price_max
        if rng.random() < 0.2:
            group_low = max(int(price_min) - rng.randint(2, 6), 5)
            template = SCHOOL_RATES if category == "enfants" else rng.choice(GROUP_RATES)
            values["group_rates"] = template.format(
                low=group_low,
                high=int(price_max),
                phone=venue.phone,
                host=f"{advertiser.slug}.example.org",
            )
        promo = rng.random()
        if promo < 0.05:
            values["promotion"] = rng.choice(ONE_PLUS_ONE)
            values["promotion_one_plus_one"] = True
        elif promo < 0.15:
            values["promotion"] = rng.choice(PROMOTIONS).format(
                low=max(int(price_min) - 5, 5), family=int(price_min) * 3
            )
        return values

    # --- Showtimes ---------------------------------------------------------------------------
    def _saturday(self) -> datetime.date:
        weekday = self.today.weekday()
        if weekday == 6:
            return self.today
        return self.today + datetime.timedelta(days=(5 - weekday) % 7)

    def _day(self, rng, *, earliest: int = 0, latest: int | None = None) -> datetime.date:
        latest = self.window if latest is None else latest
        return self.first_day + datetime.timedelta(
            days=rng.randint(earliest, max(earliest, latest))
        )

    def _slot(self, day, hour_minute, duration, venue_id=None) -> ShowtimePlan:
        starts = _at(day, *hour_minute)
        ends = starts + datetime.timedelta(minutes=duration) if duration else None
        return ShowtimePlan(starts_at=starts, ends_at=ends, venue_id=venue_id)

    def _evening(self, rng, category, day) -> tuple[int, int]:
        if category in ("theatre", "humour", "danse", "cirque", "opera") and day.weekday() == 6:
            return rng.choice(((15, 0), (16, 0)))
        return rng.choice(EVENING[category])

    def _nightly(self, rng, category, index, duration) -> list[ShowtimePlan]:
        evening = NIGHTLY_TIMES[index]
        rest_day = 0 if index in (3, 5) else None  # « relâche » on Mondays
        showtimes = []
        for offset in range(self.window + 1):
            day = self.first_day + datetime.timedelta(days=offset)
            if day.weekday() == rest_day:
                continue
            showtimes.append(self._slot(day, evening, duration))
            if day.weekday() >= 5 and index % 2 == 0:
                showtimes.append(self._slot(day, (16, 0), duration))
        return showtimes

    def _extra(self, rng, day, duration) -> list[ShowtimePlan]:
        hour_minute = rng.choice(((20, 0), (20, 30), (21, 0)))
        return [self._slot(day, hour_minute, duration)]

    def _limit(self, rng, showtimes: list[ShowtimePlan]) -> list[ShowtimePlan]:
        if self.bulk:
            return showtimes[: rng.randint(1, 8)]
        return showtimes

    def _showtimes(self, rng, category, pattern, venue, duration) -> list[ShowtimePlan]:
        evening = rng.choice(EVENING[category])
        if pattern == "one_off":
            day = self._day(rng)
            return [self._slot(day, self._evening(rng, category, day), duration)]
        if pattern == "tour":
            others = [v for v in self._venues_for(category) if v.city != venue.city]
            stops = [venue.pk] + [
                v.pk for v in rng.sample(others, min(len(others), rng.randint(1, 5)))
            ]
            days = sorted(rng.sample(range(self.window + 1), len(stops)))
            return [
                self._slot(
                    self.first_day + datetime.timedelta(days=d),
                    evening,
                    duration,
                    None if stop == venue.pk else stop,
                )
                for d, stop in zip(days, stops, strict=True)
            ]
        if pattern in ("series", "kids", "opera", "weekends"):
            weeks = {"series": (2, 10), "kids": (3, 12), "opera": (2, 4), "weekends": (2, 8)}
            start = self._day(rng, latest=self.window - 10)
            length = rng.randint(*weeks[pattern]) * 7
            if pattern == "series":
                days_on = rng.choice(({1, 2, 3, 4, 5, 6}, {2, 3, 4, 5, 6}, {3, 4, 5}, {4, 5, 6}))
                times = {d: [evening] for d in days_on}
                if 6 in days_on:
                    times[6] = [rng.choice(((15, 0), (16, 0)))]
                if 5 in days_on and rng.random() < 0.3:
                    times[5] = [(16, 0), evening]
            elif pattern == "kids":
                times = {2: [(14, 30)], 5: [rng.choice(((15, 0), (16, 0)))], 6: [(11, 0), (16, 0)]}
            elif pattern == "opera":
                times = {rng.choice((1, 2)): [evening], 4: [evening], 6: [(15, 0)]}
            else:
                times = {5: [(10, 30), (14, 30)], 6: [(10, 30)]}
            showtimes = []
            for offset in range(length):
                day = start + datetime.timedelta(days=offset)
                if day > self.last_day:
                    break
                for hour_minute in times.get(day.weekday(), ()):
                    showtimes.append(self._slot(day, hour_minute, duration))
            return self._limit(rng, showtimes) or [self._slot(start, evening, duration)]
        if pattern == "exhibition":
            start = self._day(rng, earliest=-30, latest=self.window - 20)
            start = max(start, self.first_day)
            showtimes = []
            for offset in range(rng.randint(6, 16) * 7):
                day = start + datetime.timedelta(days=offset)
                if day > self.last_day:
                    break
                if day.weekday() == 0:
                    continue
                closing = (21, 0) if day.weekday() == 3 else (18, 0)
                starts = _at(day, 10)
                showtimes.append(
                    ShowtimePlan(starts_at=starts, ends_at=_at(day, *closing), venue_id=None)
                )
            if self.bulk:
                showtimes = rng.sample(showtimes, min(len(showtimes), rng.randint(1, 8)))
                showtimes.sort(key=lambda s: s.starts_at)
            return showtimes or [self._slot(start, (10, 0), 480)]
        if pattern == "festival":
            start = self._day(rng, latest=self.window - 5)
            hour_minute = rng.choice(EVENING["festivals"])
            return [
                self._slot(start + datetime.timedelta(days=d), hour_minute, duration or 360)
                for d in range(rng.randint(2, 5))
            ]
        # matches: a few home games, two or three weeks apart, on week-ends or Friday nights
        day = self._day(rng, latest=self.window - 60)
        showtimes = []
        for _ in range(rng.randint(1, 4)):
            day += datetime.timedelta(days=(4 - day.weekday()) % 7 + rng.choice((0, 1, 2)))
            if day > self.last_day:
                break
            hour_minute = {4: (20, 0), 5: rng.choice(((18, 0), (20, 45))), 6: (15, 0)}[
                day.weekday()
            ]
            showtimes.append(self._slot(day, hour_minute, duration))
            day += datetime.timedelta(days=rng.choice((14, 21)))
        return showtimes or [self._slot(self._saturday(), (20, 0), duration)]

    def _dedupe(self, showtimes: list[ShowtimePlan]) -> list[ShowtimePlan]:
        unique = {(s.starts_at, s.venue_id): s for s in showtimes}
        return sorted(unique.values(), key=lambda s: s.starts_at)

    def _statuses(self, rng, category, showtimes, work, *, popular: bool) -> None:
        accessible = category in ("theatre", "enfants", "humour", "danse", "opera", "cirque")
        sign = accessible and rng.random() < 0.12
        described = category in ("theatre", "opera", "danse") and rng.random() < 0.12
        relaxed = (
            category in ("enfants", "concerts", "cirque", "musique-classique")
            and rng.random() < 0.15
        )
        surtitles = work.get("surtitles") or "surtitré" in work.get("language", "")
        sold_out_share = 0.1 if popular else 0.05
        for showtime in showtimes:
            draw = rng.random()
            if draw < 0.03:
                showtime.status = Showtime.Status.CANCELLED
            elif draw < 0.03 + sold_out_share:
                showtime.status = Showtime.Status.SOLD_OUT
            showtime.surtitles = bool(surtitles)
            showtime.sign_language = sign and rng.random() < 0.25
            showtime.audio_description = described and rng.random() < 0.25
            showtime.relaxed = relaxed and rng.random() < 0.3
        if showtimes and sign and not any(s.sign_language for s in showtimes):
            rng.choice(showtimes).sign_language = True


# --- Pools: venues, advertisers, artists, tags -------------------------------------------------


def _artist_specs() -> list[tuple[str, str, str]]:
    """(name, specialty, bio) of every demo artist, always the same ones whatever the seed."""
    rng = random.Random("billetnet-artists")
    cities = list(CITIES)
    specs, names = [], set()
    for specialty, (count, bio_f, bio_m) in SPECIALTIES.items():
        for number in range(count):
            female = number % 2 == 0
            while True:
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                name = f"{first} {rng.choice(LAST_NAMES)}"
                if name not in names:
                    break
            names.add(name)
            bio = (bio_f if female else bio_m).format(city=rng.choice(cities))
            specs.append((name, specialty, bio))
    for name, specialty, bio in GROUPS:
        if name not in names:
            names.add(name)
            specs.append((name, specialty, bio))
    for name, specialty in CLASSIC_PEOPLE:
        bio = {
            "classique-auteur": "Auteur du répertoire.",
            "compositeur": "Compositeur du répertoire.",
            "peintre": "Artiste dont les œuvres sont conservées dans les grands musées.",
        }[specialty]
        specs.append((name, specialty, bio))
    return specs


def _venue_details(name, kind, capacity, address, postal_code, city) -> dict:
    slug = slugify(name)
    rng = random.Random(f"venue:{slug}")
    latitude, longitude, prefix, _ = CITIES[city]
    number = rng.randint(0, 9999)
    wheelchair = rng.random() < 0.85
    return {
        "name": name,
        "slug": slug,
        "address": address,
        "postal_code": postal_code,
        "city": city,
        "city_slug": slugify(city),
        "latitude": Decimal(f"{latitude + rng.uniform(-0.012, 0.012):.6f}"),
        "longitude": Decimal(f"{longitude + rng.uniform(-0.016, 0.016):.6f}"),
        "capacity": capacity,
        "phone": f"{prefix} {number // 100:02d} {number % 100:02d}",
        "email": f"billetterie@{slug}.example.org",
        "website": f"https://{slug}.example.org/",
        "wheelchair_access": wheelchair,
        "induction_loop": rng.random() < 0.4,
        "accessibility_notes": rng.choice(ACCESSIBILITY_NOTES) if wheelchair else "",
    }


def _pools_ensure() -> Pools:
    """Create the venues, advertisers, artists and tags that are missing; change nothing else."""
    created = CatalogueReport()
    categories = {c.slug: c for c in Category.objects.all()}
    missing = set(CATEGORY_VENUE_KINDS) - set(categories)
    if missing:
        raise RuntimeError(f"Missing rubriques (run the migrations): {sorted(missing)}")

    venue_specs = {slugify(spec[0]): spec for spec in VENUES}
    venues = {v.slug: v for v in Venue.objects.filter(slug__in=venue_specs)}
    for slug, spec in venue_specs.items():
        if slug not in venues:
            venue = Venue(**_venue_details(*spec))
            venue.full_clean()
            venue.save()
            venues[slug] = venue
            created.venues += 1
    venue_kinds = {venue.pk: venue_specs[slug][1] for slug, venue in venues.items()}

    advertisers = {a.slug: a for a in Advertiser.objects.filter(slug__in=ADVERTISER_SLUGS)}
    entries = []
    for name, kind, verified, category_slugs in ADVERTISERS:
        slug = slugify(name)
        own_venue = venues.get(slug) if kind == Advertiser.Kind.SALLE else None
        if slug not in advertisers:
            city = own_venue.city if own_venue else "toute la France"
            advertiser = Advertiser(
                name=name,
                slug=slug,
                kind=kind,
                website=f"https://{slug}.example.org/",
                description=ADVERTISER_DESCRIPTIONS[kind].format(city=city),
                verified=verified,
            )
            advertiser.full_clean()
            advertiser.save()
            advertisers[slug] = advertiser
            created.advertisers += 1
        if own_venue:
            category_slugs = tuple(
                c for c, kinds in CATEGORY_VENUE_KINDS.items() if venue_kinds[own_venue.pk] in kinds
            )
        entries.append((advertisers[slug], category_slugs, own_venue))

    specs = _artist_specs()
    existing = dict(
        Artist.objects.filter(slug__in=[slugify(n) for n, *_ in specs]).values_list("slug", "pk")
    )
    new = [
        Artist(name=name, slug=slugify(name), bio=bio)
        for name, _, bio in specs
        if slugify(name) not in existing
    ]
    if new:
        Artist.objects.bulk_create(new)
        created.artists = len(new)
        existing.update({a.slug: a.pk for a in new})
    artists: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for name, specialty, _ in specs:
        pk = existing[slugify(name)]
        artists.setdefault(specialty, []).append(pk)
        names[pk] = name

    vocabulary = {tag for tags in TAGS.values() for tag in tags} | set(GENERAL_TAGS)
    vocabulary |= {
        "création",
        "adaptation",
        "tragédie",
        "vaudeville",
        "seul en scène",
        "jeune public",
    }
    vocabulary |= {"opérette", "musique sacrée", "patrimoine", "design", "sortie en famille"}
    vocabulary |= {"salon", "patinage", "conte", "famille", "lyrique", "improvisation"}
    tags = {t.name: t for t in Tag.objects.filter(name__in=vocabulary)}
    for name in sorted(vocabulary - set(tags)):
        tags[name] = Tag.objects.create(name=name)

    return Pools(
        categories=categories,
        venues=[venues[slugify(spec[0])] for spec in VENUES],
        venue_kinds=venue_kinds,
        advertisers=entries,
        artists=artists,
        artist_ids={slugify(name): pk for pk, name in names.items()},
        artist_names=names,
        tags=tags,
        created=created,
    )


def demo_events():
    """The demo catalogue's events: those published by the demo advertisers."""
    return Event.objects.filter(advertiser__slug__in=ADVERTISER_SLUGS)


# --- Posters --------------------------------------------------------------------------------

POSTER_SIZE = (640, 960)
POSTER_COLOURS = {
    "theatre": ((140, 28, 19), (242, 204, 143)),
    "concerts": ((29, 53, 87), (168, 218, 220)),
    "enfants": ((244, 162, 97), (38, 70, 83)),
    "humour": ((233, 196, 106), (61, 52, 139)),
    "danse": ((106, 76, 147), (255, 202, 212)),
    "opera": ((61, 12, 17), (212, 175, 55)),
    "musique-classique": ((38, 70, 83), (233, 216, 166)),
    "cirque": ((214, 40, 40), (252, 191, 73)),
    "expositions": ((42, 157, 143), (255, 255, 255)),
    "festivals": ((255, 0, 110), (255, 236, 209)),
    "loisirs": ((88, 129, 87), (240, 234, 210)),
    "sports": ((0, 119, 182), (255, 255, 255)),
}
FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


@lru_cache(maxsize=32)
def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A bold system font with French accents, or Pillow's own font (ASCII only) instead."""
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _ascii(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c) and ord(c) < 256)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def poster_draw(
    *, title: str, category_slug: str, category_name: str, venue: str, city: str, dates: str
) -> Image.Image:
    """A poster: the rubrique's colours, the title in big letters, the venue and the dates."""
    width, height = POSTER_SIZE
    background, ink = POSTER_COLOURS.get(category_slug, ((60, 60, 60), (255, 255, 255)))
    image = Image.new("RGB", POSTER_SIZE, background)
    draw = ImageDraw.Draw(image)
    rng = random.Random(f"poster:{title}:{venue}")
    # A few shapes so that two posters of one rubrique differ.
    for _ in range(rng.randint(2, 5)):
        radius = rng.randint(80, 320)
        x, y = rng.randint(-100, width + 100), rng.randint(-100, height + 100)
        factor, lift = rng.uniform(0.6, 1.35), rng.randint(0, 30)
        shade = tuple(min(255, int(c * factor) + lift) for c in background)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shade)
    draw.rectangle((0, height - 250, width, height), fill=tuple(int(c * 0.55) for c in background))

    def text(value: str) -> str:
        return value if _font(20)[1] else _ascii(value)

    margin = 48
    small, _ = _font(30)
    draw.text((margin, margin), text(category_name.upper()), font=small, fill=ink)
    draw.line((margin, margin + 46, margin + 120, margin + 46), fill=ink, width=5)

    for size in (96, 84, 72, 62, 54, 46, 40):
        font, _ = _font(size)
        lines = _wrap(draw, text(title), font, width - 2 * margin)
        if len(lines) <= 5 and all(
            draw.textlength(line, font=font) <= width - 2 * margin for line in lines
        ):
            break
    y = 170
    for line in lines[:6]:
        draw.text((margin, y), line, font=font, fill=ink)
        y += int(size * 1.15)

    medium, _ = _font(30)
    y = height - 215
    for line in (f"{venue}, {city}", dates):
        for part in _wrap(draw, text(line), medium, width - 2 * margin)[:2]:
            draw.text((margin, y), part, font=medium, fill=(255, 255, 255))
            y += 42
    return image


def _poster_for(plan_fields: dict, pools: Pools, venue: Venue, dates: str) -> Image.Image:
    category = next(c for c in pools.categories.values() if c.pk == plan_fields["category_id"])
    return poster_draw(
        title=plan_fields["title"],
        category_slug=category.slug,
        category_name=category.name,
        venue=venue.name,
        city=venue.city,
        dates=dates,
    )


# --- Building -------------------------------------------------------------------------------


def _event_objects(plan: EventPlan) -> Event:
    return Event(**plan.fields)


def _showtime_objects(event_id: int, plan: EventPlan) -> list[Showtime]:
    return [
        Showtime(
            event_id=event_id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            venue_id=s.venue_id,
            status=s.status,
            sign_language=s.sign_language,
            audio_description=s.audio_description,
            surtitles=s.surtitles,
            relaxed=s.relaxed,
        )
        for s in plan.showtimes
    ]


def _credit_objects(event_id: int, plan: EventPlan) -> list[Credit]:
    seen, credits = set(), []
    for order, (artist_id, role) in enumerate(plan.credits):
        if (artist_id, role) in seen:
            continue
        seen.add((artist_id, role))
        credits.append(Credit(event_id=event_id, artist_id=artist_id, role=role, order=order))
    return credits


def _start(*, events: int, started: float) -> tuple[Pools, CatalogueReport, int]:
    """The pools, the report, and how many demo events exist; the report says `skipped`
    when there are already `events` of them."""
    pools = _pools_ensure()
    report = pools.created
    existing = demo_events().count()
    if existing >= events:
        report.skipped = True
        report.total_events = existing
        report.seconds = time.monotonic() - started
    return pools, report, existing


def _planner(*, pools: Pools, seed: int, now: datetime.datetime, bulk: bool) -> "_Planner":
    return _Planner(
        pools=pools,
        seed=seed,
        now=now,
        bulk=bulk,
        slugs=_Slugs(Event.objects.values_list("slug", flat=True)),
    )


@transaction.atomic
def catalogue_seed(
    *,
    events: int = DEMO_EVENTS,
    seed: int = DEFAULT_SEED,
    posters: bool = True,
    now: datetime.datetime | None = None,
    progress: Progress | None = None,
) -> CatalogueReport:
    """The demo catalogue, event by event through the ORM and the services, all or nothing.

    Does nothing once the demo advertisers have `events` events.
    """
    started = time.monotonic()
    now = now or timezone.now()
    pools, report, existing = _start(events=events, started=started)
    if report.skipped:
        return report
    planner = _planner(pools=pools, seed=seed, now=now, bulk=False)
    venues = {v.pk: v for v in pools.venues}
    for done, index in enumerate(range(existing, events), start=1):
        plan = planner.plan(index)
        event = _event_objects(plan)
        event.full_clean(validate_unique=False, validate_constraints=False)
        event.save()
        event.tags.add(*(pools.tags[name] for name in plan.tags))
        Credit.objects.bulk_create(_credit_objects(event.pk, plan))
        Showtime.objects.bulk_create(_showtime_objects(event.pk, plan))
        event_showtime_bounds_refresh(event=event, now=now)
        if posters:
            image = _poster_for(plan.fields, pools, venues[event.venue_id], plan.poster_dates)
            event_poster_set(event=event, image=image)
            report.posters += 1
        report.events += 1
        report.showtimes += len(plan.showtimes)
        if progress:
            progress(done, events - existing)
    catalogue_changed()
    report.total_events = existing + report.events
    report.seconds = time.monotonic() - started
    return report


def catalogue_seed_bulk(
    *,
    events: int,
    seed: int = DEFAULT_SEED,
    posters: bool = True,
    now: datetime.datetime | None = None,
    progress: Progress | None = None,
    batch_size: int = BULK_BATCH_SIZE,
    poster_pool: int = POSTER_POOL_SIZE,
) -> CatalogueReport:
    """A large catalogue for benchmarks: `bulk_create` in batches, one transaction each.

    Resumes an interrupted run (the events are planned by index); does nothing once the demo
    advertisers have `events` events. Bounds (first, next, last showtime) are computed with
    the plan, so no event row is written twice. Posters: a pool of a few dozen drawn once,
    which every other event points at.
    """
    started = time.monotonic()
    now = now or timezone.now()
    if events > PLANNED_MAX:
        report = catalogue_seed_bulk(
            events=PLANNED_MAX,
            seed=seed,
            posters=posters,
            now=now,
            progress=progress,
            batch_size=batch_size,
            poster_pool=poster_pool,
        )
        report.events += catalogue_multiply(events=events, progress=progress)
        report.skipped = report.skipped and report.events == 0
        report.total_events = demo_events().count()
        report.seconds = time.monotonic() - started
        return report
    with transaction.atomic():
        pools, report, existing = _start(events=events, started=started)
    if report.skipped:
        return report
    planner = _planner(pools=pools, seed=seed, now=now, bulk=True)
    event_type = ContentType.objects.get_for_model(Event)
    venues = {v.pk: v for v in pools.venues}
    pool: dict[int, list[tuple[str, int, int]]] = {}
    if posters:
        rows = (
            demo_events()
            .exclude(poster="")
            .order_by()
            .values_list("category_id", "poster", "poster_width", "poster_height")
            .distinct()
        )
        for category_id, name, width, height in rows:
            pool.setdefault(category_id, []).append((name, width, height))

    def insert(indices: range) -> list[tuple[Event, EventPlan]]:
        plans = [planner.plan(i) for i in indices]
        objects = []
        for plan in plans:
            choices = pool.get(plan.fields["category_id"]) or [
                p for ps in pool.values() for p in ps
            ]
            if choices:
                name, width, height = choices[
                    zlib.crc32(plan.fields["slug"].encode()) % len(choices)
                ]
                plan.fields.update(poster=name, poster_width=width, poster_height=height)
            objects.append(_event_objects(plan))
        # The search index is computed once per event, after its credits and tags,
        # rather than by the triggers at every insert (see events/search_sql.py).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL billetnet.search_deferred = 'on'")
        created = Event.objects.bulk_create(objects)
        tagged, credits, showtimes = [], [], []
        for event, plan in zip(created, plans, strict=True):
            tagged += [
                TaggedItem(tag_id=pools.tags[name].pk, content_type=event_type, object_id=event.pk)
                for name in plan.tags
            ]
            credits += _credit_objects(event.pk, plan)
            showtimes += _showtime_objects(event.pk, plan)
        TaggedItem.objects.bulk_create(tagged)
        Credit.objects.bulk_create(credits)
        Showtime.objects.bulk_create(showtimes)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL billetnet.search_deferred = 'off'")
            cursor.execute("SELECT events_search_refresh(%s)", [[event.pk for event in created]])
        report.events += len(created)
        report.showtimes += len(showtimes)
        return list(zip(created, plans, strict=True))

    next_index = existing
    pooled = sum(len(p) for p in pool.values())
    if posters and pooled < poster_pool:
        # The pool: the next events get posters of their own, drawn once.
        count = min(poster_pool - pooled, events - next_index)
        with transaction.atomic():
            for event, plan in insert(range(next_index, next_index + count)):
                image = _poster_for(plan.fields, pools, venues[event.venue_id], plan.poster_dates)
                event_poster_set(event=event, image=image)
                pool.setdefault(event.category_id, []).append(
                    (event.poster.name, event.poster_width, event.poster_height)
                )
                report.posters += 1
        next_index += count
        if progress:
            progress(next_index - existing, events - existing)

    for batch_start in range(next_index, events, batch_size):
        with transaction.atomic():
            insert(range(batch_start, min(batch_start + batch_size, events)))
        if progress:
            progress(min(batch_start + batch_size, events) - existing, events - existing)

    search_horizon_refresh()
    catalogue_changed()
    with connection.cursor() as cursor:
        for table in ("events_event", "events_showtime", "events_credit", "taggit_taggeditem"):
            cursor.execute(f"ANALYZE {table}")
    report.total_events = existing + report.events
    report.seconds = time.monotonic() - started
    return report


# --- A million events -------------------------------------------------------------------------

# Past this many events, planning each one in Python would take hours: the bulk catalogue
# plans this many, then copies them in SQL (new slugs, showtimes shifted by a few days).
PLANNED_MAX = 100_000


def catalogue_multiply(*, events: int, progress: Progress | None = None) -> int:
    """Copy the planned demo events in SQL until there are `events` of them.

    Each round copies every planned event once, with a `-xN` slug suffix and its
    showtimes shifted by a few days, its credits and tags, and its search vector (the
    text is the same, so the triggers are skipped). Minutes for a million events.
    """
    planned = list(
        demo_events().exclude(slug__regex=r"-x[0-9]+$").order_by("id").values_list("id", flat=True)
    )
    existing = demo_events().count()
    if not planned or existing >= events:
        return 0
    event_columns = [
        f.column for f in Event._meta.concrete_fields if f.column not in {"id", "slug"}
    ]
    # The copy's showtimes are the original's, shifted: so are its first and last one.
    # Its next one is read from them: shifted later, a showtime the original played
    # a few days ago may be the copy's next (`search()` trusts `next_showtime_at` to
    # come before every showtime still to play).
    computed = {
        "first_showtime_at": "e.first_showtime_at + %(shift)s",
        "last_showtime_at": "e.last_showtime_at + %(shift)s",
        "next_showtime_at": (
            "(SELECT min(s.starts_at) + %(shift)s FROM events_showtime s "
            "WHERE s.event_id = e.id AND s.starts_at + %(shift)s >= %(now)s "
            "AND s.status <> 'cancelled')"
        ),
    }
    select_columns = ", ".join(computed.get(c, f"e.{c}") for c in event_columns)
    showtime_columns = [
        f.column for f in Showtime._meta.concrete_fields if f.column not in {"id", "event_id"}
    ]
    showtime_select = ", ".join(
        f"s.{c} + %(shift)s" if c in {"starts_at", "ends_at"} else f"s.{c}"
        for c in showtime_columns
    )
    event_type = ContentType.objects.get_for_model(Event).pk
    copied, round_number = 0, 0
    while existing + copied < events:
        round_number += 1
        while demo_events().filter(slug__endswith=f"-x{round_number}").exists():
            round_number += 1
        count = min(len(planned), events - existing - copied)
        shift = datetime.timedelta(days=(round_number * 11) % 21 - 10)
        params = {
            "ids": planned[:count],
            "suffix": f"-x{round_number}",
            "shift": shift,
            "now": timezone.now(),
        }
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL billetnet.search_deferred = 'on'")
            cursor.execute(
                "CREATE TEMP TABLE copy_map ON COMMIT DROP AS "
                "SELECT id AS old_id, nextval(pg_get_serial_sequence('events_event', 'id')) "
                "AS new_id FROM events_event WHERE id = ANY(%(ids)s)",
                params,
            )
            cursor.execute(
                f"INSERT INTO events_event (id, slug, {', '.join(event_columns)}) "
                f"SELECT m.new_id, left(e.slug, 200) || %(suffix)s, {select_columns} "
                "FROM copy_map m JOIN events_event e ON e.id = m.old_id",
                params,
            )
            cursor.execute(
                f"INSERT INTO events_showtime (event_id, {', '.join(showtime_columns)}) "
                f"SELECT m.new_id, {showtime_select} "
                "FROM copy_map m JOIN events_showtime s ON s.event_id = m.old_id",
                params,
            )
            cursor.execute(
                'INSERT INTO events_credit (event_id, artist_id, role, "order") '
                'SELECT m.new_id, c.artist_id, c.role, c."order" '
                "FROM copy_map m JOIN events_credit c ON c.event_id = m.old_id"
            )
            cursor.execute(
                "INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id) "
                "SELECT m.new_id, t.content_type_id, t.tag_id "
                "FROM copy_map m JOIN taggit_taggeditem t "
                "ON t.object_id = m.old_id AND t.content_type_id = %(type)s",
                {"type": event_type},
            )
            cursor.execute("DROP TABLE copy_map")
        copied += count
        if progress:
            progress(existing + copied, events)
    events_next_showtime_refresh()
    search_horizon_refresh()
    catalogue_changed()
    with connection.cursor() as cursor:
        for table in ("events_event", "events_showtime", "events_credit", "taggit_taggeditem"):
            cursor.execute(f"ANALYZE {table}")
    return copied
