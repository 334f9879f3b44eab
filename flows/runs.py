"""Runs: a run's identity, its start and finish, and the record it leaves (the ``runs`` row, a Prefect artifact)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from prefect.artifacts import create_markdown_artifact
from prefect.utilities.annotations import opaque

from flows.batches import batch_name, load, record_load, spool
from flows.config import Settings
from flows.http.fetch import FetchResult
from flows.processing import fetch_row
from flows.summary import RunSummary
from warehouse.spool import Batch, discard_partial, pending_batches

logger = logging.getLogger(__name__)


def settings_from(db: str | None, options: dict[str, Any] | None) -> Settings:
    values = dict(options or {})
    if db:
        values["db"] = db
    return Settings(**values)


def current_run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


def start_run(flow_name: str, settings: Settings) -> RunSummary:
    summary = RunSummary(run_id=current_run_id(), flow=flow_name, started_at=datetime.now(UTC))
    discard_partial(settings.spool_dir)
    record_load(summary, load(settings))  # batches an earlier run could not load go first
    return summary


def run_status(summary: RunSummary) -> str:
    """``failed`` when every batch failed on an internal error (nothing could be done: a bug, a full disk);
    ``completed_with_errors`` when some did or a batch was set aside; else ``completed``.

    Pages that could not be fetched or held no article are outcomes, not errors.
    """
    if summary.batches and summary.batches_failed == summary.batches:
        return "failed"
    return "completed" if not (summary.batches_failed or summary.quarantined) else "completed_with_errors"


def finish_run(settings: Settings, summary: RunSummary, extra_fetches: Sequence[FetchResult] = ()) -> dict[str, Any]:
    """Spool and load the run's own row; its batch sorts after all of the run's batches.

    The loader loads in name order and stops at a lock, so a ``runs`` row in
    the warehouse means every batch of that run is in the warehouse too.
    """
    record_load(summary, load(settings))  # the run's batches first: the runs row carries their counts
    summary.finished_at = datetime.now(UTC)
    summary.status = run_status(summary)
    batch = Batch(batch_name(summary, "999999-run"))
    if extra_fetches:
        # After a failed batch, forget the feeds' validators: the next run must see every item again.
        keep = not summary.batches_failed
        batch.add("fetches", [fetch_row(r, summary.run_id, validators=keep) for r in extra_fetches])
    batch.add("runs", [summary.row()])
    spool(opaque(batch), settings)
    record_load(summary, load(settings))
    summary.batches_spooled = len(pending_batches(settings.spool_dir))
    publish(summary)
    return summary.as_dict()


def publish(summary: RunSummary) -> None:
    """The run report as a Prefect markdown artifact (key: newsdesk-run-<flow>)."""
    try:
        create_markdown_artifact(
            markdown=f"# newsdesk {summary.flow} run\n\n```\n{summary.render()}\n```\n",
            key=f"newsdesk-run-{summary.flow}",
            description=f"counts per stage, per-source table and failures of run {summary.run_id}",
        )
    except Exception as exc:  # the report is a courtesy; the warehouse row is the record
        logger.warning("could not publish the run artifact: %s", exc)
