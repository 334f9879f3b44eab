"""Choosing where a flow's tasks run.

``thread`` (default): Prefect's thread pool in this process — batches are
pipelined (one fetching while another is extracted) and extraction uses the
local process pool. ``dask``: Prefect's Dask task runner, for scale-out on an
existing Dask cluster (``Settings.dask_address``), or a local one; needs the
optional extra (``uv sync --extra dask``). See docs/scaling.md.
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ThreadPoolTaskRunner

RUNNERS = ("thread", "dask")


class RunnerUnavailable(RuntimeError):
    """The requested task runner cannot be used here; the message says how to fix it."""


def make_task_runner(name: str, dask_address: str | None = None) -> Any:
    """A Prefect task runner by name; ``dask`` connects to *dask_address*, or starts a local cluster without one.

    Raises:
        RunnerUnavailable: unknown name, or the dask extra is not installed.
    """
    if name == "thread":
        return ThreadPoolTaskRunner(max_workers=4)
    if name == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise RunnerUnavailable(
                "--task-runner dask needs the dask extra: run `uv sync --extra dask` first"
            ) from None
        return DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
    raise RunnerUnavailable(f"--task-runner must be one of {', '.join(RUNNERS)}")
