from datetime import UTC, datetime

import pytest

from extractors.dates import find_date

FETCHED = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2024年10月11日 09:30 来源：某网", "2024-10-11T09:30:00+08:00"),
        ("2024年10月11日", "2024-10-11T00:00:00+08:00"),
        ("2024-10-11 09:30 作者：张三", "2024-10-11T09:30:00+08:00"),
        ("2024/1/5 8:05:07", "2024-01-05T08:05:07+08:00"),
        ("更新于 11月20日 18:45", "2026-11-20T18:45:00+08:00"),
        ("昨天 08:15", "2026-11-22T08:15:00+08:00"),
        ("前天", "2026-11-21T00:00:00+08:00"),
        ("3小时前", "2026-11-23T09:00:00+08:00"),
        ("25分钟前", "2026-11-23T11:35:00+08:00"),
        ("2天前", "2026-11-21T12:00:00+08:00"),
    ],
)
def test_chinese_dates(text, expected):
    assert find_date(text, FETCHED).when.isoformat() == expected


def test_first_date_wins_and_nonsense_is_skipped():
    assert find_date("2024年13月40日 然后 2024年2月3日", FETCHED).when.date().isoformat() == "2024-02-03"
    assert find_date("3小时前 更新；原文 2024-10-11", FETCHED).when.isoformat() == "2026-11-23T09:00:00+08:00"
    assert find_date("没有日期的文字", FETCHED) is None
