import itertools

import pytest

from extractors.entities import Catalogue, Mention, load_catalogue
from extractors.provisional import NEVER, ProvisionalMention, find_provisional, normalise_key, provisional_id

# A tiny catalogue, so these tests do not move when the shipped one grows.
CATALOGUE = Catalogue.from_toml(
    """
version = "test"
[[entity]]
id = "tencent"
name = "腾讯"
kind = "org"
[[entity]]
id = "moonshot"
name = "月之暗面"
kind = "org"
[[entity]]
id = "yang-zhilin"
name = "杨植麟"
kind = "person"
parent = "moonshot"
"""
)


def found(text: str, known: list[Mention] | None = None) -> list[tuple[str, str]]:
    return [(m.surface, m.kind) for m in find_provisional(text, CATALOGUE.tag(text) if known is None else known)]


@pytest.mark.parametrize(
    ("text", "name", "kind", "evidence"),
    [
        # organisations: suffix + stem, legal names, English company forms
        ("本轮融资由蓝驰创投领投，老股东继续跟投。", "蓝驰创投", "org", "org_suffix"),
        ("清华系创业公司澜舟科技宣布完成新一轮融资。", "澜舟科技", "org", "org_suffix"),
        ("投资方包括靖亚资本、华山资本和博裕资本。", "华山资本", "org", "org_suffix"),
        ("腾讯和五源资本等老股东跟投。", "五源资本", "org", "org_suffix"),  # 五 is a numeral; 腾讯 bounds the run
        ("国家人工智能产业投资基金正式设立。", "国家人工智能产业投资基金", "org", "org_suffix"),
        ("上海人工智能实验室发布了新模型。", "上海人工智能实验室", "org", "org_suffix"),
        ("这家公司孵化自清华大学自然语言处理实验室。", "清华大学自然语言处理实验室", "org", "org_suffix"),
        ("工商资料显示，北京光年之外科技有限公司已注销。", "北京光年之外科技有限公司", "org", "org_legal"),
        ("法国的Mistral AI完成融资。", "Mistral AI", "org", "org_latin"),
        ("前OpenAI高管创办的Thinking Machines Lab估值百亿美元。", "Thinking Machines Lab", "org", "org_latin"),
        ("美国AI搜索公司Perplexity估值上涨。", "Perplexity", "org", "org_after_noun"),
        # people: title + name, name + speech verb, roles, transliterations, Latin names
        ("联合创始人周昕宇在内部会上发言。", "周昕宇", "person", "person_title"),
        ("摩尔线程创始人张建中曾任英伟达全球副总裁。", "张建中", "person", "person_title"),
        ("零一万物联合创始人李先刚离职。", "李先刚", "person", "person_title"),
        ("火山引擎总裁谭待在发布会上表示，价格还会下降。", "谭待", "person", "person_title"),
        ("对此，王小川表示，医疗是最好的场景。", "王小川", "person", "person_speech"),
        ("会上，张鹏也表示，公司重点是企业客户。", "张鹏", "person", "person_speech"),
        ("这家由陈天石创办的公司于2020年上市。", "陈天石", "person", "person_speech"),
        ("在罗娟看来，专业设置要与时俱进。", "罗娟", "person", "person_speech"),
        ("OpenAI首席执行官萨姆·奥尔特曼在社交媒体上发文。", "萨姆·奥尔特曼", "person", "person_title"),
        ("红杉美国合伙人David Cahn在文章中算了一笔账。", "David Cahn", "person", "person_title"),
        ("Sam Altman表示，算力仍然不够。", "Sam Altman", "person", "person_speech"),
        # products: Latin-digit model names, brand + version, Han + number, 《…》 next to product words
        ("智谱发布了GLM-4-Plus。", "GLM-4-Plus", "product", "product_model"),
        ("阿里云发布Qwen2.5-Max，性能对标顶级模型。", "Qwen2.5-Max", "product", "product_model"),
        ("MiniMax推出abab6.5s模型。", "abab6.5s", "product", "product_model"),
        ("Anthropic发布Claude 3.7 Sonnet模型。", "Claude 3.7 Sonnet", "product", "product_model"),
        ("Meta开源了Llama 3.1模型。", "Llama 3.1", "product", "product_model"),
        ("受出口管制影响，英伟达H20芯片供应紧张。", "H20", "product", "product_model"),
        ("寒武纪凭借思元590等云端芯片扭亏为盈。", "思元590", "product", "product_model"),
        ("游戏科学推出的《黑神话：悟空》游戏销量超过两千万份。", "黑神话：悟空", "product", "product_quoted"),
    ],
)
def test_patterns_find_the_intended_name(text, name, kind, evidence):
    mentions = {m.surface: m for m in find_provisional(text, CATALOGUE.tag(text))}
    assert name in mentions, f"{name!r} not found in {sorted(mentions)}"
    assert (mentions[name].kind, mentions[name].evidence) == (kind, evidence)


