"""Declared metadata, titles without site names, dates written next to the headline."""

from datetime import UTC, datetime

import pytest
from lxml import html

from extractors.metadata import declared_date, page_metadata, strip_site_name, written_date


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "智谱发布GLM-5，开源权重同步上线_新浪科技_新浪网",
            ("智谱发布GLM-5，开源权重同步上线", "新浪网"),
        ),  # the outermost name is the site
        ("我国人工智能核心产业规模持续扩大-新华网", ("我国人工智能核心产业规模持续扩大", "新华网")),
        ("为什么说智能体是下一站？ - 知乎", ("为什么说智能体是下一站？", "知乎")),
        ("智谱发布AutoGLM-Web浏览器插件", ("智谱发布AutoGLM-Web浏览器插件", None)),  # a hyphen in the name stays
        ("GLM-5发布", ("GLM-5发布", None)),
    ],
)
def test_strip_site_name(title, expected):
    assert strip_site_name(title) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2025-07-28T10:32:00+08:00">', "2025-07-28T10:32:00+08:00"),
        ('<meta name="publishdate" content="2025-04-17">', "2025-04-17"),
        ('<meta name="pubdate" content="2024/10/25 14:36">', "2024-10-25T14:36:00"),
        ('<meta itemprop="datePublished" content="2025-05-30T20:11:05.000Z">', "2025-05-30T20:11:05+00:00"),
        (
            '<script type="application/ld+json">{"datePublished":"2025-03-05T08:15:00+08:00"}</script>',
            "2025-03-05T08:15:00+08:00",
        ),
        ('<meta name="pubdate" content="not a date">', None),
    ],
)
def test_declared_date(head, expected):
    assert declared_date(html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")) == expected


def _title(head: str, body: str) -> str | None:
    return page_metadata(html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")).title


def test_title_order_declared_then_single_h1_then_title_element():
    declared = '<meta property="og:title" content="声明的标题文字"><title>别的标题_站</title>'
    assert _title(declared, "<h1>另一个</h1>") == "声明的标题文字"
    assert (
        _title("<title>标题标题标题_新浪网</title>", "<h1>[经验分享] 用了三个月的心得体会</h1>")
        == "用了三个月的心得体会"
    )
    assert _title("<title>标题标题标题_新浪网</title>", "<p>x</p>") == "标题标题标题"


def test_labelled_date_beats_a_registration_date():
    visible = "帖子标题在这里 科技小兵 註冊時間 2019-3-2 發表於 2025-6-3 22:18 正文"
    assert written_date(visible, "帖子标题在这里", datetime(2025, 7, 1, tzinfo=UTC)) == (
        "2025-06-03T22:18:00+08:00",
        "page_text",
    )
