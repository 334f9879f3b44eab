"""Deployments: the daily flow on a schedule, backfill on demand.

``newsdesk serve`` serves both from one long-running process (Prefect's
``serve``): no work pool or worker is needed, and ``prefect deployment run
daily/newsdesk-daily`` or ``backfill/newsdesk-backfill`` triggers either.
For an existing work pool, ``prefect.yaml`` at the repository root declares
the same two deployments.

Anyone who can reach the Prefect API can start these runs with any
parameters, so the flows check them where they run (:mod:`flows.remote`):
a run may not switch off the SSRF guard or politeness, write a warehouse
outside the configured data directory, or read a URL file outside
``NEWSDESK_URL_FILE_DIR``.
"""

from __future__ import annotations

from prefect import serve
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from flows.config import Settings
from flows.ingest import backfill_flow, daily_flow

DAILY = "newsdesk-daily"
BACKFILL = "newsdesk-backfill"


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    """The daily deployment (scheduled) and the backfill deployment (parameterised, unscheduled)."""
    daily = daily_flow.to_deployment(
        name=DAILY,
        schedules=[Cron(settings.schedule_cron, timezone=settings.schedule_timezone)],
        description="Discover from every enabled source, fetch new articles, load them.",
        tags=["newsdesk"],
        entrypoint_type=EntrypointType.MODULE_PATH,  # importable from any working directory
    )
    backfill = backfill_flow.to_deployment(
        name=BACKFILL,
        description="Fetch, extract, dedupe, tag and load a list of URLs (parameter `urls`).",
        tags=["newsdesk"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return [daily, backfill]


def serve_deployments(settings: Settings, limit: int | None = None) -> None:
    """Serve both deployments until interrupted; restarts are normal, so schedules stay active."""
    serve(*build_deployments(settings), pause_on_shutdown=False, limit=limit)
