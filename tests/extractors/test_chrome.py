"""Tree-level chrome rules, each on a small page."""

from lxml import html

from extractors.chrome import chrome_blocks, headed_lists, label_tables, layout_tables, remove_chrome

PROSE = "智谱今日发布新一代基座模型GLM-5，并宣布模型权重以MIT协议同步开源，面向全球开发者免费提供下载和商用授权。" * 2


def _tree(body: str):
    return html.fromstring(f"<html><body>{body}</body></html>")


def test_layout_table_becomes_divs_but_data_table_stays():
    tree = _tree(f"<table><tr><td>导航</td></tr><tr><td class='zw'>{PROSE}<br>{PROSE}</td></tr></table>"
                 "<table><tr><td>智谱</td><td>30亿元</td></tr></table>")  # fmt: skip
    assert layout_tables(tree) == 1
    assert len(tree.findall(".//table")) == 1 and tree.find(".//div[@class='zw']") is not None


def test_label_table_is_a_record_card():
    tree = _tree("<table><tr><td>索引号：</td><td>123</td><td>发布机构：</td><td>某局</td></tr></table>"
                 "<table><tr><th>公司</th><th>金额</th></tr><tr><td>智谱</td><td>30亿元</td></tr></table>")  # fmt: skip
    assert label_tables(tree) == 1 and "公司" in tree.text_content()


def test_chrome_blocks_by_class_or_id_but_never_the_article():
    tree = _tree(f"<h1>标题</h1><div class='news_editor'>责任编辑：王五</div><div id='xgxw'>相关新闻</div>"
                 f"<div class='hot-news'><p>{PROSE}</p><p>{PROSE}</p></div><div class='TRS_Editor'><p>x</p></div>")  # fmt: skip
    page_chars = len(tree.text_content())
    assert chrome_blocks(tree, page_chars) == 2
    assert PROSE in tree.text_content()  # a 'hot-news' container holding most of the page text is kept
    assert tree.find(".//div[@class='TRS_Editor']") is not None


def test_headed_lists_of_short_items_go_prose_stays():
    tree = _tree(f"<div><p>{PROSE}</p></div>"
                 "<div><h3>最新电报</h3><div><p>【沪指午后震荡走高】三大指数涨跌不一。</p></div><div><p>【某公司公告】</p></div></div>"
                 f"<div><h3>相关阅读</h3><p>{PROSE}</p><p>{PROSE}</p></div>")  # fmt: skip
    assert headed_lists(tree, len(tree.text_content())) == 1
    assert "沪指" not in tree.text_content() and tree.text_content().count(PROSE) == 3


def test_remove_chrome_reports_each_rule():
    assert set(remove_chrome(_tree(f"<p>{PROSE}</p>"))) == {
        "empty_tables",
        "layout_tables",
        "loose_text",
        "layout_lists",
        "label_tables",
        "chrome_blocks",
        "headed_lists",
    }
