"""Read-only questions to the warehouse: ``sql`` (a statement, or the shell without one) and ``ask``
(the named weekly questions), with the output options they share.

``_fast_sql`` reads the plain forms of ``newsdesk sql`` without typer (see ``flows.cli._Newsdesk``):
it and the typer command both call ``_sql``. Plain functions: :mod:`flows.cli` registers them as commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.cli.common import DbOption, _fail, _since
from warehouse import DEFAULT_DB, DEFAULT_QUERY_WAIT

if TYPE_CHECKING:
    from warehouse.query import Result
    from warehouse.questions import Question


FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="How results are printed: table, csv, json or markdown.")
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FILE", help="Write the result to FILE.parquet, FILE.csv or FILE.json instead."
    ),
]
WaitOption = Annotated[
    float,
    typer.Option(help="Seconds to wait for a run's load to release the warehouse before giving up."),
]
# The parameters `ask` has options of their own for; a question's others are given as -p NAME=VALUE.
ASK_OPTIONS = ("company", "since", "limit")


def _check_output(fmt: str, out: Path | None) -> None:
    """Refuse a bad --format or --out before anything runs (usage errors, exit status 2)."""
    from warehouse.query import FORMATS, OUT_FORMATS

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    if out is not None and out.suffix.lower() not in OUT_FORMATS:
        raise _fail(f"--out must end in {', '.join(OUT_FORMATS)}, not {out.name!r}", 2)


def _emit(result: Result, fmt: str, out: Path | None) -> None:
    """Print a result, or write it to --out and say so."""
    from warehouse.query import format_result, write_result

    if out is None:
        typer.echo(format_result(result, fmt))
        return
    try:
        write_result(result, out)
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot write {out}: {exc}") from None
    typer.echo(f"wrote {len(result.rows)} row{'s' if len(result.rows) != 1 else ''} to {out}")


def sql(
    query: Annotated[
        str | None,
        typer.Argument(metavar="SQL", help="SELECT or EXPLAIN SELECT statement(s); without one, a shell opens."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    out: OutOption = None,
    allow_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-files",
            metavar="DIR",
            help="Let the query read (never write) files under DIR, e.g. read_csv('DIR/x.csv') (repeatable).",
        ),
    ] = None,
    wait: WaitOption = DEFAULT_QUERY_WAIT,
) -> None:
    """Run read-only SQL against the warehouse; statements that would write are refused.

    The query sees the warehouse only: no other file is readable unless its
    directory is named with --allow-files, and nothing is ever written. While a
    run is loading, the query waits for it (up to --wait seconds).

    Without a statement, a read-only shell opens: statements end with ';' and
    may span lines, and .tables, .schema NAME, .format, .timer, .help and .quit
    work; from a pipe, the statements it reads run in order.

    Example: newsdesk sql "SELECT source, count(*) FROM articles GROUP BY source" --format csv
    """
    _sql(query, db, fmt, out, allow_files or [], wait)


def _sql(query: str | None, db: Path, fmt: str, out: Path | None, allow_files: list[Path], wait: float) -> None:
    """`newsdesk sql`, whether typer or `_fast_sql` read the command line."""
    from warehouse.connection import say_waiting
    from warehouse.exceptions import NoWarehouse, WarehouseError
    from warehouse.query import run_query

    _check_output(fmt, out)
    for directory in allow_files:
        if not directory.is_dir():
            raise _fail(f"--allow-files {directory}: no such directory", 2)
    if query is None:
        if out is not None:
            raise _fail('--out needs a statement: newsdesk sql "SELECT …" --out FILE', 2)
        if not db.exists():
            raise _fail(str(NoWarehouse(db)))
        _shell(db, allow_files, wait, fmt)
        return
    try:
        result = run_query(db, query, readable_dirs=allow_files, wait=wait, on_wait=say_waiting)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    _emit(result, fmt, out)


# The options `_fast_sql` reads, by spelling → (name, repeatable); anything else goes to typer.
_SQL_OPTIONS = {
    "--db": ("db", False),
    "--format": ("fmt", False),
    "-f": ("fmt", False),
    "--out": ("out", False),
    "-o": ("out", False),
    "--allow-files": ("allow_files", True),
    "--wait": ("wait", False),
}


def _fast_sql(argv: list[str]) -> int | None:
    """Run `newsdesk sql` from *argv* without typer; None (nothing done) for any form it does not read.

    It reads what typer would: at most one statement, and --db (else NEWSDESK_DB, else the
    default), --format/-f, --out/-o, --allow-files (repeatable) and --wait, as `--opt value`
    or `--opt=value`. Any other token starting with '-' (--help, a typo, `--`) returns None,
    and typer parses the command line and answers as usual.
    """
    if argv[:1] != ["sql"]:
        return None
    values: dict[str, Any] = {"allow_files": []}
    query: str | None = None
    rest = iter(argv[1:])
    for token in rest:
        if token.startswith("-"):
            spelling, eq, value = token.partition("=")
            if spelling not in _SQL_OPTIONS or (eq and not spelling.startswith("--")):  # click reads -f=x as "=x"
                return None
            name, repeatable = _SQL_OPTIONS[spelling]
            if not eq:
                value = next(rest, None)
                if value is None:
                    return None
            if repeatable:
                values[name].append(Path(value))
            elif name in values:
                return None
            else:
                values[name] = value
        elif query is None:
            query = token
        else:
            return None
    try:
        wait = float(values.get("wait", DEFAULT_QUERY_WAIT))
    except ValueError:
        return None
    from warehouse.connection import default_path

    db = Path(values["db"]) if values.get("db") else default_path()
    out = Path(values["out"]) if "out" in values else None
    try:
        _sql(query, db, values.get("fmt", "table"), out, values["allow_files"], wait)
    except typer.Exit as exc:
        return exc.exit_code
    return 0


def _shell(db: Path, readable_dirs: list[Path], wait: float, fmt: str) -> None:
    """The shell on a terminal; a script's statements, in order, from a pipe (exit status 1 if one failed)."""
    from flows.shell import Shell, interactive
    from warehouse.connection import say_waiting

    shell = Shell(db, readable_dirs, wait=wait, on_wait=say_waiting, fmt=fmt)
    if sys.stdin.isatty():
        interactive(shell)
    elif shell.run(sys.stdin):
        raise typer.Exit(1)


