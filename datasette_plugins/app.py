"""Build the Datasette instance crackdown serves: one place, used by ``crackdown serve`` and the tests.

Not a plugin itself: it loads the codebook (``metadata.yml``), points Datasette at this
package's templates and static files, makes sure the plugin modules are registered, and
applies the safe defaults from ``settings.serve`` (immutable file, SQL time limit).
"""

from __future__ import annotations

import copy
import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crackdown.settings import ServeSettings, Settings
from datasette_plugins.dashboard import PLUGIN as DASHBOARD_PLUGIN, dashboard_config
from db.publish import ACTION_TABLE

HERE = Path(__file__).resolve().parent
METADATA_PATH = HERE / "metadata.yml"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_MOUNT = "crackdown-static"
METADATA_DB_KEY = "crackdown"
AUTH_PLUGIN = "crackdown-basic-auth"
SEARCH_PLUGIN = "crackdown-search"
PBKDF2_ITERATIONS = 200_000
DASHBOARD_NEEDS = {"articles", "relevance", "charges", "counts", "places", ACTION_TABLE}


@lru_cache(maxsize=1)
def _codebook() -> dict[str, Any]:
    data = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("x-")}


def database_name(db_path: str | os.PathLike) -> str:
    """Datasette names a database after its file's stem."""
    return Path(db_path).stem


def load_metadata(db_path: str | os.PathLike, base_url: str = "/") -> dict[str, Any]:
    """The codebook, keyed by the served database's name, with its links made absolute for ``base_url``."""
    data = copy.deepcopy(_codebook())
    name = database_name(db_path)
    databases = data.get("databases", {})
    if METADATA_DB_KEY in databases and name != METADATA_DB_KEY:
        databases[name] = databases.pop(METADATA_DB_KEY)
    prefix = base_url.rstrip("/")
    if "description_html" in data:
        data["description_html"] = (
            data["description_html"]
            .replace('href="/-/', f'href="{prefix}/-/')
            .replace(f'href="/{METADATA_DB_KEY}/', f'href="{prefix}/{name}/')
        )
    return data


def fit_to_schema(metadata: dict[str, Any], db_path: Path) -> dict[str, Any]:
    """Drop sort orders, facets and labels naming columns the file lacks (Datasette errors on them)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")]
        columns = {n: {r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")} for n in names}
    finally:
        conn.close()
    for database in metadata.get("databases", {}).values():
        for table, meta in database.get("tables", {}).items():
            have = columns.get(table, set())
            for key in ("sort", "sort_desc", "label_column"):
                if key in meta and meta[key] not in have:
                    del meta[key]
            if meta.get("fts_table") and meta["fts_table"] not in columns:
                del meta["fts_table"]  # not published yet: no search box rather than a failing one
            if "facets" in meta:
                meta["facets"] = [f for f in meta["facets"] if isinstance(f, dict) or f in have]
    return metadata


def _table_names(db_path: Path) -> set[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    finally:
        conn.close()


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash``: what the basic-auth plugin compares against."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def wal_pending(db_path: str | os.PathLike) -> bool:
    """True when the file has writes still in its ``-wal`` file, which an immutable reader would not see."""
    path = Path(db_path)
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def largest_table_rows(db_path: str | os.PathLike) -> int:
    """Rows of the largest table, from the planner statistics ``ANALYZE`` keeps (else counting articles)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            stats = conn.execute("select stat from sqlite_stat1").fetchall()
        except sqlite3.OperationalError:
            stats = []
        counts = [int(stat.split()[0]) for (stat,) in stats if stat and stat.split()[0].isdigit()]
        if counts:
            return max(counts)
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.OperationalError:
            return 0
    finally:
        conn.close()


def quiet_error_locals() -> None:
    """Stop Datasette printing every handled error with its local variables.

    With ``rich`` installed (spaCy brings it), Datasette 0.65's error handler prints each
    exception it turns into an error page - a 400 for a mistyped filter too - with
    ``show_locals=True``: the request scope, headers included, so a private instance's
    ``Authorization: Basic`` credentials land in the server log. Without ``rich`` it prints
    plain tracebacks for 500s only, which is what an operator needs.
    """
    import datasette.handle_exception

    datasette.handle_exception.rich = None


def make_datasette(db_path: str | os.PathLike, settings: Settings | ServeSettings | None = None, **overrides: Any):
    """A configured :class:`datasette.app.Datasette` serving ``db_path``.

    ``overrides`` replace fields of ``settings.serve`` (e.g. ``immutable=False``).
    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` for an immutable
    serve of a file whose WAL still holds writes (run ``crackdown serve`` on a writable
    file, which checkpoints it, or pass ``immutable=False``).
    """
    from dataclasses import replace

    from datasette.app import Datasette

    import datasette_plugins
    from datasette_plugins.place_map import PLUGIN as MAP_PLUGIN, cluster_map_config

    serve = settings.serve if isinstance(settings, Settings) else (settings or ServeSettings())
    if overrides:
        serve = replace(serve, **overrides)
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"database {path} does not exist")
    if serve.immutable and wal_pending(path):
        raise ValueError(
            f"{path} has uncheckpointed writes in {path.name}-wal; an immutable server would not see them "
            "(run `crackdown publish`/serve on a writable file first, or serve with --no-immutable)"
        )
    base_url = serve.base_url if serve.base_url.endswith("/") else serve.base_url + "/"
    if not base_url.startswith("/"):
        base_url = "/" + base_url
    metadata = fit_to_schema(load_metadata(path, base_url), path)
    metadata.setdefault("plugins", {})[SEARCH_PLUGIN] = {"max_matches": serve.search_facets_max_matches}
    metadata["plugins"][MAP_PLUGIN] = cluster_map_config(serve.map_tile_url, serve.map_tile_attribution)
    if DASHBOARD_NEEDS <= _table_names(path):  # a database not published yet has no dashboard rather than a 500
        metadata["plugins"][DASHBOARD_PLUGIN] = dashboard_config(database_name(path), base_url)
    if serve.auth_user and serve.auth_password:
        metadata.setdefault("plugins", {})[AUTH_PLUGIN] = {
            "username": serve.auth_user,
            "password_hash": hash_password(serve.auth_password),
        }
    datasette_plugins.register()
    quiet_error_locals()
    files = {"immutables": [str(path)]} if serve.immutable else {"files": [str(path)]}
    return Datasette(
        **files,
        metadata=metadata,
        template_dir=str(TEMPLATES),
        static_mounts=[(STATIC_MOUNT, str(STATIC))],
        settings={
            "sql_time_limit_ms": serve.sql_time_limit_ms,
            "facet_time_limit_ms": serve.facet_time_limit_ms,
            "base_url": base_url,
            "allow_download": serve.allow_download,
            "suggest_facets": largest_table_rows(path) <= serve.suggest_facets_max_rows,
        },
    )
