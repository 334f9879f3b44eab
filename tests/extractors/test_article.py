import pytest

from extractors.article import article_from_plain_text, extract_article
from flows.demo.site import load_articles, render_article


@pytest.mark.parametrize("article", load_articles(), ids=lambda a: a.slug)
def test_demo_pages_extract_exactly(article):
    page = render_article(article, load_articles()[:3])
    extracted = extract_article(page, f"http://127.0.0.1/news/{article.slug}.html")
    assert extracted is not None
    assert extracted.title == article.title
    assert extracted.text == "\n".join(article.body)  # chrome, byline and related links gone
    assert extracted.published == article.date.isoformat()  # the declared time, zone kept
    assert extracted.author == article.author
    assert extracted.script == ("Hant" if article.encoding == "big5" else "Hans")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><head><title>x</title></head></html>",  # no body
        "<html><body><nav><a href='/'>首页</a> <a href='/ai'>AI</a></nav></body></html>",  # navigation only
        "\x00\x01\x02garbage\xff" * 50,
    ],
)
def test_no_article_is_none_not_an_exception(html):
    assert extract_article(html) is None


def test_plain_text_seed_format(seeds_dir):
    seed = next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8")
    article = article_from_plain_text(seed)
    assert article.title == "大模型入秋"
    assert not article.text.startswith("大模型入秋")
    assert article.script == "Hant"


def test_written_chinese_date_when_metadata_has_none():
    from datetime import UTC, datetime

    body = "".join(f"<p>智谱AI宣布完成新一轮融资，资金将用于大模型研发，这是第{i}段正文内容。</p>" for i in range(6))
    page = f"<html><body><div class='meta'>昨天 09:30 来源：某网</div><article>{body}</article></body></html>"
    fetched = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    extracted = extract_article(page, "https://example.com/a", fetched)
    assert extracted.published == "2026-11-22T09:30:00+08:00"


def _fixture_pages() -> list[str]:
    from pathlib import Path

    from extractors.charset import decode_html

    folder = Path(__file__).parents[1] / "fixtures" / "extraction" / "pages"
    return [decode_html(p.read_bytes(), None).text for p in sorted(folder.iterdir())]


def test_parse_html_builds_trafilaturas_tree_with_plain_element_classes():
    from lxml import etree
    from lxml.html import HtmlElement
    from trafilatura.utils import load_html

    from extractors.article import parse_html

    pages = _fixture_pages()
    assert len(pages) >= 30
    for html in [*pages, "<html/><body><p>修复</p></body>", "<?xml version='1.0' encoding='gbk'?><p>声明</p>"]:
        ours, theirs = parse_html(html), load_html(html)
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert etree.tostring(ours) == etree.tostring(theirs)
    form = parse_html("<html><body><form><input name='q'></form><p>搜索</p></body></html>").find(".//form")
    assert type(form) is HtmlElement  # lxml.html's Python lookup would make it a FormElement
    assert parse_html("") is None and parse_html("\x00\x01") is None
