"""The article's own date and how it was found; relative dates only against a live fetch."""

from datetime import UTC, datetime

import pytest

from extractors.article import extract_article
from extractors.dates import find_date

FETCHED = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Beijing
PROSE = "智谱宣布开源新一代视觉模型，权重和推理代码同步发布，开发者可以在本地显卡上完成部署和微调。"


def _page(header: str, head: str = "", body_extra: str = "") -> str:
    body = "".join(f"<p>{PROSE}第{i}段。</p>" for i in range(5))
    return (
        f"<html><head><title>智谱开源视觉模型_某网</title>{head}</head><body>"
        f"<h1>智谱开源视觉模型</h1><div class='info'>{header}</div><div class='content'>{body}</div>"
        f"{body_extra}</body></html>"
    )


@pytest.mark.parametrize(
    ("page", "fetched", "published", "source"),
    [
        (_page("", '<meta property="article:published_time" content="2025-07-28T10:32:00+08:00">'), None,
         "2025-07-28T10:32:00+08:00", "metadata"),
        (_page("2024年10月11日 09:30 来源：某网"), None, "2024-10-11T09:30:00+08:00", "page_text"),
        (_page("昨天 18:24 来源：某网"), FETCHED, "2026-11-22T18:24:00+08:00", "relative_to_fetch"),
        (_page("3小时前 来源：某网"), FETCHED, "2026-11-23T09:00:00+08:00", "relative_to_fetch"),
        (_page("昨天 18:24 来源：某网"), None, None, "none"),  # a file: no reference, no date
        (_page("11月20日 18:45 来源：某网"), None, None, "none"),  # no year: counted from the fetch, or nothing
        (_page("来源：某网"), None, None, "none"),
    ],
)  # fmt: skip
def test_published_and_its_source(page, fetched, published, source):
    found = extract_article(page, None, fetched)
    assert (found.published, found.date_source) == (published, source)
    assert found.as_dict()["date_source"] == source  # what `newsdesk extract --json` prints


def test_a_relative_date_first_does_not_fall_back_to_a_later_one():
    page = _page("昨天 18:24 来源：某网 相关：2023年成立的某公司")
    assert extract_article(page, None, None).published is None


def test_the_date_in_the_url_when_the_page_shows_none():
    from extractors.metadata import url_date

    found = extract_article(_page("来源：某网"), "https://news.example.com/n1/2024/0510/c1004-4023.html")
    assert (found.published, found.date_source) == ("2024-05-10", "url")
    assert url_date("https://example.com/a/2019_09_07_516923.shtml") == "2019-09-07"
    assert url_date("https://example.com/a/123456.shtml") is None


def test_a_date_in_the_headline_or_in_running_text_is_no_publication_date():
    page = _page("来源：某网").replace("智谱开源视觉模型</h1>", "昨天去看了智谱的发布会</h1>")
    page = page.replace("<div class='content'><p>", "<div class='content'><p>9月20日，")
    found = extract_article(page, None, FETCHED)
    assert found.published is None


def test_a_labelled_date_under_the_article_counts():
    footer = "<div class='meta'>发布日期：2019-09-23 14:34:05 所属分类：头条</div>"
    found = extract_article(_page("", body_extra=footer), None, None)
    assert (found.published, found.date_source) == ("2019-09-23T14:34:05+08:00", "page_text")


def test_the_headline_repeated_in_a_ticker_first_is_passed_over():
    ticker = "<div class='ticker'>智谱开源视觉模型 | 其他快讯 | 又一条快讯</div>" + "<p>频道导航</p>" * 900
    page = _page("王某 2014年 03月 21日 20:36").replace("<h1>", f"{ticker}<h1>")
    assert extract_article(page, None, None).published == "2014-03-21T20:36:00+08:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨天去金矿玩", None),  # a day word in running text
        ("9月20日，由某银行主办的活动", None),
        (
            "2024年5月10日，公司宣布完成融资 2024-05-12 来源：某网",
            "2024-05-12T00:00:00+08:00",
        ),  # an event, then the display
        ("更新于 12月31日 18:45", "2025-12-31T18:45:00+08:00"),  # read on 1 January: last year
    ],
)
def test_dates_in_running_text_are_no_date_display(text, expected):
    found = find_date(text, datetime(2026, 1, 1, 4, 0, tzinfo=UTC))
    assert (found.when.isoformat() if found and found.when else None) == expected
    assert find_date("3小时前", None) is not None and find_date("3小时前", None).when is None
