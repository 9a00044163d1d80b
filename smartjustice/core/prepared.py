"""Server-side prepared statements for the few hot queries that skip the ORM (the location-report
ingest, ADR 0007)."""
from django.db import connection


def fetchone(sql: str, params) -> tuple | None:
    """The first row of `sql` (None when there is none), run on PostgreSQL as a server-side
    prepared statement: parsed and planned once per connection. The driver's errors are raised
    as Django's (OperationalError when the database is unreachable), as from the ORM. Outside a
    transaction the connection is in autocommit, so a write is committed when this returns."""
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        return cursor.execute(sql, params, prepare=True).fetchone()
