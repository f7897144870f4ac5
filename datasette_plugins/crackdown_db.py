"""Which attached database the crackdown pages read (not a plugin: shared by the plugins).

``crackdown serve`` attaches one file, but plain ``datasette`` may attach several: the
first one with an ``articles`` table is the crackdown database. Pages also check
Datasette's permissions, so a private instance's rules apply to them too.
"""

from __future__ import annotations

from datasette.utils.asgi import NotFound


async def crackdown_database(datasette, request=None, table: str = "articles"):
    """The Datasette ``Database`` holding ``table``; raises NotFound (a 404 page) when none does."""
    for name, db in datasette.databases.items():
        if name == "_internal":
            continue
        if await db.table_exists(table):
            if request is not None:
                await datasette.ensure_permissions(
                    request.actor, [("view-table", (name, table)), ("view-database", name), "view-instance"]
                )
            return db
    raise NotFound(f"no database with a {table} table is being served")


async def table_names(db) -> set[str]:
    return set(await db.table_names())


async def fetch_dicts(db, sql: str, params=None) -> list[dict]:
    """Rows as plain dicts (Datasette 0.65's Results has no ``dicts()``)."""
    results = await db.execute(sql, params or [])
    return [dict(row) for row in results.rows]
