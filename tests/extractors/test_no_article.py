"""List, index and forum-board pages are no article; an article among as many links still is."""

from extractors.article import extract_article

PROSE = "零一万物发布新一代开源模型，在多项中文评测中成绩领先，公司表示将继续投入预训练和推理优化的研发工作。"
NAV = "<ul class='nav'>" + "".join(f"<li><a href='/c{i}/'>频道{i}</a></li>" for i in range(12)) + "</ul>"


def _page(body: str, title: str = "新闻中心_某网") -> str:
    return f"<html><head><title>{title}</title></head><body>{NAV}{body}<div>Copyright © 2024 某网</div></body></html>"


def test_a_news_index_is_no_article_but_an_article_beside_the_same_list_is():
    items = "".join(
        f"<li><span>2024-05-{10 + i % 9:02d}</span> <a href='/n/{i}.html'>第{i}家大模型公司宣布完成新一轮融资并发布新品</a></li>"
        for i in range(30)
    )
    assert extract_article(_page(f"<div class='list'><ul>{items}</ul></div>")) is None
    article = f"<h1>零一万物发布新模型</h1><div class='content'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>"
    found = extract_article(_page(f"{article}<div class='side'><ul>{items}</ul></div>", "零一万物发布新模型_某网"))
    assert found is not None and PROSE in found.text


def test_a_forum_board_of_thread_titles_is_no_article():
    rows = "".join(
        f"<tr><td><a href='/thread-{i}.html'>求助：第{i}个模型部署的时候显存不够怎么办</a></td>"
        f"<td>用户{i}</td><td>{i} 小时前</td><td>回复 {i * 3}</td></tr>"
        for i in range(25)
    )
    page = _page(f"<div class='board'><h2>开发者交流区</h2><table>{rows}</table></div>", "开发者交流区_某论坛")
    assert extract_article(page) is None