# Words and phrases that must never become entities, each in a sentence that tempts a pattern.
NEVER_ENTITIES = [
    ("该公司", "该公司宣布完成新一轮融资。"),
    ("这家科技", "这家科技公司表示将继续投入。"),
    ("人工智能", "人工智能是新一轮科技革命的核心。"),
    ("通用人工智能", "公司的目标是实现通用人工智能。"),
    ("科技", "科技创新跑出加速度。"),
    ("中国科技", "中国科技企业加速出海。"),
    ("金融科技", "银行加大了对金融科技的投入。"),
    ("硬科技", "投资人更青睐硬科技公司。"),
    ("特专科技", "上市规则第18C章对特专科技公司放宽了要求。"),
    ("具身智能", "资本加大了对具身智能的关注。"),
    ("人形机器人", "十几台人形机器人在春晚上表演。"),
    ("大模型", "大模型的竞争进入下半场。"),
    ("本基金", "本基金主要投资于早期项目。"),
    ("产业基金", "地方政府设立了产业基金。"),
    ("政府引导基金", "政府引导基金和国资平台成为主力。"),
    ("美元基金", "2024年外币基金在中国新募资金额下滑，美元基金出手放缓。"),
    ("产业资本", "股东中既有产业资本，也有老牌风投。"),
    ("战略投资", "小红书则以战略投资的方式寻找机会。"),
    ("更多数据", "依靠用户增长获取更多数据的方式并未奏效。"),
    ("集团", "避免走上集团对抗老路。"),
    ("本报讯", "本报讯（记者 王小明 李娜）昨日，大会开幕。"),
    ("记者", "记者王小明报道，会议于昨日召开。"),
    ("王小明", "（记者 王小明）昨日，会议召开。"),
    ("新华社", "新华社北京5月10日电 国务院新闻办举行发布会。"),
    ("证券代码", "证券代码：688256 证券简称：寒武纪 公告编号：2024-001"),
    ("高管", "多位高管表示，公司将加大投入。"),
    ("方面", "公司方面表示，暂不回应。"),
    ("市场", "市场认为，价格战还将持续。"),
    ("曾在博", "谷歌研究员曾在博客中提出这一观点。"),
    ("肖琳", "但对从业者肖琳（化名）来说，这并不重要。肖琳表示，她已经离职。"),
    ("公里·日", "客运强度为0.55万人次/公里·日。"),
    ("降至5", "成本从8.5美元降至5美元以下，国内GPU供应紧张。"),
    ("Q1", "公司2025年Q1营收增长，H1利润翻番。"),
    ("5G", "5G网络和4K视频带动了流量增长。"),
    ("COVID-19", "COVID-19疫情期间，远程办公兴起。"),
    ("shenhuxi39", "关注深呼吸公众号（shenhuxi39）了解更多。"),
    ("AI光年", "投资人告诉《AI光年》，今年融资很难。"),
    ("人民日报", "据《人民日报》报道，相关部门已介入。"),
    ("生成式人工智能服务管理暂行办法", "《生成式人工智能服务管理暂行办法》发布后，多款大模型上线。"),
    ("Generative AI", "Generative AI is changing search."),
]


