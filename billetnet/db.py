"""Server-side prepared statements for the few statements that run on every hit.

Django sends every query with its parameters inlined (psycopg's client-side binding),
so PostgreSQL parses and plans it each time. For a statement as small as the one that
records a « Réserver » click, planning costs more than running it (0.25 ms against
0.09 ms). `prepared_rows()` runs such statements as prepared statements instead:
psycopg prepares each one once per database connection, and PostgreSQL, after five
executions, keeps a generic plan when it is no worse than the custom ones.

Only statements written for it go through it: with server-side binding, a parameter's
type is not inlined text any more, so a parameter used twice may need a cast
(`%(visitor)s::text`). Statements are prepared on each connection, which Django keeps
for `CONN_MAX_AGE`; behind a pooler in transaction mode that cannot keep them (PgBouncer
before 1.21), set `DJANGO_DB_PREPARED_STATEMENTS=false` and the same statements are sent
the usual way.
"""

import contextlib
from collections.abc import Mapping, Sequence

import psycopg
from django.db import DatabaseError, connection

# What PostgreSQL answers when a statement prepared on this connection no longer fits the
# tables, after a migration run from elsewhere changed a column it returns (« cached
# plan must not change result type », feature_not_supported), or when the server no
# longer knows it (invalid_sql_statement_name).
STALE_STATEMENT_STATES = frozenset({"0A000", "26000"})


class _PreparingCursor(psycopg.Cursor):
    """A server-side binding cursor that prepares every statement it executes."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


def prepared_rows(sql: str, params: Mapping | Sequence) -> list[tuple]:
    """The rows of `sql`, run as a statement prepared on this connection.

    A statement prepared before a migration changed what it returns fails, and would
    fail on this connection until it closes: the connection is closed with its prepared
    statements and, outside a transaction, the statement runs again on a new one.
    Inside a transaction (then aborted) the error stands, and the connection is closed
    at the end of the request.
    """
    try:
        return _run(sql, params)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) not in STALE_STATEMENT_STATES:
            raise
        if connection.in_atomic_block:
            connection.close_at = 0  # obsolete: Django closes it at the request's end
            raise
        connection.close()
        return _run(sql, params)


def _run(sql: str, params: Mapping | Sequence) -> list[tuple]:
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def runs_prepared(cursor) -> bool:
    """Whether a cursor from Django's wrappers (an `execute_wrapper`'s
    `context["cursor"]`) runs its statements as prepared statements."""
    return isinstance(cursor.cursor, _PreparingCursor)


@contextlib.contextmanager
def prepared_cursor():
    """A cursor on Django's connection whose statements run as prepared statements
    (`prepared_rows()` runs one, and recovers from a migration).

    The settings give the connection a prepare threshold it never reaches on its own
    (`DATABASES["default"]["OPTIONS"]["prepare_threshold"]`); without one
    (`DJANGO_DB_PREPARED_STATEMENTS=false`), this is Django's usual cursor.

    It goes through Django's cursor wrappers: queries are counted and logged like any
    other (`assertNumQueries`, `connection.execute_wrapper`), inside the current
    transaction if there is one.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection.prepare_threshold is None:
        with connection.cursor() as cursor:
            yield cursor
        return
    raw = _PreparingCursor(connection.connection)
    wrapped = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with wrapped as cursor:
        yield cursor
