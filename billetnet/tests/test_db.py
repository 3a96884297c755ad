"""billetnet.db.prepared_cursor: statements prepared once per connection, counted as queries."""

import pytest
from django.db import DataError, connection

from billetnet.db import prepared_cursor

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
