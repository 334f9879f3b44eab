"""Promoting a provisional entity into the catalogue file: the curator's step after ``entities discover``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from extractors.entities import Catalogue, default_catalogue_path
from extractors.normalise import fold
from warehouse.database import Warehouse

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_VERSION = re.compile(r'(?m)^version = "([^"]*)"')


class PromotionError(ValueError):
    """The entity cannot be promoted (unknown, already curated, or the catalogue would become inconsistent)."""


@dataclass(frozen=True)
class Promotion:
    """What ``promote`` wrote: the catalogue file, its new version, and the entry."""

    path: Path
    version: str
    entry: str


def _toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string or list of strings is valid TOML


def catalogue_entry(entity_id: str, found: dict, new_id: str, today: str) -> str:
    """The ``[[entity]]`` block for a provisional entity, with its provenance."""
    seen, aliases = {fold(found["name"])}, []
    for surface in found["surfaces"]:  # other spellings seen (Traditional, Latin case) stay searchable
        if fold(surface) not in seen:
            seen.add(fold(surface))
            aliases.append(surface)
    lines = ["[[entity]]", f"id = {_toml(new_id)}", f"name = {_toml(found['name'])}", f"kind = {_toml(found['kind'])}"]
    if aliases:
        lines.append(f"aliases = {_toml(aliases)}")
    source = (
        f"promoted {today} from provisional entity {entity_id} (found by the {found['evidence']} pattern "
        f"in {found['articles']} stories)"
    )
    lines.append(f"source = {_toml(source)}")
    return "\n".join(lines) + "\n"


def promote(db: Path, entity_id: str, new_id: str, catalogue_path: Path | None = None) -> Promotion:
    """Append the provisional entity *entity_id* to the catalogue file as *new_id*, and bump its version.

    The file is checked as a whole before it is written; ``newsdesk retag`` then brings the
    warehouse to the new catalogue.

    Raises:
        PromotionError: *entity_id* is not a provisional entity of the warehouse, *new_id* is not a
            slug, or the catalogue would become inconsistent (the message says why).
    """
    if not _ID.fullmatch(new_id):
        raise PromotionError(f"--id must be a lowercase slug like 'deepexi', not {new_id!r}")
    found = Warehouse(db).provisional_entity(entity_id)
    if found is None:
        raise PromotionError(f"{entity_id} is not a provisional entity in {db} (see `newsdesk entities discover`)")
    path = catalogue_path or default_catalogue_path()
    text = path.read_text(encoding="utf-8")
    today = datetime.now(UTC).strftime("%Y.%m.%d")
    entry = catalogue_entry(entity_id, found, new_id, today)
    version = f"{today}-promoted-{new_id}"
    updated, replaced = _VERSION.subn(f'version = "{version}"', text, count=1)
    if not replaced:
        updated = f'version = "{version}"\n' + updated
    updated = updated.rstrip("\n") + "\n\n" + entry
    try:
        Catalogue.from_toml(updated)
    except ValueError as exc:
        raise PromotionError(f"the catalogue would not load: {exc}") from None
    path.write_text(updated, encoding="utf-8")
    return Promotion(path, version, entry)
