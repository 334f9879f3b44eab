"""The record of one run: counts per stage, outcomes, failures with reasons.

It is printed by the CLI, stored as a ``runs`` row (with the details as
JSON in ``runs.summary``) and returned by every flow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from warehouse.loader import LoadReport
from warehouse.quarantine import one_line

# Outcomes that are decisions, not failures.
NOT_FAILURES = frozenset({"ok", "off_topic", "not_modified"})
# Failures kept in the runs row; the fetches table has all of them.
MAX_LISTED_FAILURES = 200


@dataclass
class RunSummary:
    """Counts and failures of one flow run."""

    run_id: str
    flow: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    discovered: int = 0
    skipped_known: int = 0
    retried: int = 0
    fetched: int = 0
    extracted: int = 0
    new_articles: int = 0
    duplicates: int = 0
    known_on_load: int = 0
    mentions: int = 0
    failed: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    batches: int = 0
    batches_failed: int = 0
    batches_spooled: int = 0
    loaded_from_earlier_runs: int = 0
    warehouse_message: str | None = None
    load_seconds: float = 0.0  # time in the load task: opening, transactions, checkpoint on close
    last_load: float = field(default=0.0, repr=False, compare=False)  # time.monotonic() of the last load
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    quarantined: list[dict[str, str]] = field(default_factory=list)  # batches set aside by this run's loads

    def record_outcome(self, url: str, outcome: str, error: str | None) -> None:
        self.outcomes[outcome] += 1
        if outcome not in NOT_FAILURES:
            self.failed += 1
            if len(self.failures) < MAX_LISTED_FAILURES:
                self.failures.append({"url": url, "outcome": outcome, "error": error})

    def record_load(self, report: LoadReport, own: bool) -> None:
        self.quarantined.extend({"batch": name, "error": one_line(error)} for name, error in report.rejected)
        if not own:
            self.loaded_from_earlier_runs += len(report.batches)
            return
        self.new_articles += report.new_articles
        self.duplicates += report.duplicates
        self.known_on_load += report.known
        self.mentions += report.mentions

    def details(self) -> dict[str, Any]:
        return {
            "outcomes": dict(self.outcomes),
            "failures": self.failures,
            "problems": self.problems,
            "skipped_known": self.skipped_known,
            "retried": self.retried,
            "known_on_load": self.known_on_load,
            "batches": self.batches,
            "batches_failed": self.batches_failed,
            "batches_spooled": self.batches_spooled,
            "loaded_from_earlier_runs": self.loaded_from_earlier_runs,
            "warehouse_message": self.warehouse_message,
            "load_seconds": round(self.load_seconds, 3),
            "sources": self.sources,
            "quarantined": self.quarantined,
        }

    def row(self) -> dict[str, Any]:
        """The ``runs`` row."""
        return {
            "run_id": self.run_id,
            "flow": self.flow,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "discovered": self.discovered,
            "fetched": self.fetched,
            "extracted": self.extracted,
            "new_articles": self.new_articles,
            "duplicates": self.duplicates,
            "mentions": self.mentions,
            "failed": self.failed,
            "summary": self.details(),  # stored as a JSON object: summary->>'$.outcomes.ok' works
        }

    def as_dict(self) -> dict[str, Any]:
        """What a flow returns: the runs row with ``summary`` as a dict."""
        return {**self.row(), "summary": self.details()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSummary:
        """The inverse of :meth:`as_dict` (for printing a flow's result)."""
        details = dict(data["summary"])
        outcomes = Counter(details.pop("outcomes", {}))
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "summary"}
        fields.update({k: v for k, v in details.items() if k in cls.__dataclass_fields__})
        return cls(**fields, outcomes=outcomes)

    def render(self) -> str:
        """A human-readable report for the terminal."""
        skipped = f"   (already in warehouse, not fetched: {self.skipped_known})" if self.skipped_known else ""
        if self.retried:
            skipped += f"   (+{self.retried} retried from earlier runs)"
        by_outcome = ", ".join(f"{k}: {v}" for k, v in sorted(self.outcomes.items()) if k not in NOT_FAILURES)
        lines = [
            f"run {self.run_id} ({self.flow}): {self.status}",
            f"  discovered  {self.discovered:>6}{skipped}",
            f"  fetched     {self.fetched:>6}",
            f"  extracted   {self.extracted:>6}",
            f"  new         {self.new_articles:>6}",
            f"  duplicates  {self.duplicates:>6}",
            f"  mentions    {self.mentions:>6}",
            f"  off-topic   {self.outcomes.get('off_topic', 0):>6}   (kept in the archive, not loaded)",
            f"  failed      {self.failed:>6}" + (f"   {by_outcome}" if self.failed else ""),
        ]
        for failure in self.failures[:20]:
            lines.append(f"    ✗ {failure['outcome']:<18} {failure['url']}  — {failure['error']}")
        if len(self.failures) > 20:
            lines.append(f"    … {self.failed - 20} more in the fetches table")
        for problem in self.problems[:20]:
            lines.append(f"    skipped {problem}")
        if self.sources:
            lines.append("  sources:")
            lines.append(f"    {'source':<14} {'documents':>9} {'failed':>6} {'links':>6} {'new links':>9}  problem")
            for source_id, row in sorted(self.sources.items()):
                lines.append(
                    f"    {source_id:<14} {row['documents']:>9} {row['documents_failed']:>6} {row['links']:>6}"
                    f" {row['new_links']:>9}  {row.get('error') or ''}"
                )
        if self.batches_spooled:
            lines.append(f"  {self.batches_spooled} batch(es) are waiting in the spool: {self.warehouse_message}")
        for batch in self.quarantined:
            lines.append(
                f"  ✗ batch {batch['batch']} could not be loaded, set aside in the quarantine: {batch['error']}"
            )
        if self.quarantined:
            lines.append("    (see `newsdesk spool list`; `newsdesk spool retry BATCH` loads one again)")
        if self.loaded_from_earlier_runs:
            lines.append(f"  also loaded {self.loaded_from_earlier_runs} batch(es) left in the spool by an earlier run")
        return "\n".join(lines)
