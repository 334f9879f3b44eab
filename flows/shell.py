"""``newsdesk sql`` without a statement: a read-only SQL shell on the warehouse.

Statements end with ``;`` and may span lines; lines starting with ``.`` are
commands (``.help`` lists them). Every statement goes through
:func:`warehouse.query.run_query` — the statement check and the sandbox of
``newsdesk sql "…"``, nothing looser — and opens the warehouse only while it
runs, so a daily run can load between two queries instead of waiting for the
shell to close. On a terminal, lines are edited and remembered with readline
(history in ``~/.newsdesk_history``, or ``NEWSDESK_HISTORY_FILE``); from a pipe or file, statements run
silently, in order, like a script.

Only the standard library and :mod:`warehouse` are imported here: the shell
must start as fast as a query.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb

from warehouse.connection import OnWait
from warehouse.exceptions import WarehouseError
from warehouse.query import FORMATS, Result, extract_statements, format_result, run_query

PROMPT = "newsdesk> "
CONTINUE = "     ...> "
HISTORY_LENGTH = 2000
HELP = """\
.tables                 tables and views of the warehouse
.schema [NAME]          how a table or view is defined (all of them without NAME)
.format [table|csv|json|markdown]   how results are shown (without a value: the current one)
.timer on|off           show how long each statement took
.help                   this list
.quit                   leave (also .exit, or Ctrl-D)
Statements end with ';' and may span lines; only SELECT and EXPLAIN SELECT run."""

# Named queries behind the dot commands; they run in the sandbox like any statement.
TABLES_SQL = """
    SELECT table_name AS name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END AS kind
    FROM information_schema.tables WHERE table_schema = 'main' ORDER BY kind, name"""
SCHEMA_SQL = """
    SELECT sql FROM (
        SELECT table_name AS name, sql FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal
        UNION ALL
        SELECT view_name, sql FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal)
    WHERE $name IS NULL OR lower(name) = lower($name)
    ORDER BY name"""


def _tokens(text: str) -> list[int]:
    """Where each token of *text* starts, comments left out."""
    try:
        return [offset for offset, kind in duckdb.tokenize(text) if kind != duckdb.token_type.comment]
    except duckdb.Error:
        return []


def statement_complete(text: str) -> bool:
    """Whether *text* ends a statement: its last token, comments aside, is ``;`` (not one inside a string)."""
    tokens = _tokens(text)
    return bool(tokens) and text[tokens[-1]] == ";"


def split_statements(text: str) -> list[str]:
    """The statements of *text*, each to be run and shown on its own; all of it when it does not parse.

    A text that does not parse goes to :func:`run_query` whole, which says why in one sentence.
    """
    try:
        statements = extract_statements(text)
    except duckdb.Error:
        return [text]
    return [s.query for s in statements] or [text]


@dataclass
class Shell:
    """One session: where the warehouse is, what queries may read, and the settings the dot commands change."""

    db: Path
    readable_dirs: Sequence[Path] = ()
    wait: float | None = None
    on_wait: OnWait | None = None
    fmt: str = "table"
    timer: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    failures: int = 0

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _error(self, message: str) -> None:
        self.failures += 1
        print(f"error: {message}", file=self.err, flush=True)

    def _query(self, sql: str, params: dict[str, object] | None = None) -> Result | None:
        try:
            result = run_query(
                self.db, sql, params, wait=self.wait, readable_dirs=self.readable_dirs, on_wait=self.on_wait
            )
        except WarehouseError as exc:
            self._error(str(exc))
            return None
        except KeyboardInterrupt:
            self._error("interrupted")
            return None
        return result

    def execute(self, text: str) -> None:
        """Run every statement of *text*, showing each result in the current format."""
        for statement in split_statements(text):
            started = time.perf_counter()
            result = self._query(statement)
            if result is not None:
                self._say(format_result(result, self.fmt))
                if self.timer:  # after the result, as DuckDB's and SQLite's shells print it
                    self._say(f"Run Time: {time.perf_counter() - started:.3f} s")

    def command(self, line: str) -> bool:
        """Carry out one dot command; False when it ends the session."""
        name, _, argument = line.strip().partition(" ")
        argument = argument.strip()
        if name in (".quit", ".exit", ".q"):
            return False
        if name == ".help":
            self._say(HELP)
        elif name == ".tables":
            if result := self._query(TABLES_SQL):
                self._say(format_result(result, self.fmt))
        elif name == ".schema":
            if result := self._query(SCHEMA_SQL, {"name": argument or None}):
                if not result.rows:
                    self._error(f"no table or view named {argument!r} (.tables lists them)")
                for (sql,) in result.rows:
                    self._say(sql.rstrip(";") + ";")
        elif name == ".format":
            if not argument:
                self._say(self.fmt)
            elif argument in FORMATS:
                self.fmt = argument
            else:
                self._error(f".format takes {'|'.join(FORMATS)}, not {argument!r}")
        elif name == ".timer":
            if argument in ("on", "off"):
                self.timer = argument == "on"
            else:
                self._error(".timer takes on or off")
        else:
            self._error(f"unknown command {name} (.help lists the commands)")
        return True

    def run(self, lines: Iterator[str] | Callable[[str], str]) -> int:
        """Read statements and commands until the end of input or ``.quit``; the number of failures.

        *lines* is an iterator of lines (a script), or a function that takes a
        prompt and returns a line, raising EOFError at the end (a terminal).
        """
        read = lines if callable(lines) else _reader(lines)
        pending: list[str] = []
        while True:
            try:
                line = read(CONTINUE if pending else PROMPT)
            except EOFError:
                break
            except KeyboardInterrupt:  # Ctrl-C drops the statement being typed, as in psql and duckdb
                print(file=self.err)
                pending.clear()
                continue
            if not pending and line.lstrip().startswith("."):
                if not self.command(line):
                    break
                continue
            if not pending and not line.strip():
                continue
            pending.append(line)
            text = "\n".join(pending)
            if statement_complete(text):
                pending.clear()
                self.execute(text)
        rest = "\n".join(pending).strip()
        if _tokens(rest):  # a last statement without its ';' still runs, as in `echo "SELECT 1" | newsdesk sql`
            self.execute(rest)
        return self.failures


def _reader(lines: Iterator[str]) -> Callable[[str], str]:
    """A line source that ignores the prompt: scripts and pipes get no prompts in their output."""
    iterator = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(iterator).rstrip("\r\n")
        except StopIteration:
            raise EOFError from None

    return read


def _history() -> Path:
    from flows.config import Settings  # only an interactive shell pays for it

    return Settings().history_file.expanduser()


def interactive(shell: Shell) -> int:
    """Run *shell* on the terminal: a banner, prompts, line editing and history when readline is there."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        readline = None  # type: ignore[assignment]
    history = _history()
    if readline is not None:
        readline.set_history_length(HISTORY_LENGTH)
        with contextlib.suppress(OSError):  # no history yet
            readline.read_history_file(history)
    print(
        f"newsdesk sql — read-only shell on {shell.db}. End statements with ';'. .help lists commands, .quit leaves.",
        file=shell.err,
    )
    try:
        return shell.run(input)
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):  # an unwritable home loses the history, not the session
                readline.write_history_file(history)
