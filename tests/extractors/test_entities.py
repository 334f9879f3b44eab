import pytest

from extractors.entities import Catalogue, CatalogueError, load_catalogue

CORE = {"zhipu", "moonshot", "minimax", "baichuan", "01ai", "stepfun"}
# Surface forms a reader finds in each seed, per core company (checked by hand).
SEED_FORMS = {
    "000": {"zhipu": {"智谱"}, "moonshot": {"月之暗面"}, "minimax": {"Minimax"}, "baichuan": {"百川", "百川智能"},
            "01ai": {"零一万物", "01万物"}},
    "001": {"zhipu": {"智谱AI", "智谱"}, "moonshot": {"月之暗面"}, "minimax": {"Minimax", "minimax"},
            "baichuan": {"百川智能"}, "01ai": {"零一万物"}, "stepfun": {"阶跃星辰", "阶越星辰"}},
    "002": {"moonshot": {"月之暗面"}},
    "003": {"zhipu": {"智谱AI"}, "moonshot": {"月之暗面"}, "baichuan": {"百川智能"}},
    "004": {"zhipu": {"智譜AI"}, "moonshot": {"月之暗面"}, "minimax": {"MiniMax"}, "baichuan": {"百川智能"},
            "01ai": {"零一萬物"}, "stepfun": {"階躍星辰"}},
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_shipped_catalogue_is_sound(catalogue):
    assert catalogue.problems() == []
    assert {e.entity_id for e in catalogue.entities if e.core} == CORE
    assert all(e.parent_id in catalogue.by_id for e in catalogue.entities if e.parent_id)


@pytest.mark.parametrize("seed", sorted(SEED_FORMS))
def test_core_companies_found_in_seeds_by_every_form(catalogue, seeds_dir, seed):
    text = next(seeds_dir.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    mentions = catalogue.tag(text)
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    found: dict[str, set[str]] = {}
    for m in mentions:
        if m.entity_id in CORE:
            found.setdefault(m.entity_id, set()).add(m.surface)
    assert found == SEED_FORMS[seed]


def test_longest_match_and_products(catalogue):
    mentions = catalogue.tag("智谱清言和ChatGLM都来自智谱AI，Kimi来自月之暗面")
    assert [(m.entity_id, m.surface) for m in mentions] == [
        ("zhipuqingyan", "智谱清言"),
        ("chatglm", "ChatGLM"),
        ("zhipu", "智谱AI"),
        ("kimi", "Kimi"),
        ("moonshot", "月之暗面"),
    ]
    assert catalogue.by_id["kimi"].parent_id == "moonshot"


@pytest.mark.parametrize(
    "text",
    [
        "Kimiko 的新专辑",  # Latin alias inside a longer word
        "二零一九年，海纳百川的精神",  # 零一 inside a date, 百川 inside an idiom
        "阶跃函数是信号处理的基础",  # 阶跃 as an ordinary word, no context
        "字节是计算机存储的基本单位",  # 字节 = byte
    ],
)
def test_no_false_positives(catalogue, text):
    assert catalogue.tag(text) == []


def test_ambiguous_form_counts_with_context(catalogue):
    mentions = catalogue.tag("李开复表示，零一的大模型将专注企业服务")
    assert ("01ai", "零一") in [(m.entity_id, m.surface) for m in mentions]


def test_validation_lists_every_problem():
    bad = """
version = "t"
[[entity]]
id = "a"
name = "甲"
kind = "org"
aliases = ["同名"]
[[entity]]
id = "b"
name = "乙"
kind = "company"
parent = "nope"
aliases = ["同名"]
"""
    with pytest.raises(CatalogueError) as err:
        Catalogue.from_toml(bad)
    message = str(err.value)
    assert "kind 'company'" in message
    assert "parent 'nope' does not exist" in message
    assert "'同名' names both 'a' and 'b'" in message


def test_traditional_canonical_name_is_rejected():
    with pytest.raises(CatalogueError, match="zh-Hans"):
        Catalogue.from_toml('[[entity]]\nid = "x"\nname = "階躍星辰"\nkind = "org"\n')


@pytest.mark.parametrize(
    ("text", "not_tagged"),
    [
        ("李开复表示，二零一九年他创办了零一万物的前身。", "零一"),  # a number, not 零一万物's short form
        ("快手表示可灵活调整策略。", "可灵"),  # 可 + 灵活
        ("王坚持认为阿里云的投入是对的。", "王坚"),  # 王 + 坚持: a short person name only as a whole word
    ],
)
def test_a_short_form_inside_other_words_is_not_a_mention(text, not_tagged):
    assert not_tagged not in [m.surface for m in load_catalogue().tag(text)]


def test_the_same_short_forms_as_whole_words_are_mentions():
    surfaces = [m.surface for m in load_catalogue().tag("快手的可灵模型用户增长，王坚认为阿里云的投入是对的。")]
    assert "可灵" in surfaces and "王坚" in surfaces
