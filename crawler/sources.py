"""Sources are data: load and check ``sources.yml``.

Every entry is validated on its own. A broken entry (missing key, unknown kind, a
typo'd key, a selector that does not compile) becomes one line naming the source and
is skipped; the other sources still run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml

KINDS = ("api", "feed", "sitemap", "listing")

REQUIRED = ("name", "agency", "country", "language", "kind", "start_urls")
COMMON_OPTIONAL = (
    "download_delay",
    "backfill_limit",
    "allow",
    "deny",
    "max_pages",
    "enabled",
    "verified",
    "notes",
    "homepage",
)
KIND_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "feed": {"required": (), "optional": ()},
    "sitemap": {"required": (), "optional": ("sitemap_follow", "max_sitemap_bytes")},
    "listing": {
        "required": ("link_selector",),
        "optional": ("item_selector", "date_selector", "date_format", "title_selector", "next_page"),
    },
    "api": {"required": ("fields",), "optional": ("pagination",)},
}
API_FIELDS_REQUIRED = ("items", "url")
API_FIELDS_OPTIONAL = ("title", "date", "date_format", "body", "id")
PAGINATION_KEYS = ("page_param", "start", "max_pages", "total", "pagesize")

DEFAULT_MAX_PAGES = 5
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class SourceError(ValueError):
    """One source entry cannot be used; the message is one line naming it."""


class SourcesFileError(ValueError):
    """The sources file as a whole cannot be read."""


@dataclass
class SourcesFile:
    """The usable sources of a file and one line per entry that was skipped."""

    path: Path | None
    sources: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # name of a broken entry -> its error line

    def __iter__(self):
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def named(self, names: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
        """The sources with these names, in file order; unknown names raise with a suggestion."""
        known = {s["name"]: s for s in self.sources}
        for name in names:
            if name not in known:
                raise SourceError(_unknown(f"no source named {name!r}", name, list(known)))
        return [s for s in self.sources if s["name"] in set(names)]


def _unknown(message: str, key: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(key, choices, n=1)
    return message + (f" (did you mean {close[0]!r}?)" if close else "")


def _check_keys(label: str, entry: Mapping[str, Any], allowed: tuple[str, ...], where: str = "") -> None:
    for key in entry:
        if key not in allowed:
            raise SourceError(_unknown(f"{label}: unknown key {where}{key!r}", str(key), list(allowed)))


def _is_xpath(selector: str) -> bool:
    return selector.startswith(("/", "(", "./", "xpath:"))


def check_selector(selector: Any, label: str, key: str) -> str:
    """Compile a CSS or XPath selector once so a typo is reported before any fetch."""
    from parsel import Selector

    if not isinstance(selector, str) or not selector.strip():
        raise SourceError(f"{label}: {key} must be a non-empty CSS or XPath selector")
    probe = Selector(text="<html><body></body></html>")
    try:
        if _is_xpath(selector):
            probe.xpath(selector.removeprefix("xpath:"))
        else:
            probe.css(selector)
    except Exception as exc:  # parsel raises ValueError, cssselect SelectorSyntaxError, lxml XPathError
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(f"{label}: {key} {selector!r} does not compile: {reason}") from None
    return selector


def _regexes(value: Any, label: str, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    for pattern in items:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SourceError(f"{label}: {key} pattern {pattern!r} is not a valid regex: {exc}") from None
    return items


def _positive(value: Any, label: str, key: str, *, integer: bool) -> int | float:
    kind = int if integer else float
    if isinstance(value, bool):
        raise SourceError(f"{label}: {key} must be a number, not {value!r}")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise SourceError(f"{label}: {key} must be a number, not {value!r}") from None
    if number < 0:
        raise SourceError(f"{label}: {key} must not be negative")
    return number


def validate_source(entry: Any, index: int = 0) -> dict[str, Any]:
    """Return the normalised source or raise :class:`SourceError` with a one-line reason."""
    if not isinstance(entry, Mapping):
        raise SourceError(f"source #{index + 1}: expected a mapping of keys, got {type(entry).__name__}")
    name = entry.get("name")
    label = f"source {name!r}" if name else f"source #{index + 1}"
    missing = [k for k in REQUIRED if entry.get(k) in (None, "", [])]
    if missing:
        raise SourceError(f"{label}: missing required key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SourceError(f"{label}: name must be lower-case letters, digits, '-', '_' or '.'")
    kind = entry["kind"]
    if kind not in KINDS:
        raise SourceError(_unknown(f"{label}: unknown kind {kind!r}, expected one of {', '.join(KINDS)}", str(kind), list(KINDS)))
    spec = KIND_KEYS[kind]
    _check_keys(label, entry, REQUIRED + COMMON_OPTIONAL + spec["required"] + spec["optional"])
    for key in spec["required"]:
        if entry.get(key) in (None, "", {}):
            raise SourceError(f"{label}: kind {kind} needs {key!r}")

    source = dict(entry)
    country = str(entry["country"]).upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise SourceError(f"{label}: country {entry['country']!r} is not an ISO 3166 alpha-2 code")
    import pycountry

    if country not in {"EU", "XX"} and pycountry.countries.get(alpha_2=country) is None:
        raise SourceError(f"{label}: country {entry['country']!r} is not an ISO 3166 alpha-2 code")
    source["country"] = country
    language = str(entry["language"]).lower()
    if not re.fullmatch(r"[a-z]{2}", language):
        raise SourceError(f"{label}: language {entry['language']!r} is not an ISO 639-1 code")
    source["language"] = language

    urls = entry["start_urls"]
    urls = [urls] if isinstance(urls, str) else urls
    if not isinstance(urls, list) or not urls:
        raise SourceError(f"{label}: start_urls must be a URL or a list of URLs")
    for url in urls:
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceError(f"{label}: start URL {url!r} is not an http(s) URL")
    source["start_urls"] = [str(u) for u in urls]

    source["allow"] = _regexes(entry.get("allow"), label, "allow")
    source["deny"] = _regexes(entry.get("deny"), label, "deny")
    for key in ("download_delay",):
        if entry.get(key) is not None:
            source[key] = float(_positive(entry[key], label, key, integer=False))
    for key in ("backfill_limit", "max_pages"):
        if entry.get(key) is not None:
            source[key] = int(_positive(entry[key], label, key, integer=True))
    source.setdefault("max_pages", DEFAULT_MAX_PAGES)
    source["enabled"] = bool(entry.get("enabled", True))
    if "verified" in entry:
        verified = entry["verified"]
        if not isinstance(verified, bool) and not (isinstance(verified, str) and re.fullmatch(r"[a-z][a-z0-9-]*", verified)):
            raise SourceError(f"{label}: verified must be true, false or a short word saying how it was checked (e.g. saved-markup)")

    if kind == "listing":
        for key in ("link_selector", "item_selector", "date_selector", "title_selector", "next_page"):
            if entry.get(key) is not None:
                check_selector(entry[key], label, key)
    if kind == "api":
        fields_ = entry["fields"]
        if not isinstance(fields_, Mapping):
            raise SourceError(f"{label}: fields must be a mapping (items, url, title, date, body)")
        _check_keys(label, fields_, API_FIELDS_REQUIRED + API_FIELDS_OPTIONAL, "fields.")
        for key in API_FIELDS_REQUIRED:
            if not fields_.get(key):
                raise SourceError(f"{label}: fields.{key} is required for kind api")
        source["fields"] = dict(fields_)
        pagination = entry.get("pagination") or {}
        if not isinstance(pagination, Mapping):
            raise SourceError(f"{label}: pagination must be a mapping")
        _check_keys(label, pagination, PAGINATION_KEYS, "pagination.")
        pagination = dict(pagination)
        if "start" in pagination:
            pagination["start"] = int(_positive(pagination["start"], label, "pagination.start", integer=True))
        if "max_pages" in pagination:
            pagination["max_pages"] = int(_positive(pagination["max_pages"], label, "pagination.max_pages", integer=True))
        source["pagination"] = pagination
    return source


def parse_sources(data: Any, path: Path | None = None) -> SourcesFile:
    """Validate the parsed YAML document: keep the good entries, report the others."""
    if not isinstance(data, Mapping) or not isinstance(data.get("sources"), list):
        raise SourcesFileError(f"{path or 'sources'}: expected a top-level 'sources:' list")
    result = SourcesFile(path=path)
    seen: set[str] = set()
    for index, entry in enumerate(data["sources"]):
        try:
            source = validate_source(entry, index)
        except SourceError as exc:
            result.errors.append(str(exc))
            name = entry.get("name") if isinstance(entry, Mapping) else None
            if isinstance(name, str) and name.strip():
                result.skipped.setdefault(name.strip(), str(exc))
            continue
        if source["name"] in seen:
            result.errors.append(f"source {source['name']!r}: duplicate name, the later entry is skipped")
            continue
        seen.add(source["name"])
        result.sources.append(source)
    return result


def load_sources(path: str | Path, names: list[str] | tuple[str, ...] | None = None) -> SourcesFile:
    """Read ``path``; a missing or unparseable file raises :class:`SourcesFileError`.

    With ``names``, only those sources are kept; a name the file does not have becomes
    one more error line (with a suggestion), like a broken entry.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesFileError(f"sources file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"sources file {path}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise SourcesFileError(f"sources file {path}: invalid YAML: {reason}") from None
    result = parse_sources(data, path)
    if names:
        known = {s["name"] for s in result.sources}
        for name in names:
            if name not in known:
                result.errors.append(_unknown(f"no usable source named {name!r} in {path}", name, sorted(known)))
        result.sources = [s for s in result.sources if s["name"] in set(names)]
        result.skipped = {k: v for k, v in result.skipped.items() if k in set(names)}
    return result
