import codecs
import contextlib
import gzip
import io
import sys
from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser
import pytest

from extractors.feeds import MAX_EXPANDED_BYTES, FeedError, Link, parse_links

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>/news/a.html</link><pubDate>Mon, 11 Nov 2024 09:30:00 +0800</pubDate></item>
<item><title>B</title><guid>https://example.com/news/b.html</guid></item>
</channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="https://example.com/a"/><updated>2024-11-11T01:30:00Z</updated></entry></feed>"""
RDF = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
xmlns:dc="http://purl.org/dc/elements/1.1/"><item><title>A</title><link>https://example.com/r</link>
<dc:date>2024-11-11</dc:date></item></rdf:RDF>"""
NEWS_SITEMAP = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://example.com/n</loc>
<news:news><news:publication_date>2024-11-11T08:00:00+08:00</news:publication_date><news:title>N</news:title>
</news:news></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml.gz</loc></sitemap></sitemapindex>"""


def test_rss_with_relative_links():
    found = parse_links(RSS, "https://example.com/feed.xml")
    assert found.kind == "rss"
    assert [link.url for link in found.links] == ["https://example.com/news/a.html", "https://example.com/news/b.html"]
    assert found.links[0].published.isoformat() == "2024-11-11T09:30:00+08:00"


def test_atom_rdf_and_news_sitemap():
    assert parse_links(ATOM).links[0].url == "https://example.com/a"
    assert parse_links(RDF).kind == "rdf"
    news = parse_links(NEWS_SITEMAP).links[0]
    assert (news.url, news.title, news.published.isoformat()) == (
        "https://example.com/n",
        "N",
        "2024-11-11T08:00:00+08:00",
    )


def test_gzipped_sitemap_index():
    found = parse_links(gzip.compress(INDEX))
    assert (found.kind, found.sitemaps) == ("sitemapindex", ["https://example.com/s1.xml.gz"])


def test_gzip_bomb_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_EXPANDED_BYTES + 10))
    with pytest.raises(FeedError, match="expands beyond"):
        parse_links(bomb)


@pytest.mark.parametrize("body", [b"<html><body>not a feed</body></html>", b"", b"\x00\x01binary"])
def test_not_a_feed(body):
    with pytest.raises(FeedError):
        parse_links(body)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<rss><channel><item><title>&x;</title><link>https://example.com/a</link></item></channel></rss>""".encode()
    found = parse_links(xxe)
    assert "TOPSECRET" not in (found.links[0].title or "")


# --- Feeds as real sites serve them --------------------------------------------------------------
# Each malformed feed below must give every link feedparser finds in it. feedparser is given a stream:
# feedparser.parse(bytes) would first try the bytes as a file name to open.

BASE = "https://feeds.example.cn/rss.xml"


def feedparser_links(body: bytes) -> set[str]:
    """The links feedparser itself finds in *body*, resolved against BASE as newsdesk resolves them."""
    return {urljoin(BASE, entry.link) for entry in feedparser.parse(io.BytesIO(body)).entries if entry.get("link")}


def read(body: bytes) -> dict[str, Link]:
    return {link.url: link for link in parse_links(body, BASE).links}


def read_as_feedparser_does(body: bytes, expected: set[str]) -> dict[str, Link]:
    """newsdesk's links of *body*, once they are shown to be exactly feedparser's and exactly *expected*."""
    found = read(body)
    assert set(found) == feedparser_links(body) == expected
    return found


GB2312_RSS_UNESCAPED_AMPERSANDS = """<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>科技频道</title><link>https://tech.example.cn/</link>
<item><title>华为昇腾 & 智谱联合发布大模型一体机</title><link>https://tech.example.cn/2024/1111/a.shtml?id=17&from=rss</link>
<pubDate>Mon, 11 Nov 2024 09:30:00 +0800</pubDate></item>
<item><title>月之暗面完成新一轮融资</title><link>/2024/1111/b.shtml</link></item>
<item><title>百川智能发布医疗模型</title><link>https://tech.example.cn/2024/1111/c.shtml</link></item>
</channel></rss>""".encode("gbk")  # 昇 is in GBK, not GB2312: sites that say gb2312 mean GBK