def ask(
    question: Annotated[
        str | None, typer.Argument(metavar="QUESTION", help="A question's name; without one, the list.")
    ] = None,
    company: Annotated[
        str | None, typer.Option(help="A company: entity_id, name, English name or alias (zhipu, 智谱AI, Kimi).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First Beijing day, an ISO date (default: the last 7 days).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Rows per company, for the questions that rank.")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", metavar="NAME=VALUE", help="Another parameter of the question (repeatable)."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    out: OutOption = None,
    wait: WaitOption = DEFAULT_QUERY_WAIT,
) -> None:
    """Answer one of the questions asked every week; without a name, list them and their parameters.

    Each question is a SQL file in warehouse/questions/, readable and reusable
    from a notebook (warehouse.questions); it runs read-only, like `newsdesk sql`.

    Example: newsdesk ask top_stories --company zhipu --since 2026-11-16
    """
    from warehouse import questions
    from warehouse.connection import say_waiting
    from warehouse.exceptions import WarehouseError

    if question is None:
        _list_questions(questions.all_questions())
        return
    _check_output(fmt, out)
    values: dict[str, Any] = {"company": company, "since": _since(since, _iso_day), "limit": limit}
    values = {name: value for name, value in values.items() if value is not None}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _fail(f"--param takes NAME=VALUE, not {item!r}", 2)
        values[name.strip()] = value
    try:
        result = questions.ask(db, question, values, wait=wait, on_wait=say_waiting)
    except (questions.UnknownQuestion, questions.UnknownParameter) as exc:
        raise _fail(str(exc), 2) from None
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    _emit(result, fmt, out)
    if company and not result.rows:
        typer.secho(
            f'no rows: is {company!r} an entity? `newsdesk sql "SELECT entity_id, name FROM entities"` lists them',
            err=True,
            fg=typer.colors.YELLOW,
        )


def _iso_day(text: str) -> str:
    """An ISO date, checked and passed on as text (the question's SQL casts it)."""
    from datetime import date

    return date.fromisoformat(text).isoformat()


def _list_questions(found: list[Question]) -> None:
    """Each question's name and summary, then its parameters as the options that set them."""
    for q in found:
        typer.echo(f"{q.name:<14} {q.summary}")
        for p in q.parameters:
            flag = f"--{p.name}" if p.name in ASK_OPTIONS else f"-p {p.name}=…"
            typer.echo(f"{'':<16}{flag:<12} {p.help}")
    typer.echo("\nRun one: newsdesk ask NAME [--company …] [--since YYYY-MM-DD] [--format markdown] [--out FILE]")
