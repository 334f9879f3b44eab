"""The questions asked every week, as parameterised SQL files an analyst can read and reuse.

Each ``NAME.sql`` beside this module is one question: a header of ``--``
comments (first line: what it answers; then how; then one ``-- $param help``
line per parameter) and one SELECT over the warehouse's views with DuckDB
``$name`` parameters. Every parameter may be NULL, and the SQL says what that
means (``coalesce($since, current_date - 6)``), so a file runs as it stands
in any newsdesk connection::

    import warehouse
    from warehouse import questions

    q = questions.load("top_stories")
    with warehouse.connect() as con:
        con.execute(q.sql, q.bind(company="zhipu")).fetchall()   # or con.sql(…) → .df() / .pl()

``newsdesk ask`` lists them and runs one (:func:`ask`, through
:func:`warehouse.query.run_query`: the same read-only check and sandbox as
``newsdesk sql``).

Adding a question is adding a file; the tests run every file on a small
warehouse (``funding_rounds`` and ``launches`` read the events views).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warehouse.exceptions import WarehouseError

if TYPE_CHECKING:
    from warehouse.connection import OnWait
    from warehouse.query import Result

_PARAMETER = re.compile(r"^\$(\w+)\s+(.+)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class UnknownQuestion(WarehouseError):
    """No question file by that name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no question named {name!r}; the questions are: {', '.join(known)}")
        self.name = name


class UnknownParameter(WarehouseError):
    """A value was given for a parameter the question does not have."""

    def __init__(self, question: str, names: list[str], known: list[str]) -> None:
        takes = f"takes {', '.join(known)}" if known else "takes no parameters"
        super().__init__(f"question {question!r} has no parameter {', '.join(names)}; it {takes}")
        self.question = question
        self.names = names


@dataclass(frozen=True)
class Parameter:
    """One ``$name`` of a question, and the header's line on it (what it means, its default)."""

    name: str
    help: str


@dataclass(frozen=True)
class Question:
    """One question file: what it answers, its parameters, and its SQL (header comments included)."""

    name: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    sql: str

    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def bind(self, **values: Any) -> dict[str, Any]:
        """Every parameter's value for DuckDB (NULL for those not given, which the SQL reads as its default).

        Raises:
            UnknownParameter: a value names a parameter the question does not have.
        """
        unknown = sorted(set(values) - set(self.parameter_names))
        if unknown:
            raise UnknownParameter(self.name, unknown, self.parameter_names)
        return {name: values.get(name) for name in self.parameter_names}


def _folder() -> Path:
    return Path(str(resources.files(__name__)))


def names() -> list[str]:
    """The questions there are, by name (file name without ``.sql``), sorted."""
    return sorted(p.stem for p in _folder().glob("*.sql") if _NAME.match(p.stem))


def parse(name: str, text: str) -> Question:
    """A question from its file's text: the leading ``--`` lines are its header."""
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    parameters = tuple(Parameter(m.group(1), m.group(2).strip()) for h in header if (m := _PARAMETER.match(h)))
    prose = [h for h in header if not _PARAMETER.match(h)]
    summary = prose[0] if prose else name
    description = " ".join(" ".join(prose[1:]).split())
    return Question(name, summary, description, parameters, text)


def load(name: str) -> Question:
    """The question *name*.

    Raises:
        UnknownQuestion: there is no ``name.sql`` here.
    """
    known = names()
    if name not in known:
        raise UnknownQuestion(name, known)
    return parse(name, (_folder() / f"{name}.sql").read_text(encoding="utf-8"))


def all_questions() -> list[Question]:
    """Every question, sorted by name (what ``newsdesk ask`` lists)."""
    return [load(name) for name in names()]


def ask(
    db_path: Path,
    name: str,
    values: Mapping[str, Any] | None = None,
    *,
    wait: float | None = None,
    on_wait: OnWait | None = None,
) -> Result:
    """Run question *name* on the warehouse with *values* for some of its parameters.

    Raises:
        UnknownQuestion, UnknownParameter: see :func:`load` and :meth:`Question.bind`.
        WarehouseError: see :func:`warehouse.query.run_query`.
    """
    from warehouse.query import run_query  # DuckDB loads here, not when questions are listed

    question = load(name)
    return run_query(db_path, question.sql, question.bind(**(values or {})), wait=wait, on_wait=on_wait)
