"""The ``newsdesk`` command line: each command parses options, calls one
library function or flow, prints, and turns known errors into one clear
message and a non-zero exit status.

Each command imports what it uses inside its own body: at module level there
is typer and the standard library only, so ``newsdesk --help`` starts in a
fraction of a second and ``newsdesk sql`` costs little more than DuckDB's own
import (tests/test_cli_imports.py holds every command to it). Importing this
package imports every module below, so the rule holds for each of them.

The commands, one module per group, registered here in the order ``newsdesk --help`` lists them:

- :mod:`flows.cli.pipeline`: demo, import-seeds, backfill, run, import-warc, serve
- :mod:`flows.cli.query`: sql (and its fast path), ask
- :mod:`flows.cli.exports`: export, report
- :mod:`flows.cli.maintenance`: retag, reprocess, dedupe, check
- :mod:`flows.cli.extract`: extract
- :mod:`flows.cli.sources`, :mod:`flows.cli.spool`, :mod:`flows.cli.entities`,
  :mod:`flows.cli.events`: the sub-command groups
- :mod:`flows.cli.common`: what they share (options, ``_fail``, settings, logging)
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from flows.cli import entities, events, exports, extract, maintenance, pipeline, query, sources, spool
from flows.cli.query import _fast_sql

__all__ = ["app", "main"]


class _Newsdesk(typer.Typer):
    """The typer app, with one shortcut: plain `newsdesk sql …` runs without typer's option machinery.

    Typer builds a pydantic validator for each option of the command it runs, and importing
    pydantic costs more (0.1 s with bytecode cached, 0.3 s without) than the query; `_fast_sql`
    reads the common forms itself and hands anything else (--help, a mistake) to typer.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and (code := _fast_sql(sys.argv[1:])) is not None:
            sys.exit(code)
        return super().__call__(*args, **kwargs)


app = _Newsdesk(
    name="newsdesk",
    help="Ingest Chinese-language news about Chinese AI startups into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rendering it with rich costs ~0.4 s of imports
)

# In the order `newsdesk --help` lists them; each is named after its function (import_seeds → import-seeds).
for _command in (
    pipeline.demo,
    pipeline.import_seeds,
    pipeline.backfill,
    pipeline.run,
    pipeline.serve,
    exports.export,
    maintenance.check,
    maintenance.retag,
    maintenance.dedupe,
    exports.report,
    maintenance.reprocess,
    pipeline.import_warc,
    extract.extract,
    query.sql,
    query.ask,
):
    app.command()(_command)
app.add_typer(sources.sources_app, name="sources")
app.add_typer(spool.spool_app, name="spool")
app.add_typer(entities.entities_app, name="entities")
app.add_typer(events.events_app, name="events")


def main() -> None:  # pragma: no cover - console entry point
    app()
