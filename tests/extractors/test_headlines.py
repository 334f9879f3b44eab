"""The headline, not the site's or the forum's name: headings the <title> wraps, logos, blogs."""

from lxml import html

from extractors.article import extract_article
from extractors.metadata import page_metadata

PROSE = "阶跃星辰发布多模态推理模型，支持图片和视频理解，公司称其推理成本比上一代降低了一半，并已向开发者开放试用。"


def _title(head: str, body: str) -> str | None:
    return page_metadata(html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")).title


def test_a_heading_the_title_wraps_beats_a_logo_h1():
    body = "<h1 class='logo'>某某网</h1><h2>阶跃星辰发布推理模型 成本降一半</h2>"
    assert _title("<title>阶跃星辰发布推理模型 成本降一半 某某网</title>", body) == "阶跃星辰发布推理模型 成本降一半"


def test_a_site_name_before_the_headline_in_the_title():
    body = "<span class='newtitle'>果汁？啤酒？傻傻分不清</span><span class='sub'>服务专区</span>"
    assert _title("<title>某某电子报 - 果汁？啤酒？傻傻分不清</title>", body) == "果汁？啤酒？傻傻分不清"


def test_a_doubled_dash_joins_a_subtitle_and_is_kept():
    head = '<meta property="og:title" content="积极因素不断增多——前4个月外贸向好态势巩固">'
    assert _title(head, "<p>x</p>") == "积极因素不断增多——前4个月外贸向好态势巩固"


def test_private_use_characters_and_trailing_dashes_are_dropped():
    assert _title("<title>投身外交(3)\ue004_读书频道_某网</title>", "<p>x</p>") == "投身外交(3)"


def test_an_h1_linking_home_is_a_logo_and_the_heading_above_the_post_is_the_headline():
    page = (
        "<html><body><div id='header'><h1 class='title'><a href='index.html'>某某的博客</a></h1></div>"
        "<div class='entity'><h2 class='diaryTitle'>谁来为无序拆房“埋单”？- -</h2>"
        f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )
    assert extract_article(page).title == "谁来为无序拆房“埋单”？"


def test_a_title_naming_the_blog_gives_way_to_the_post_title_but_one_shown_above_the_article_stays():
    sidebar = (
        "<ul class='sidebar'>" + "".join(f"<li><a href='/c/{i}'>我的分类{i}</a></li>" for i in range(10)) + "</ul>"
    )
    paragraphs = f"<p>{PROSE}</p>" * 4
    blog = (
        f"<html><head><title>海边的人 | blog.example.com</title></head><body><div class='blog-name'>海边的人</div>{sidebar}"
        "<table><tr><td class='post-title'>周末去金矿玩 (图)</td><td class='post-title'>2005-03-21 01:20:44</td></tr>"
        f"<tr><td colspan='2'>{paragraphs}</td></tr></table></body></html>"
    )
    found = extract_article(blog)
    assert found.title == "周末去金矿玩 (图)"
    assert found.published == "2005-03-21T01:20:44+08:00"
    news = (
        "<html><head><title>阶跃星辰发布推理模型_某网</title></head><body>"
        f"<h2>科技频道</h2><div class='bt'>阶跃星辰发布推理模型</div><div>{paragraphs}</div></body></html>"
    )
    assert extract_article(news).title == "阶跃星辰发布推理模型"


def test_the_headline_above_text_that_follows_its_block_is_found_in_page_order():
    from extractors.metadata import headline_before

    text = "为拆一幢房，断送了三条人命。前天的这场惨剧发生得实在太突然，太令人震惊了。"
    tree = html.fromstring(f"<html><body><div><h2>谁来为无序拆房“埋单”？</h2></div>{text}</body></html>")
    assert headline_before(tree, text) == "谁来为无序拆房“埋单”？"