def test_gb2312_rss_with_unescaped_ampersands():
    found = read_as_feedparser_does(
        GB2312_RSS_UNESCAPED_AMPERSANDS,
        {
            "https://tech.example.cn/2024/1111/a.shtml?id=17&from=rss",
            "https://feeds.example.cn/2024/1111/b.shtml",
            "https://tech.example.cn/2024/1111/c.shtml",
        },
    )
    first = found["https://tech.example.cn/2024/1111/a.shtml?id=17&from=rss"]
    assert first.title == "华为昇腾 & 智谱联合发布大模型一体机"
    assert first.published.isoformat() == "2024-11-11T09:30:00+08:00"


BIG5_RDF_TRUNCATED_ENTITIES = """<?xml version="1.0" encoding="big5"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://tw.example.com/"><title>科技新聞</title><link>https://tw.example.com/</link></channel>
<item rdf:about="https://tw.example.com/news/101"><title>台積電 &amp AI 晶片產能</title>
<link>https://tw.example.com/news/101</link><dc:date>2024-11-11T09:30:00+08:00</dc:date></item>
<item rdf:about="https://tw.example.com/news/102"><title>聯發科新品</title>
<link>https://tw.example.com/news/102?ref=rss&amp</link></item>
<item rdf:about="https://tw.example.com/news/103"><title>鴻海電動車</title><link>https://tw.example.com/news/103</link></item>
</rdf:RDF>""".encode("big5")


def test_big5_rdf_with_truncated_entities():
    found = read_as_feedparser_does(
        BIG5_RDF_TRUNCATED_ENTITIES,
        {
            "https://tw.example.com/news/101",
            "https://tw.example.com/news/102?ref=rss&",
            "https://tw.example.com/news/103",
        },
    )
    assert parse_links(BIG5_RDF_TRUNCATED_ENTITIES).kind == "rdf"
    assert found["https://tw.example.com/news/101"].title == "台積電 & AI 晶片產能"


ATOM_UNDECLARED_ENTITIES = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>AI&nbsp;快讯</title>
<entry><title>DeepSeek&nbsp;开源新模型&mdash;推理更快</title><link href="https://ai.example.cn/p/1"/>
<updated>2024-11-11T01:30:00Z</updated></entry>
<entry><title>Kimi 长文本&hellip;</title><link rel="alternate" href="/p/2"/><published>2024-11-11T10:30:00+08:00</published></entry>
<entry><title>MiniMax&copy;</title><link href="https://ai.example.cn/p/3"/></entry>
</feed>""".encode()


def test_atom_with_undeclared_html_entities():
    found = read_as_feedparser_does(
        ATOM_UNDECLARED_ENTITIES,
        {
            "https://ai.example.cn/p/1",
            "https://feeds.example.cn/p/2",
            "https://ai.example.cn/p/3",
        },
    )
    titles = [link.title for link in found.values()]
    assert titles == ["DeepSeek\xa0开源新模型—推理更快", "Kimi 长文本…", "MiniMax©"]


GBK_DECLARED_UTF8 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>业界</title>
<item><title>零一万物发布新模型</title><link>https://it.example.cn/a/1001.html</link></item>
<item><title>阶跃星辰多模态大模型上线</title><link>https://it.example.cn/a/1002.html</link></item>
</channel></rss>""".encode("gbk")


def test_feed_declared_utf8_but_encoded_gbk():
    found = read_as_feedparser_does(
        GBK_DECLARED_UTF8,
        {
            "https://it.example.cn/a/1001.html",
            "https://it.example.cn/a/1002.html",
        },
    )
    assert [link.title for link in found.values()] == ["零一万物发布新模型", "阶跃星辰多模态大模型上线"]


