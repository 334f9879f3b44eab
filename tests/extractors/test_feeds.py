import gzip

import pytest

from extractors.feeds import MAX_EXPANDED_BYTES, FeedError, parse_links

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
