"""Prefect settings for flows run in this process: the CLI's commands, the benchmarks, the tests.

A deployment's runs are started by a Prefect runner in processes of their own
(``newsdesk serve``); they keep Prefect's settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def local_runs() -> Iterator[None]:
    """Run flows here without flow-run heartbeats.

    Prefect emits heartbeats so that an automation can mark a deployment's run that
    stopped reporting as crashed. A run in this process reports its own end, and the
    engine's heartbeat thread sleeps in one-second steps that the run's end waits out
    (0–1 s at the end of every run).
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
