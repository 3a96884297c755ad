"""The portal's rubriques: reference data the site needs in every environment."""

from django.db import migrations

CATEGORIES = [
    ("Théâtre", "theatre", "Classiques, créations, comédies et seuls en scène."),
    ("Concerts", "concerts", "Chanson, rock, jazz, musiques du monde, électro."),
    ("Enfants", "enfants", "Spectacles, contes et ateliers pour le jeune public."),
    ("Humour", "humour", "One-man-shows, stand-up, cafés-théâtres."),
    ("Danse", "danse", "Ballet, danse contemporaine, hip-hop, flamenco."),
    ("Opéra", "opera", "Opéra, opérette et comédie musicale lyrique."),
    ("Musique classique", "musique-classique", "Récitals, musique de chambre, orchestres."),
    ("Cirque", "cirque", "Cirque contemporain, magie, arts de la piste."),
    ("Expositions", "expositions", "Musées, galeries, expositions temporaires."),
    ("Festivals", "festivals", "Festivals de musique, de théâtre, d'arts de la rue."),
    ("Loisirs", "loisirs", "Visites, salons, sorties et activités."),
    ("Sports", "sports", "Matchs, compétitions et grands événements sportifs."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("events", "Category")
    for position, (name, slug, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
