"""The PostgreSQL set-up the search will stand on, and the project's own commands."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        names = {row[0] for row in cursor.fetchall()}
    assert {"unaccent", "pg_trgm"} <= names


@pytest.mark.django_db
def test_french_unaccent_ignores_accents_and_stems():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('french_unaccent', 'Les Théâtres de Molière')"
            " @@ plainto_tsquery('french_unaccent', 'theatre moliere')"
        )
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT to_tsvector('french_unaccent', 'concerts des enfants')")
        vector = cursor.fetchone()[0]
    assert "'concert'" in vector
    assert "'enfant'" in vector


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_ensure_database_finds_the_existing_database(capsys):
    call_command("ensure_database")
    assert "is ready" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from accounts.models import User

    call_command("seed_demo", "--no-posters", verbosity=0)
    first = list(User.objects.values_list("email", "pseudo", "password").order_by("email"))
    call_command("seed_demo", "--no-posters", verbosity=0)
    again = list(User.objects.values_list("email", "pseudo", "password").order_by("email"))
    assert first == again
    assert (
        User.objects.get(email="moderateur@billetnet.test")
        .groups.filter(name="Modérateurs")
        .exists()
    )


@pytest.mark.django_db
def test_web_connections_run_without_jit():
    """Short web queries do not pay for PostgreSQL's JIT compilation (docs/performance.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
