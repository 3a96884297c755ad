"""billetnet.db.prepared_cursor: statements prepared once per connection, counted as queries."""

import psycopg
import pytest
from django.db import DataError, connection

from billetnet.db import prepared_cursor, prepared_rows

pytestmark = pytest.mark.django_db

STATEMENT = "SELECT %(a)s::int + %(b)s::int"


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_is_prepared_once_and_reused(django_assert_num_queries):
    with django_assert_num_queries(3):
        for a in (1, 2, 3):
            with prepared_cursor() as cursor:
                cursor.execute(STATEMENT, {"a": a, "b": 40})
                assert cursor.fetchone() == (a + 40,)
    assert prepared_statements().count("SELECT $1::int + $2::int") == 1


def test_without_a_prepare_threshold_statements_are_sent_the_usual_way():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None
    try:
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT, {"a": 1, "b": 1})
            assert cursor.fetchone() == (2,)
    finally:
        connection.connection.prepare_threshold = threshold
    assert not any("$1::int + $2::int" in s for s in prepared_statements())


def test_errors_are_django_errors():
    with pytest.raises(DataError), prepared_cursor() as cursor:
        cursor.execute("SELECT %(a)s::int", {"a": "not a number"})


@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_before_a_migration_runs_again_after_it():
    """A migration run from elsewhere changes a column a prepared statement returns:
    PostgreSQL refuses the old statement (« cached plan must not change result type »)
    on this connection until it closes. The click still counts."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE billetnet_prepared_probe (a integer)")
        cursor.execute("INSERT INTO billetnet_prepared_probe VALUES (1)")
    try:
        for _ in range(2):
            assert prepared_rows("SELECT a FROM billetnet_prepared_probe", {}) == [(1,)]
        settings = connection.settings_dict
        with psycopg.connect(
            dbname=settings["NAME"],
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            autocommit=True,
        ) as elsewhere:
            elsewhere.execute("ALTER TABLE billetnet_prepared_probe ALTER COLUMN a TYPE bigint")
        assert prepared_rows("SELECT a FROM billetnet_prepared_probe", {}) == [(1,)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE billetnet_prepared_probe")
