"""newsdesk's flows: Prefect orchestration, HTTP fetching, the CLI.

Importing this package sets Prefect defaults newsdesk relies on (unless the
environment already sets them): no analytics, and an ephemeral API server
that is given time to start on a slow machine.
"""

import os

for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}.items():
    os.environ.setdefault(_key, _value)

from flows.ingest import backfill_flow, demo_flow, import_seeds_flow  # noqa: E402

__all__ = ["backfill_flow", "demo_flow", "import_seeds_flow"]
