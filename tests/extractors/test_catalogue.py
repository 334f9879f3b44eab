"""The shipped catalogue as data: provenance on every entry, and no ordinary word matched unconditionally."""

import re

import pytest

from extractors.entities import Catalogue, CatalogueError, load_catalogue
from extractors.normalise import fold

# Ordinary words that name an entity only in context: never an unconditional surface.
COMMON_WORDS = (
    "天工", "星火", "通义", "百川", "零一", "文心", "阶跃", "豆包", "元宝", "混元", "盘古", "可灵", "海螺", "星野",
    "日日新", "地平线", "寒武纪", "苹果", "三星", "荣耀", "联想", "高通", "有道", "子曰", "鸿蒙", "鲲鹏", "京东",
    "阿里", "蚂蚁", "百灵", "千帆", "夸克", "钉钉", "扣子", "即梦", "平头哥", "第四范式", "好未来", "作业帮", "中芯",
    "浪潮", "曙光", "理想", "蝴蝶效应", "出门问问", "升腾",
)  # fmt: skip
# English words that name an entity only in context (Latin aliases match case-insensitively).
ENGLISH_WORDS = (
    "seed", "step", "yi", "apple", "meta", "copilot", "cursor", "runway", "honor", "quark", "bedrock", "ascend",
    "alexa", "perplexity", "devin", "optimus", "monica", "arm", "apollo", "bing", "alphabet", "lark", "figure",
    "fourier", "terminus", "booster", "jd", "open ai", "thinking machines",
)  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_every_entry_names_its_source(catalogue):
    missing = [e.entity_id for e in catalogue.entities if not (e.source and e.source.strip())]
    assert missing == []
    assert all(e.note is None or e.note.strip() for e in catalogue.entities)


def test_source_and_note_are_kept_on_the_entity():
    text = '[[entity]]\nid = "x"\nname = "甲"\nkind = "org"\nsource = "company website"\nnote = "renamed 2024"\n'
    [entity] = Catalogue.from_toml(text).entities
    assert (entity.source, entity.note) == ("company website", "renamed 2024")
    [bare] = Catalogue.from_toml('[[entity]]\nid = "x"\nname = "甲"\nkind = "org"\n').entities
    assert (bare.source, bare.note) == (None, None)


@pytest.mark.parametrize(("field", "value"), [("source", "2025"), ("source", '""'), ("note", '["a"]')])
def test_source_and_note_must_be_text(field, value):
    with pytest.raises(CatalogueError, match=f"x: {field} must be a non-empty string"):
        Catalogue.from_toml(f'[[entity]]\nid = "x"\nname = "甲"\nkind = "org"\n{field} = {value}\n')


def test_common_words_are_never_unconditional(catalogue):
    unconditional = {fold(s) for e in catalogue.entities for s in e.surfaces} - {
        fold(s) for e in catalogue.entities for s in e.ambiguous
    }
    assert sorted(w for w in COMMON_WORDS if fold(w) in unconditional) == []
    assert sorted(w for w in ENGLISH_WORDS if w in unconditional) == []


def test_the_catalogue_covers_the_industry(catalogue):
    assert len(catalogue.entities) >= 400
    by_id = catalogue.by_id
    for entity_id, parent in [("aliyun", "alibaba"), ("volcengine", "bytedance"), ("kunlunxin", "baidu"),
                              ("huawei-cloud", "huawei"), ("h100", "nvidia"), ("claude", "anthropic")]:  # fmt: skip
        assert by_id[entity_id].parent_id == parent
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.-]*", e.entity_id) for e in catalogue.entities)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "阿里云和火山引擎降价，昇腾910B供不应求",
            [("aliyun", "阿里云"), ("volcengine", "火山引擎"), ("ascend-910", "昇腾910B")],
        ),
        ("輝達H20與寒武纪芯片", [("nvidia", "輝達"), ("h20", "H20"), ("cambricon", "寒武纪")]),
        ("GPT-4o、GPT-4和o1-preview", [("gpt-4o", "GPT-4o"), ("gpt-4", "GPT-4"), ("openai-o1", "o1-preview")]),
        ("豆包大模型团队发布Seedance", [("bytedance-seed", "豆包大模型团队"), ("seedance", "Seedance")]),
    ],
)
def test_new_sectors_are_tagged(catalogue, text, expected):
    assert [(m.entity_id, m.surface) for m in catalogue.tag(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "北京东路上的老字号",  # 京东 across a word boundary
        "三星堆出土的青铜面具",  # 三星 inside a place name
        "常言道，他说的有道理",  # 有道 inside 有道理
        "子曰：学而时习之",  # the Analects
        "地平线上升起一轮红日",  # the horizon
        "寒武纪生命大爆发",  # the Cambrian
        "烟雾升腾，海螺声声",  # 升腾 (folds like 昇腾) and a conch
        "他用高通量测序分析样本",  # 高通量
        "我们去阿里山看日出",  # 阿里山
        "This seed round is a big step for Meta-analysis",  # English words
    ],
)
def test_ordinary_prose_names_no_entity(catalogue, text):
    assert catalogue.tag(text) == []
