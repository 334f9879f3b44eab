"""A tiny progress channel from flows to whoever shows progress.

Flows run in the CLI's process, so the CLI can listen while a flow reports
``("total", n)`` and ``("advance", 1)`` events; nobody listening costs
nothing. Prefect's own UI shows task-level progress; this is for terminals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[str, int], None]
_listeners: list[Listener] = []


def report(event: str, amount: int = 1) -> None:
    """Tell listeners about progress: ``total`` (more work found) or ``advance``."""
    for listener in list(_listeners):
        listener(event, amount)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Receive progress events for the duration of the block."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