@pytest.mark.parametrize(("word", "text"), NEVER_ENTITIES, ids=[w for w, _ in NEVER_ENTITIES])
def test_common_words_never_become_entities(word, text):
    surfaces = [m.surface for m in find_provisional(text, [])]
    assert not any(word in s or s in word for s in surfaces), surfaces


@pytest.mark.parametrize("word", sorted(NEVER))
def test_never_list_is_enforced_even_where_a_pattern_fires(word):
    # each phrase right after a company noun and before a company word: the strongest org context
    text = f"投资方包括{word}、蓝驰创投等机构；{word}宣布完成融资。"
    assert word not in {normalise_key(m.surface) for m in find_provisional(text, [])}


def test_offsets_are_exact_and_keys_fold_traditional():
    text = "階躍星辰共同創辦人焦斌星表示，啟明創投與五源資本跟投。首席科學家張祥雨則認為，模型仍需擴大。"
    mentions = find_provisional(text, [])
    assert mentions, "nothing found"
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.key == normalise_key(m.surface)
    by_surface = {m.surface: m for m in mentions}
    assert by_surface["焦斌星"].key == "焦斌星"
    assert by_surface["啟明創投"].key == "启明创投"
    assert by_surface["啟明創投"].name == "启明创投"
    assert by_surface["張祥雨"].kind == "person"


def test_never_overlaps_catalogue_mentions_or_each_other():
    text = "月之暗面创始人杨植麟表示，月之暗面科技有限公司与澜舟科技的合作已结束。CEO杨植麟称，公司账上现金充足。"
    known = CATALOGUE.tag(text)
    assert {m.entity_id for m in known} == {"moonshot", "yang-zhilin"}
    mentions = find_provisional(text, known)
    spans = sorted([(m.start, m.end) for m in known] + [(m.start, m.end) for m in mentions])
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert "澜舟科技" in {m.surface for m in mentions}


def test_known_mention_blocks_the_name_it_covers():
    text = "清华系创业公司澜舟科技宣布完成新一轮融资。"
    start = text.index("澜舟科技")
    known = [Mention("langboat", "澜舟科技", start, start + 4)]
    assert all(m.end <= start or m.start >= start + 4 for m in find_provisional(text, known))


def test_later_occurrences_are_mentions_of_the_same_entity():
    text = "生数科技创始人唐家渝表示，视频模型还在早期。唐家渝认为，生数科技会继续开源。"
    mentions = find_provisional(text, [])
    people = [m for m in mentions if m.surface == "唐家渝"]
    orgs = [m for m in mentions if m.surface == "生数科技"]
    assert len(people) == 2 and len(orgs) == 2
    assert len({m.entity_id for m in people}) == 1
    assert {m.evidence for m in orgs} == {"org_suffix", "repeat"}


def test_ids_are_stable_per_kind_and_key_and_never_look_like_catalogue_slugs():
    simplified = find_provisional("投资方包括蓝驰创投。", [])[0]
    traditional = find_provisional("投資方包括藍馳創投。", [])[0]
    assert simplified.entity_id == traditional.entity_id == provisional_id("org", "蓝驰创投")
    assert simplified.entity_id.startswith("prov:org:") and len(simplified.entity_id) == len("prov:org:") + 12
    assert provisional_id("org", "蓝驰创投") != provisional_id("product", "蓝驰创投")


def test_as_mention_carries_the_provisional_id():
    m = find_provisional("英伟达发布了GB200。", [])[0]
    assert isinstance(m, ProvisionalMention)
    assert m.as_mention() == Mention(m.entity_id, "GB200", m.start, m.end)


def test_empty_text():
    assert find_provisional("", []) == []


def test_a_degree_word_before_a_company_suffix_describes_and_does_not_name():
    text = "月之暗面创始人杨植麟此前多次强调，长上下文是通往更强智能的关键路径，也是最懂科技的人的共识。"
    assert [p.surface for p in find_provisional(text, load_catalogue().tag(text))] == []
