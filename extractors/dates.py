"""Publication dates written the Chinese way, when the page's metadata has none.

Recognised, first match wins: ``2024年10月11日 [09:30]``, ``2024-10-11
[09:30[:05]]`` (also ``/`` and ``.``), and forms that only a reference time
makes a date — ``10月11日 09:30`` (no year), ``今天/昨天/前天 [09:30]``,
``3分钟前``, ``5小时前``, ``2天前``. Times are Asia/Shanghai.

The reference is the time the page was fetched, and only a live fetch has
one: for a file or an archived copy of unknown age, "yesterday" is no date at
all, so a relative form found first gives an unresolved date rather than one
counted from today (a daily chart would spike on the collection date).

A month-day or day word counts only as a date display: followed by a time,
or standing alone (``5月10日 来源：…``). In running text (``9月20日，由…``,
``昨天去金矿玩``) it names the day of an event, not of the article; so does
a full date that opens a clause (``2024年5月10日，公司宣布…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_TIME = r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
# A relative form is a date display when a time follows it, or nothing but a space or the end.
_DISPLAYED = r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?|(?=\s|$))"
_ABSOLUTE = re.compile(
    r"(20\d{2}|19\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))" + _TIME
)
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日" + _DISPLAYED)
_DAY_WORD = re.compile(r"(今天|昨天|前天)" + _DISPLAYED)
_AGO = re.compile(r"(\d{1,3})\s*(分钟|小时|天)前")
# What follows a date that opens a clause of running text rather than a date display.
_CLAUSE_AFTER = frozenset("，,、")
_DAY_OFFSETS = {"今天": 0, "昨天": 1, "前天": 2}
_UNITS = {"分钟": "minutes", "小时": "hours", "天": "days"}


@dataclass(frozen=True)
class FoundDate:
    """The first date expression of a text, resolved when it can be.

    ``when`` is None for a relative form without a fetch time; ``relative`` says the
    date was counted from the fetch time (or would have been).
    """

    when: datetime | None
    relative: bool


def _at(day: datetime, hh: str | None, mm: str | None, ss: str | None) -> datetime:
    return day.replace(hour=int(hh or 0), minute=int(mm or 0), second=int(ss or 0), microsecond=0)


def _absolute(text: str) -> tuple[int, datetime] | None:
    for m in _ABSOLUTE.finditer(text):
        if not m[6] and text[m.end() : m.end() + 1] in _CLAUSE_AFTER:
            continue  # 2024年5月10日，公司宣布…: the day of an event in running text
        year, month, day = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
        try:
            return m.start(), _at(datetime(year, month, day, tzinfo=SHANGHAI), m[6], m[7], m[8])
        except ValueError:
            continue
    return None


def _month_day(now: datetime, month: int, day: int, hh: str | None, mm: str | None, ss: str | None) -> datetime | None:
    """*month*/*day* in the year of *now*, or the year before when that would lie in the future (12月31日 read on 1 January)."""
    for year in (now.year, now.year - 1):
        try:
            when = _at(now.replace(year=year, month=month, day=day), hh, mm, ss)
        except ValueError:  # 2月29日 outside a leap year
            continue
        if when <= now + timedelta(days=1):
            return when
    return None


def _relative(text: str, now: datetime | None) -> tuple[int, datetime | None] | None:
    """The first relative form: its position and its date counted back from *now* (None without *now*)."""
    found: list[tuple[int, datetime | None]] = []
    for m in _MONTH_DAY.finditer(text):
        month, day = int(m[1]), int(m[2])
        try:
            datetime(2000, month, day)  # a leap year: 2月29日 is a day
        except ValueError:
            continue
        found.append((m.start(), _month_day(now, month, day, m[3], m[4], m[5]) if now else None))
        break
    if m := _DAY_WORD.search(text):
        day = now - timedelta(days=_DAY_OFFSETS[m[1]]) if now else None
        found.append((m.start(), _at(day, m[2], m[3], m[4]) if day else None))
    if m := _AGO.search(text):
        found.append(
            (m.start(), (now - timedelta(**{_UNITS[m[2]]: int(m[1])})).replace(microsecond=0) if now else None)
        )
    return min(found, key=lambda c: c[0]) if found else None


def find_date(text: str, fetched_at: datetime | None) -> FoundDate | None:
    """The first date written in *text* (Asia/Shanghai), or None when it names none.

    Args:
        text: visible text, e.g. the lines under a headline.
        fetched_at: when the page was fetched live; None for a file or an archived page,
            and then a relative form found first resolves to ``FoundDate(None, True)``.
    """
    now = fetched_at.astimezone(SHANGHAI) if fetched_at else None
    absolute, relative = _absolute(text), _relative(text, now)
    if absolute and (relative is None or absolute[0] < relative[0]):
        return FoundDate(absolute[1], relative=False)
    if relative:
        return FoundDate(relative[1], relative=True)
    return None
