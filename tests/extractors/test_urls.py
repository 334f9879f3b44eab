import pytest

from extractors.urls import InvalidURL, article_id_for, canonical_url, parse_url_list


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://News.Example.COM:80/a?utm_source=x&id=3#top", "http://news.example.com/a?id=3"),
        ("https://example.com:443/a?spm=1.2&b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:8443/x?from=timeline", "https://example.com:8443/x"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_mobile_host_mapping():
    assert canonical_url("https://m.example.com/a", {"m.example.com": "example.com"}) == "https://example.com/a"


@pytest.mark.parametrize("bad", ["ftp://example.com/a", "example.com/a", "http:///nohost", "http://example.com:99999/"])
def test_invalid_urls(bad):
    with pytest.raises(InvalidURL):
        canonical_url(bad)


def test_article_id_is_stable_and_short():
    assert article_id_for("https://example.com/a") == article_id_for("https://example.com/a")
    assert len(article_id_for("https://example.com/a")) == 16


def test_parse_url_list_reports_line_numbers():
    lines = [
        "# my list",
        "",
        "https://example.com/a",
        "not a url",
        "ftp://example.com/b",
        "https://example.com/a?utm_source=x",
        "https://example.com/c   https://example.com/d",
        "  https://example.com/e  ",
    ]
    urls, problems = parse_url_list(lines)
    assert urls == ["https://example.com/a", "https://example.com/e"]
    assert [(p.line, p.reason.split(" ")[0]) for p in problems] == [
        (4, "contains"),
        (5, "unsupported"),
        (6, "repeats"),
        (7, "contains"),
    ]
