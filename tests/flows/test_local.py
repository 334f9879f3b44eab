"""Flows run in this process (the CLI, the tests, the benchmarks) start no flow-run heartbeat thread."""

from __future__ import annotations

import threading

from prefect import flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows.local import local_runs


def _heartbeat_threads() -> int:
    """Prefect's heartbeat threads alive now (the thread runs ``heartbeat_loop`` in a copied context)."""
    return sum(
        1
        for t in threading.enumerate()
        if any(getattr(a, "__name__", "") == "heartbeat_loop" for a in getattr(t, "_args", ()))
    )


@flow
def _probe() -> int:
    return _heartbeat_threads()


def test_prefect_starts_a_heartbeat_thread_by_default(prefect_server):
    """The premise: with Prefect's own setting, every flow run has a heartbeat thread, which its end joins."""
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
        assert _probe() == 1


def test_a_local_run_starts_none(prefect_server):
    with local_runs():
        assert _probe() == 0


def test_the_cli_runs_its_flows_as_local_runs(prefect_server):
    """Every pipeline command goes through ``_run_flow``."""
    from flows.cli import pipeline

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
        assert pipeline._run_flow(_probe) == 0