TRUNCATED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>快讯</title>
<item><title>商汤发布日日新</title><link>https://cut.example.cn/1.html</link></item>
<item><title>旷视开源</title><link>https://cut.example.cn/2.html</link><description>视觉模型</description></item>
<item><title>云从科技""".encode()[:-2]  # the connection dropped inside the third item, mid-character


def test_truncated_feed_keeps_complete_items():
    read_as_feedparser_does(TRUNCATED, {"https://cut.example.cn/1.html", "https://cut.example.cn/2.html"})


BOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>人工智能</title>
<item><title>商汤科技</title><link>https://bom.example.cn/n/1</link></item>
<item><title>旷视科技</title><link>https://bom.example.cn/n/2</link></item>
</channel></rss>""".encode()


# A template saved with a BOM, then a newline; a BOM'd template including a BOM'd file.
@pytest.mark.parametrize(
    "prefix", [codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF8 + codecs.BOM_UTF8], ids=["bom-then-newline", "bom-twice"]
)
def test_feed_with_byte_order_mark(prefix):
    body = prefix + BOM_FEED
    found = read_as_feedparser_does(body, {"https://bom.example.cn/n/1", "https://bom.example.cn/n/2"})
    assert [link.title for link in found.values()] == ["商汤科技", "旷视科技"]


