"""Batches the loader could not load, set aside beside the spool.

A batch that fails to load for any reason but a lock — a file cut short by a
full disk, a row of the wrong type, a value DuckDB refuses — would otherwise
stop every later run at its first load, forever. The loader moves it, whole,
to ``quarantine/`` beside the spool with its error in ``error.txt``, and goes
on with the other batches. Nothing is lost: ``newsdesk spool retry`` moves a
batch back once it is mended (or the loader is), ``newsdesk spool drop
--yes`` deletes it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ERROR_FILE = "error.txt"
# An error message longer than this is cut in the run summary (error.txt keeps it whole).
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class Quarantined:
    """A batch set aside: where it is, why, and what it holds."""

    name: str
    path: Path
    error: str
    quarantined_at: datetime
    rows: dict[str, int]

    @property
    def summary(self) -> str:
        """The error on one line, cut to a length a run summary can show."""
        return one_line(self.error)


def one_line(message: str) -> str:
    """A message on one line, at most ``MAX_ERROR_CHARS`` long."""
    text = " ".join(message.split())
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def quarantine_dir(spool_dir: Path) -> Path:
    """The quarantine folder of a spool: its sibling, so both live on one file system and a move is a rename."""
    return spool_dir.parent / "quarantine"


def quarantine(batch_dir: Path, error: str) -> Path:
    """Move *batch_dir* out of its spool into the quarantine, with *error* beside its files."""
    target_root = quarantine_dir(batch_dir.parent)
    target_root.mkdir(parents=True, exist_ok=True)
    target = target_root / batch_dir.name
    if target.exists():  # the same batch set aside before, retried and failed again
        shutil.rmtree(target)
    (batch_dir / ERROR_FILE).write_text(error + "\n", encoding="utf-8")
    os.replace(batch_dir, target)
    return target


def _rows(batch: Path) -> dict[str, int]:
    counts = {}
    for path in sorted(batch.glob("*.jsonl")):
        with open(path, "rb") as data:
            counts[path.stem] = sum(chunk.count(b"\n") for chunk in iter(lambda: data.read(1 << 20), b""))
    return counts


def quarantined(spool_dir: Path) -> list[Quarantined]:
    """The batches set aside from *spool_dir*, oldest first (names sort by time)."""
    root = quarantine_dir(spool_dir)
    if not root.exists():
        return []
    found = []
    for batch in sorted(p for p in root.iterdir() if p.is_dir()):
        error_file = batch / ERROR_FILE
        error = error_file.read_text(encoding="utf-8").strip() if error_file.exists() else "(no error recorded)"
        stamp = (error_file if error_file.exists() else batch).stat().st_mtime
        found.append(Quarantined(batch.name, batch, error, datetime.fromtimestamp(stamp, UTC), _rows(batch)))
    return found


def _find(spool_dir: Path, name: str) -> Path:
    batch = quarantine_dir(spool_dir) / name
    if "/" in name or name in ("", ".", "..") or not batch.is_dir():
        raise KeyError(f"no quarantined batch named {name!r} in {quarantine_dir(spool_dir)}")
    return batch


def retry(spool_dir: Path, name: str) -> Path:
    """Move a quarantined batch back into the spool; the next load tries it again.

    Raises:
        KeyError: no quarantined batch of that name.
    """
    batch = _find(spool_dir, name)
    (batch / ERROR_FILE).unlink(missing_ok=True)
    spool_dir.mkdir(parents=True, exist_ok=True)
    target = spool_dir / name
    if target.exists():
        raise FileExistsError(f"the spool already holds a batch named {name!r}")
    os.replace(batch, target)
    return target


def drop(spool_dir: Path, name: str) -> None:
    """Delete a quarantined batch for good.

    Raises:
        KeyError: no quarantined batch of that name.
    """
    shutil.rmtree(_find(spool_dir, name))
