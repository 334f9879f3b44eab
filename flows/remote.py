"""Parameters of runs started through the Prefect API are checked where the flow runs.

Whoever can reach the Prefect API can start ``daily/newsdesk-daily`` or
``backfill/newsdesk-backfill`` with any parameters. The configuration where
the flows are served (``NEWSDESK_*`` beside ``newsdesk serve`` or the
worker) is the operator's, and a run's parameters may not loosen it:

* ``options`` may set only :data:`REMOTE_OPTIONS`, knobs that change how a
  run works but not what it may reach or read: no ``allow_hosts`` or
  ``respect_robots`` (the SSRF guard and politeness), no ``sources`` or
  ``catalogue`` (files to read), no ``workers`` (the machine's load)…
* the warehouse (``db``, or ``db``/``data_dir`` in options) only inside the
  configured data directory (``Settings.base_dir``);
* ``url_file`` only inside ``NEWSDESK_URL_FILE_DIR``, and none without it.

The check runs at the start of the deployed flows, in the flow run's own
process, because that is the one place every run passes whatever started
it (``newsdesk serve``, a worker, a schedule). Runs started locally (the
CLI, tests) have no deployment and are the operator's own: not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flows.config import Settings

# Options a deployment run may set: tuning and relevance, nothing that widens what is fetched or read.
REMOTE_OPTIONS = frozenset(
    {
        "batch_size",
        "pipeline_depth",
        "load_interval",
        "lock_wait",
        "lookback_days",
        "relevance_keywords",
        "relevance_threshold",
    }
)
# Options naming where the warehouse, spool and archive are written: allowed inside the data directory.
WAREHOUSE_OPTIONS = ("db", "data_dir")


class RemoteParameterError(ValueError):
    """A deployment run's parameter that the serving configuration does not permit; ``str()`` is one line."""


def guard_remote_run(db: str | None, options: Mapping[str, Any] | None, url_file: str | None = None) -> None:
    """Check a flow's parameters if this run was started from a deployment (see the module doc).

    Raises:
        RemoteParameterError: a parameter the serving configuration does not permit; the run fails.
    """
    from prefect.runtime import deployment

    if deployment.id:
        check_remote_parameters(Settings(), db, options, url_file)


def check_remote_parameters(
    serving: Settings, db: str | None, options: Mapping[str, Any] | None, url_file: str | None = None
) -> None:
    """Refuse deployment-run parameters that would loosen the *serving* configuration.

    Raises:
        RemoteParameterError: the first parameter that is not permitted.
    """
    options = options or {}
    for key in options:
        _check_option(key)
    for name, value in (("db", db), ("options.db", options.get("db")), ("options.data_dir", options.get("data_dir"))):
        if value is not None:
            _check_inside(name, value, serving.base_dir, "the data directory (NEWSDESK_DATA_DIR, else NEWSDESK_DB's)")
    if url_file is not None:
        if serving.url_file_dir is None:
            raise RemoteParameterError(
                "url_file cannot be read by a deployment run: NEWSDESK_URL_FILE_DIR names no folder for URL files"
            )
        _check_inside("url_file", url_file, serving.url_file_dir, "NEWSDESK_URL_FILE_DIR")


def _check_option(key: str) -> None:
    if key in REMOTE_OPTIONS or key in WAREHOUSE_OPTIONS:
        return
    if key not in Settings.model_fields:
        raise RemoteParameterError(f"unknown option {key!r}")
    raise RemoteParameterError(
        f"option {key!r} cannot be set by a deployment run; set NEWSDESK_{key.upper()} where the flows are served"
    )


def _check_inside(name: str, value: Any, folder: Path, folder_name: str) -> None:
    """*value* must be a path inside *folder*, after ``..`` and symbolic links are resolved."""
    try:
        inside = isinstance(value, str) and Path(value).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):  # e.g. an embedded NUL byte
        inside = False
    if not inside:
        raise RemoteParameterError(f"{name} {value!r} is not inside {folder_name}, {str(folder.resolve())!r}")
