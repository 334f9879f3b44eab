import pytest

from extractors.charset import decode_html

PAGE = '<html><head><meta charset="{meta}"></head><body><p>{text}</p></body></html>'
HANS = "智谱AI与阶跃星辰完成新一轮融资，估值再创新高。"
HANT = "智譜AI與階躍星辰完成新一輪融資，估值再創新高。"


@pytest.mark.parametrize(
    ("encoding", "meta", "header", "text", "expected"),
    [
        ("gbk", "gbk", "text/html; charset=gbk", HANS, "gb18030"),  # declared right, widened
        ("gbk", "utf-8", "text/html; charset=utf-8", HANS, "gb18030"),  # declared wrong
        ("gb18030", "", "text/html", HANS, "gb18030"),  # not declared
        ("big5", "big5", "text/html", HANT, "big5hkscs"),
        ("big5", "", None, HANT, "big5hkscs"),
        ("utf-8", "gbk", "text/html; charset=gb2312", HANS, "utf-8"),  # UTF-8 declared as GB2312
    ],
)
def test_decodes_whatever_the_declaration(encoding, meta, header, text, expected):
    body = PAGE.format(meta=meta, text=text).encode(encoding)
    decoded = decode_html(body, header)
    assert decoded.encoding == expected
    assert text in decoded.text


def test_bom_wins():
    decoded = decode_html("\ufeff<p>智谱</p>".encode("utf-8"), "text/html; charset=gbk")
    assert (decoded.encoding, decoded.source) == ("utf-8-sig", "bom")


def test_garbage_never_raises():
    decoded = decode_html(bytes(range(256)) * 20, "text/html; charset=nonsense")
    assert isinstance(decoded.text, str)
