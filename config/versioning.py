"""Data versions: one query that changes whenever a set of tables is written, for cache keys.

The signature is the highest simple-history id (``history_id`` only grows: every change through
the ORM, deletions included, leaves a row) and the highest primary key (bulk inserts that skip
history) of each table. Writes that bypass both — raw SQL updates, ``QuerySet.update`` on a
table without history — are caught by the caches' time limits instead.

The SQL is built once per set of models (model metadata, never user input). On PostgreSQL it is
a prepared statement per connection: planning ~100 ``MAX`` sub-selects costs ~6 ms, executing
the prepared plan under 1 ms, and the page caches run it on every request. (A connection pooler
in transaction mode, which does not keep prepared statements, is not supported.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections


def version_sql(models: Iterable) -> str:
    q = connection.ops.quote_name
    tables: list[tuple[str, str]] = []
    for model in models:
        tables.append((model._meta.pk.column, model._meta.db_table))
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(("history_id", history.model._meta.db_table))
    parts = [f"(SELECT MAX({q(col)}) FROM {q(table)})" for col, table in tables]  # noqa: S608
    return "SELECT " + ", ".join(parts)


def read_version(sql: str) -> str:
    conn = connections[DEFAULT_DB_ALIAS]  # this thread's connection, not the module-level proxy
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            name = "version_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
            # prepared statements live as long as the database session: remember them per
            # session (the DB-API connection object; a reconnection starts afresh)
            raw = conn.connection
            state = conn.__dict__.get("_versions_prepared")
            if state is None or state[0] is not raw:
                state = (raw, set())
                conn.__dict__["_versions_prepared"] = state
            if name not in state[1]:
                cursor.execute(f"PREPARE {name} AS {sql}")
                state[1].add(name)
            cursor.execute(f"EXECUTE {name}")
        else:
            cursor.execute(sql)
        row = cursor.fetchone()
    return ".".join("" if v is None else str(v) for v in row)
