"""Tree rules for reader widgets and old portal markup, each on a small page (through remove_chrome)."""

import pytest
from lxml import html

from extractors.chrome import remove_chrome, strip_code

PROSE = "月之暗面今日发布新一代长文本模型，上下文窗口扩展到两百万字，并向企业客户开放了接口调用和私有化部署服务。"


def _tree(body: str):
    return html.fromstring(f"<html><head><title>月之暗面发布新模型_某网</title></head><body>{body}</body></html>")


def _cleaned(body: str, title: str | None = None) -> str:
    tree = _tree(body)
    strip_code(tree)
    remove_chrome(tree, None, title)
    return tree.text_content()


@pytest.mark.parametrize(
    "widget",
    [
        "<div class='tie-areas post_comment'><p>网友评论仅代表其个人看法。</p><p>登录并发贴</p></div>",
        "<section id='UserMessageBoard'><p>留言请文明，违者自负。</p></section>",
        "<div class='art-pinglun'><p>已有3条评论，快来抢沙发</p></div>",
        "<p class='paper_num'><em class='section-common-share-wrap'>分享让更多人看到</em></p>",
        "<div class='g-wxTips'><p>点击右上角微信好友</p><p>朋友圈</p></div>",
        "<section id='toolbar'><h2>字號：</h2><a>最小字型</a></section>",
        "<div class='operation'><p class='trackback'>你可以引用该篇文章的链接</p></div>",
    ],
)
def test_comment_share_and_toolbar_widgets_go(widget):
    text = _cleaned(f"<h1>月之暗面发布新模型</h1><div class='article'><p>{PROSE}</p><p>{PROSE}</p></div>{widget}")
    assert text.count(PROSE) == 2
    for word in ("评论", "留言", "分享", "朋友圈", "字號", "引用"):
        assert word not in text


def test_a_comment_box_with_its_own_h1_is_not_the_headline():
    body = (
        "<h1>月之暗面发布新模型</h1>"
        f"<div class='content'><p>{PROSE}</p><p>{PROSE}</p></div>"
        "<section id='UserMessageBoard'><header><h1>討論區</h1></header><p>網友應謹慎發言。</p></section>"
    )
    text = _cleaned(body, "月之暗面发布新模型")
    assert "討論區" not in text and "網友應謹慎發言" not in text
    assert "月之暗面发布新模型" in text  # the headline's own container stays


def test_a_heading_written_down_a_table_cell_heads_its_row():
    body = (
        f"<div class='text'><p>{PROSE}</p></div>"
        "<table><tr><td width='20'><b>今<br>日<br>推<br>荐</b></td>"
        "<td><a href='/1.html'>智谱新模型登顶榜单</a> <a href='/2.html'>百川发布医疗大模型</a></td></tr></table>"
    )
    text = _cleaned(body)
    assert PROSE in text and "智谱新模型登顶榜单" not in text


def test_a_block_under_a_comment_heading_goes_whatever_its_items():
    long_comment = (
        "我认为这个模型的长文本能力确实很强，但价格还是偏高，希望后续能够推出更便宜的版本给个人开发者使用。" * 2
    )
    body = (
        f"<div class='text'><p>{PROSE}</p><p>{PROSE}</p></div>"
        f"<div><h3>·最新评论·</h3><div><p>{long_comment}</p></div></div>"
    )
    text = _cleaned(body)
    assert text.count(PROSE) == 2 and "最新评论" not in text and long_comment not in text


def test_a_list_used_as_a_page_column_becomes_divs():
    tree = _tree(
        "<ul class='two-col'><li class='left'><h3>月之暗面发布新模型</h3>"
        f"<div class='txt'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></li><li class='right'>侧栏</li></ul>"
        "<ul><li>短条目一</li><li>短条目二</li></ul>"
    )
    remove_chrome(tree)
    assert tree.find(".//li[@class='left']") is None and tree.find(".//div[@class='left']") is not None
    assert len(tree.findall(".//li")) == 2  # a real list stays a list


def test_text_after_an_emptied_ad_table_is_a_paragraph():
    body = (
        f"<div class='text'><p>{PROSE}</p>"
        "<table><tr><td><iframe src='/ad.html'></iframe></td></tr></table>"
        "，还在上海时，他就为公司的第一版模型写下了训练代码，后来这段代码成了团队的基础设施。"
        f"<p>{PROSE}</p></div>"
    )
    tree = _tree(body)
    strip_code(tree)
    remove_chrome(tree)
    assert tree.find(".//table") is None
    loose = [p for p in tree.iter("p") if "还在上海时" in (p.text or "")]
    assert loose, "the loose text became a paragraph of its own"


def test_a_paragraph_split_by_a_misnested_span_is_joined_in_one_paragraph():
    body = (
        "<div class='text'><p>个人简介：</p>"
        "<span><p>王某现任某人工智能公司董事长。</p></span>"
        "<font><span>1980</span><span>年生人，毕业于某大学计算机系，曾在多家互联网公司负责搜索业务。</span></font>"
        f"<p>{PROSE}</p></div>"
    )
    tree = _tree(body)
    remove_chrome(tree)
    wrapped = [p for p in tree.iter("p") if "年生人" in p.text_content()]
    assert wrapped and wrapped[0].getparent().tag == "div"
