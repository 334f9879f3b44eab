"""What every command group shares: the options (--db, -v, --allow-host, --task-runner, --catalogue),
`_fail` (one red line and an exit status), settings imported on first use, and logging on stderr.

Standard library and typer only at module level: each command imports what it uses in its body.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from flows.config import Settings as _Settings

T = TypeVar("T")

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="NEWSDESK_DB", help="Warehouse file (DuckDB).", show_default=True),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and Prefect's task runs.")]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option("--allow-host", help="Host, IP or CIDR to fetch although private/loopback (repeatable)."),
]
TaskRunnerOption = Annotated[
    str, typer.Option("--task-runner", help="thread (default) or dask (scale-out; needs `uv sync --extra dask`).")
]
CatalogueOption = Annotated[
    Path | None,
    typer.Option("--catalogue", envvar="NEWSDESK_CATALOGUE", help="Catalogue TOML (default: the shipped one)."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` in red on stderr; return the exit (status *code*) for the caller to raise."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _since(value: str | None, parse: Callable[[str], T]) -> T | None:
    """A --since option parsed by *parse*; a usage error (exit 2) when it is not an ISO date."""
    try:
        return parse(value) if value else None
    except ValueError:
        raise _fail(f"--since must be an ISO date like 2026-11-01, not {value!r}", 2) from None


def Settings(**overrides: Any) -> _Settings:
    """newsdesk's settings (:class:`flows.config.Settings`), imported by the first command that needs them.

    Importing the class loads pydantic and the extraction code (~1 s) that `sql`, `ask` and `--help`
    never use, so this stands in for it under the same name.
    """
    from flows.config import Settings as settings_class

    return settings_class(**overrides)


def _allowing(hosts: list[str] | None) -> _Settings:
    """Settings from the environment, with *hosts* added to the SSRF allow-list (--allow-host)."""
    settings = Settings()
    return settings.model_copy(update={"allow_hosts": [*settings.allow_hosts, *(hosts or [])]})


def _load_catalogue(path: Path | None):
    """The entity catalogue at *path* (default: the shipped one); one clean error if it cannot be read."""
    from extractors.entities import CatalogueError, load_catalogue

    try:
        return load_catalogue(path)
    except (CatalogueError, OSError, ValueError) as exc:
        raise _fail(str(exc)) from None


def _setup_logging(verbose: bool) -> None:
    """Library code only logs; the CLI decides where it goes (stderr) and how much.

    Without -v, Prefect's own run logs are off: a run ends with newsdesk's summary, or with one
    sentence for an error the run was stopped by (Prefect would print its traceback first).
    An unexpected exception still reaches the user as Python's traceback.
    """
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("prefect").setLevel(logging.INFO if verbose else logging.CRITICAL)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
