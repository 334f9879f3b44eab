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

__all__ = ["backfill_flow", "demo_flow", "import_seeds_flow"]


def __getattr__(name: str) -> object:
    """The flows, imported on first use (PEP 562).

    The fork server that extraction workers are forked from imports
    ``flows.processing`` (through :mod:`flows.warm`); it needs no Prefect, and
    importing it there would add Prefect's start-up to every run's workers.
    """
    if name in __all__:
        from flows import ingest

        value = getattr(ingest, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'flows' has no attribute {name!r}")
