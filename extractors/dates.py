"""Publication dates written the Chinese way, when the page's metadata has none.

Recognised, first match wins: ``2024年10月11日 [09:30]``, ``2024-10-11
[09:30[:05]]`` (also ``/`` and ``.``), ``10月11日 09:30`` (year of the
fetch), and relative forms — ``今天/昨天/前天 [09:30]``, ``3分钟前``,
``5小时前``, ``2天前`` — counted back from the fetch time. Times are
Asia/Shanghai unless the text says otherwise.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_TIME = r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
_ABSOLUTE = re.compile(
    r"(20\d{2}|19\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))" + _TIME
)
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日" + _TIME)
_DAY_WORD = re.compile(r"(今天|昨天|前天)" + _TIME)
_AGO = re.compile(r"(\d{1,3})\s*(分钟|小时|天)前")
_DAY_OFFSETS = {"今天": 0, "昨天": 1, "前天": 2}
_UNITS = {"分钟": "minutes", "小时": "hours", "天": "days"}


def _at(day: datetime, hh: str | None, mm: str | None, ss: str | None) -> datetime:
    return day.replace(hour=int(hh or 0), minute=int(mm or 0), second=int(ss or 0), microsecond=0)


def find_date(text: str, fetched_at: datetime) -> datetime | None:
    """The first publication date written in *text*, zoned (Asia/Shanghai), or None."""
    now = fetched_at.astimezone(SHANGHAI)
    candidates: list[tuple[int, datetime]] = []
    for m in _ABSOLUTE.finditer(text):
        year, month, day = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
        try:
            candidates.append((m.start(), _at(datetime(year, month, day, tzinfo=SHANGHAI), m[6], m[7], m[8])))
            break
        except ValueError:
            continue
    for m in _MONTH_DAY.finditer(text):
        try:
            candidates.append((m.start(), _at(now.replace(month=int(m[1]), day=int(m[2])), m[3], m[4], m[5])))
            break
        except ValueError:
            continue
    if m := _DAY_WORD.search(text):
        candidates.append((m.start(), _at(now - timedelta(days=_DAY_OFFSETS[m[1]]), m[2], m[3], m[4])))
    if m := _AGO.search(text):
        candidates.append((m.start(), (now - timedelta(**{_UNITS[m[2]]: int(m[1])})).replace(microsecond=0)))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]