CDATA_TITLES = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title><![CDATA[头条]]></title>
<item><title><![CDATA[智谱 <b>GLM-4</b> & 清华 KEG 发布]]></title><link><![CDATA[https://cdata.example.cn/a?x=1&y=2]]></link></item>
<item><title><![CDATA[百度文心 &nbsp; 4.0]]></title><link>https://cdata.example.cn/b</link></item>
</channel></rss>""".encode()


def test_feed_with_cdata_titles():
    found = read_as_feedparser_does(
        CDATA_TITLES,
        {
            "https://cdata.example.cn/a?x=1&y=2",
            "https://cdata.example.cn/b",
        },
    )
    assert [link.title for link in found.values()] == ["智谱 <b>GLM-4</b> & 清华 KEG 发布", "百度文心 &nbsp; 4.0"]


def test_unescaped_ampersand_before_a_parameter_named_like_an_entity():
    # feedparser alone reads &lang= and &copy= as the entities 〈 and ©; the same items, with intact links.
    body = b"""<rss version="2.0"><channel>
<item><title>A</title><link>https://param.example.cn/a?id=1&lang=zh&copy=2&sect=3</link></item>
<item><title>B</title><link>https://param.example.cn/b?id=2&amp;lang=zh</link></item>
</channel></rss>"""
    assert set(read(body)) == {
        "https://param.example.cn/a?id=1&lang=zh&copy=2&sect=3",
        "https://param.example.cn/b?id=2&lang=zh",
    }
    assert len(feedparser_links(body)) == 2


def test_feed_after_a_php_notice():
    body = (
        b"<br />\n<b>Notice</b>:  Undefined index: page in <b>/var/www/rss.php</b> on line <b>12</b><br />\n" + BOM_FEED
    )
    read_as_feedparser_does(body, {"https://bom.example.cn/n/1", "https://bom.example.cn/n/2"})


def test_utf8_feed_with_a_title_cut_mid_character():
    # Read as GB18030 (what detection guesses for bytes that are not clean UTF-8), the stray byte would
    # swallow the "]" that closes the CDATA section, and the second item with it.
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        b"<item><title><![CDATA[" + "智谱清言".encode() + b"]]></title><link>https://cut.example.cn/a</link></item>"
        b"<item><title><![CDATA[" + "百度".encode()[:-1] + b"]]></title><link>https://cut.example.cn/b</link></item>"
        b"</channel></rss>"
    )
    read_as_feedparser_does(body, {"https://cut.example.cn/a", "https://cut.example.cn/b"})


def test_rdf_without_its_namespace_declaration():
    # lxml keeps the undeclared prefix in the tag name, "rdf:RDF", which etree.QName refused with a ValueError.
    body = b"""<rdf:RDF xmlns="http://purl.org/rss/1.0/">
<item><title>t</title><link>https://undeclared.example.cn/1</link></item></rdf:RDF>"""
    read_as_feedparser_does(body, {"https://undeclared.example.cn/1"})


def test_feed_that_feedparser_raises_on_is_read_with_lxml(monkeypatch):
    # feedparser 6.0.14 raises KeyError('links') here: an </item> inside a <link>.
    nested = b"""<rss version="2.0"><channel>
<item><title>A</title><link>https://nest.example.cn/a</link></item>
<item><title>B</title><link>https://nest.example.cn/</item>b</link></item>
</channel></rss>"""
    assert set(read(nested)) == {"https://nest.example.cn/a", "https://nest.example.cn/"}

    def broken(*args, **kwargs):
        raise KeyError("links")

    monkeypatch.setattr(feedparser, "parse", broken)
    found = parse_links(GB2312_RSS_UNESCAPED_AMPERSANDS, BASE)
    assert found.kind == "rss"
    assert {link.url: link.title for link in found.links} == {
        "https://tech.example.cn/2024/1111/a.shtml?id=17&from=rss": "华为昇腾 & 智谱联合发布大模型一体机",
        "https://feeds.example.cn/2024/1111/b.shtml": "月之暗面完成新一轮融资",
        "https://tech.example.cn/2024/1111/c.shtml": "百川智能发布医疗模型",
    }


# --- No I/O: extractors/ transforms bytes it is given ---------------------------------------------
# An audit hook sees every open(), socket and urllib request Python makes. Hooks cannot be removed, so
# this one records only while a test watches.
_IO_EVENTS = ("open", "os.open", "socket.", "urllib.Request", "subprocess.", "os.system", "os.exec", "os.posix_spawn")
_audited: list[tuple[str, tuple]] | None = None


def _audit(event: str, args: tuple) -> None:
    if _audited is not None and event.startswith(_IO_EVENTS):
        _audited.append((event, args))


sys.addaudithook(_audit)


@contextlib.contextmanager
def io_events() -> Iterator[list[tuple[str, tuple]]]:
    global _audited
    _audited = []
    try:
        yield _audited
    finally:
        _audited = None


HOSTILE_PROLOGUE = b"""<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/style.xsl"?>
<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd" [
<!ENTITY secret SYSTEM "file:///etc/hostname">
<!ENTITY remote SYSTEM "http://127.0.0.1:9/entity">
]>
"""


@pytest.mark.parametrize(
    "title",
    ["ok", "&secret;&remote; & more"],  # well-formed: feedparser's strict (expat) parser; else its loose one
    ids=["strict", "loose"],
)
def test_feeds_are_read_without_io(title):
    body = (
        HOSTILE_PROLOGUE
        + (
            f'<rss version="2.0"><channel><item><title>{title}</title>'
            "<link>https://safe.example.cn/a</link></item></channel></rss>"
        ).encode()
    )
    parse_links(body, BASE)  # first call: lets lazy imports (parser drivers, codecs) load their modules
    with io_events() as events:
        found = parse_links(body, BASE)
    assert events == []
    assert [link.url for link in found.links] == ["https://safe.example.cn/a"]


@pytest.mark.parametrize("body", [b"/etc/hostname", b"http://127.0.0.1:9/feed.xml"])
def test_a_body_that_looks_like_a_path_or_url_is_not_opened(body):
    with pytest.raises(FeedError):
        parse_links(body)  # first call: lazy imports
    with io_events() as events, pytest.raises(FeedError):
        parse_links(body)
    assert events == []


# --- Sitemaps stay on lxml ------------------------------------------------------------------------


def test_sitemap_of_50000_urls_is_read_by_lxml(monkeypatch):
    def not_for_sitemaps(*args, **kwargs):
        raise AssertionError("a sitemap went to feedparser")

    monkeypatch.setattr(feedparser, "parse", not_for_sitemaps)
    urls = "".join(
        f"<url><loc>https://big.example.cn/{i}.html</loc><lastmod>2024-11-11T08:00:00+08:00</lastmod></url>"
        for i in range(50_000)
    )
    body = f'<?xml version="1.0" encoding="utf-8"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'.encode()
    found = parse_links(gzip.compress(body))
    assert (found.kind, len(found.links)) == ("sitemap", 50_000)
    assert found.links[-1].url == "https://big.example.cn/49999.html"
    assert found.links[-1].published.isoformat() == "2024-11-11T08:00:00+08:00"
