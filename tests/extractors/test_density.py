"""The text-density fallback on its own."""

from lxml import html

from extractors.article import choose_text
from extractors.density import block_text, densest_block, density_text

ARTICLE = "".join(
    f"<div>第{i}段：月之暗面今日宣布，Kimi将推出新版本，重点加强长文档处理和智能体能力，面向付费用户提供更高额度。</div>"
    for i in range(4)
)
PAGE = f"""<html><body>
<div class="nav"><a href="/">首页</a><a href="/a">科技</a><a href="/b">财经</a><a href="/c">汽车</a></div>
<div class="expand" id="body">{ARTICLE}</div>
<div class="links"><a href="/1">智谱发布新模型</a><a href="/2">MiniMax上线新功能</a><a href="/3">百川公布合作</a></div>
</body></html>"""


def test_densest_block_is_the_article_container():
    assert densest_block(html.fromstring(PAGE)).get("id") == "body"


def test_block_text_is_one_paragraph_per_line():
    text = density_text(html.fromstring(PAGE))
    assert text.count("\n") == 3 and text.startswith("第0段") and "智谱发布新模型" not in text


def test_br_separated_text_becomes_lines():
    element = html.fromstring("<div>第一段。<br><br>第二段。<br>第三段。</div>")
    assert block_text(element) == "第一段。\n第二段。\n第三段。"


def test_no_text_no_block():
    assert densest_block(html.fromstring("<html><body><div></div></body></html>")) is None


def test_choose_text_rule():
    long_body = "\n".join(["智谱AI宣布完成新一轮融资，资金将用于大模型研发和商业化，公司收入同比翻倍增长。"] * 8)
    # enough text, not a dump: trafilatura's, density never computed
    assert choose_text(long_body, lambda: 1 / 0, None) == (long_body, "trafilatura")
    # too little: density when at least twice as long
    assert choose_text("展开全文", lambda: long_body, None) == (long_body, "density")
    # a page dump (menu-sized lines around the article): the article inside it
    dump = "\n".join(["首页", "科技", "财经", "汽车", "体育", long_body, "评论", "回复", "点赞 8", "关于我们"])
    assert choose_text(dump, lambda: long_body, None) == (long_body, "density")
    # a dump whose densest block is something else: keep trafilatura's
    other = "\n".join(["与正文无关的另一段很长的文字，讲的是别的新闻内容，和上面的文章没有关系。"] * 6)
    assert choose_text(dump, lambda: other, None)[1] == "trafilatura"
