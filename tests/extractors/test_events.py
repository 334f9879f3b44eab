"""Funding and launch events: amounts, rounds, the traps, both scripts, investor lists, model names, identity.

The sentences here are written for these tests and are not in the bench's gold
set (bench/data/events_gold.jsonl), so the bench score is not a test score.
"""

from datetime import date

import pytest

from extractors.entities import Catalogue
from extractors.events import Event, event_key, extract_events, normalise_round, parse_amount

CATALOGUE = Catalogue.from_toml(
    """
version = "test"
[[entity]]
id = "zhipu"
name = "智谱AI"
kind = "org"
aliases = ["智谱", "智譜AI", "智譜"]
[[entity]]
id = "moonshot"
name = "月之暗面"
kind = "org"
[[entity]]
id = "kimi"
name = "Kimi"
kind = "product"
parent = "moonshot"
english = ["Kimi"]
aliases = ["Kimi智能助手"]
[[entity]]
id = "tencent"
name = "腾讯"
kind = "org"
aliases = ["騰訊"]
[[entity]]
id = "hunyuan"
name = "混元"
kind = "product"
parent = "tencent"
[[entity]]
id = "alibaba"
name = "阿里巴巴"
kind = "org"
aliases = ["阿里"]
[[entity]]
id = "hongshan"
name = "红杉中国"
kind = "org"
aliases = ["紅杉中國"]
[[entity]]
id = "minimax"
name = "MiniMax"
kind = "org"
english = ["MiniMax"]
"""
)


def read(text: str, published: date | None = None) -> list[Event]:
    """Events as the pipeline reads them: with the text's mentions and the catalogue."""
    return extract_events(text, CATALOGUE.tag(text), published, catalogue=CATALOGUE)


def as_written(event: Event) -> tuple:
    """(type, company, round, amount, investors, leads, product, date), values as written."""
    r = event.to_record()
    return (r["type"], r["company"], r["round"], r["amount"], r["investors"], r["lead_investors"], r["product"],
            r["date"])  # fmt: skip


# ── amounts ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("raw", "low", "high", "currency"),
    [
        ("数亿元", 1e8, 1e9, "CNY"),
        ("超10亿元", 1e9, None, "CNY"),
        ("1亿美元", 1e8, 1e8, "USD"),
        ("数千万人民币", 1e7, 1e8, "CNY"),
        ("近5亿美元", None, 5e8, "USD"),
        ("10亿元人民币", 1e9, 1e9, "CNY"),
        ("数十亿元", 1e9, 1e10, "CNY"),
        ("7.5亿美元", 7.5e8, 7.5e8, "USD"),
        ("逾3億美元", 3e8, None, "USD"),  # Traditional
        ("超过2.5亿美元", 2.5e8, None, "USD"),
        ("约8亿美元", 8e8, 8e8, "USD"),
        ("6亿至8亿元", 6e8, 8e8, "CNY"),
        ("5-10亿元", 5e8, 1e9, "CNY"),
        ("两亿五千万元", 2.5e8, 2.5e8, "CNY"),
        ("三千万美元", 3e7, 3e7, "USD"),
        ("十几亿元", 1.1e9, 1.9e9, "CNY"),
        ("上亿元", 1e8, None, "CNY"),
        ("近亿元人民币", None, 1e8, "CNY"),
        ("亿元级", 1e8, 1e9, "CNY"),
        ("1亿多美元", 1e8, None, "USD"),
        ("10亿元以上", 1e9, None, "CNY"),
        ("5000万港元", 5e7, 5e7, "HKD"),
        ("人民币30亿元", 3e9, 3e9, "CNY"),
        ("US$1億", 1e8, 1e8, "USD"),
        ("６亿美元", 6e8, 6e8, "USD"),  # full-width digit
        ("数亿", 1e8, 1e9, None),  # no currency written: none guessed
    ],
)
def test_amounts_normalise_to_bounds_and_currency(raw, low, high, currency):
    amount = parse_amount(raw)
    assert amount is not None
    assert (amount.raw, amount.currency) == (raw, currency)
    assert amount.low == (pytest.approx(low) if low is not None else None)
    assert amount.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize("raw", ["0.99元", "新一轮", "十条措施", "", "A轮"])
def test_text_without_a_sum_is_no_amount(raw):
    assert parse_amount(raw) is None


# ── rounds ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("种子轮", "seed"), ("天使轮", "angel"), ("天使+轮", "angel+"), ("Pre-A轮", "pre-a"), ("pre-A+轮", "pre-a+"),
        ("A轮", "a"), ("A+轮", "a+"), ("A++轮", "a+"), ("A1轮", "a"), ("Ｂ轮", "b"), ("B+輪", "b+"), ("C轮", "c"),
        ("D轮", "d"), ("E輪", "e"), ("Pre-B轮", "pre-b"), ("战略融资", "strategic"), ("戰略投資", "strategic"),
        ("Pre-IPO轮", "pre-ipo"), ("IPO", "ipo"), ("上市", "ipo"), ("掛牌", "ipo"), ("新一轮", "unknown"),
        ("首轮", "unknown"), (None, "unknown"), ("A轮及A+轮", "a+"), ("A1轮战略融资", "a"),
    ],
)  # fmt: skip
def test_round_vocabulary(raw, normalised):
    assert normalise_round(raw) == normalised


# ── what is not an event ──────────────────────────────────────────────────


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("据艾瑞咨询测算，2025年中国AIGC市场规模将超过1万亿元。", id="market size"),
        pytest.param("阶跃星辰去年营收约为1.5亿元，同比增长三倍。", id="revenue"),
        pytest.param("君联资本宣布完成新一期人民币基金首关，募资规模超过30亿元。", id="a fund raising its own fund"),
        pytest.param("多位投资人认为，智谱AI目前的估值约为200亿元。", id="valuation alone"),
        pytest.param("昨日寒武纪融资净买入3.2亿元，融资余额创历史新高。", id="margin financing"),
        pytest.param("该公司控股股东质押了5000万股，用于个人融资。", id="share pledge"),
        pytest.param("中国信通院发布《大模型落地应用白皮书（2025）》。", id="white paper"),
        pytest.param("科大讯飞发布2024年年报，全年营收233亿元。", id="annual results"),
        pytest.param("字节跳动发布全新AI战略，宣布加大研发投入。", id="strategy"),
        pytest.param("寒武纪发布公告称，公司股票将于明日复牌。", id="announcement"),
        pytest.param("深圳市推出二十条措施，对获得B轮融资的AI企业给予奖励。", id="policy measures"),
        pytest.param("网传MiniMax已完成新一轮融资，公司方面未予回应。", id="rumour"),
        pytest.param("市場傳言阿里巴巴將領投月之暗面新一輪融資。", id="rumour, Traditional"),
        pytest.param("阶跃星辰计划年内完成新一轮融资。", id="plan"),
        pytest.param("知情人士称，月之暗面正与多家机构洽谈B轮融资。", id="talks"),
        pytest.param("百川智能否认了已完成新一轮融资的消息。", id="denial"),
        pytest.param("成立两年来，月之暗面已先后完成四轮融资，累计融资超过13亿美元。", id="cumulative"),
        pytest.param("今年一季度，国内大模型赛道共发生融资事件87起，融资总额约200亿元。", id="statistics"),
        pytest.param("MiniMax已向港交所递交上市申请。", id="IPO filing"),
        pytest.param("阿里推出的通义千问已成为下载量最高的开源模型之一。", id="launched in passing"),
        pytest.param("智谱将于下周举办年度发布会。", id="launch event announced"),
        pytest.param("DeepSeek的开源模型在海外开发者中广受欢迎。", id="open-source as adjective"),
        pytest.param("百度发布了多款AI应用，覆盖办公和教育场景。", id="launch without a name"),
        pytest.param("据悉，OpenAI计划于今年夏天推出GPT-5。", id="launch plan"),
        pytest.param("海螺AI也推出了付费订阅版本。", id="an unnamed feature of a product"),
        pytest.param("AI大模型公司再获巨额融资。", id="no company named"),
    ],
)
def test_traps_are_not_events(text):
    assert read(text) == []
    assert extract_events(text) == []


def test_text_without_a_trigger_word_is_not_read():
    assert extract_events("今天天气晴朗，适合出门散步。" * 200) == []


# ── funding ───────────────────────────────────────────────────────────────


def test_funding_round_with_investor_lists():
    text = "AI视频公司爱诗科技完成新一轮融资，由阿里巴巴领投，达晨财智、深创投等跟投，老股东北极光创投继续加码。"
    [event] = read(text)
    assert as_written(event) == (
        "funding", "爱诗科技", "新一轮", None, ["阿里巴巴", "达晨财智", "深创投", "北极光创投"], ["阿里巴巴"], None, None,
    )  # fmt: skip
    assert [p.entity_id for p in event.investors] == ["alibaba", None, None, None]
    assert event.round == "unknown"


def test_investors_introduced_as_a_list():
    [event] = read("AI芯片公司墨芯完成B轮融资，投资方包括红杉中国、高瓴创投和君联资本等知名机构。")
    assert [p.surface for p in event.investors] == ["红杉中国", "高瓴创投", "君联资本"]
    assert event.lead_investors == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("红杉中国、腾讯联合领投了具身智能公司银河通用的A轮融资。",
         ("funding", "银河通用", "A轮", None, ["红杉中国", "腾讯"], ["红杉中国", "腾讯"], None, None)),
        ("美团近日向AI搜索公司秘塔科技投资数千万美元。",
         ("funding", "秘塔科技", None, "数千万美元", ["美团"], [], None, None)),
        ("小红书战略投资了AI陪伴应用开发商心识宇宙。",
         ("funding", "心识宇宙", "战略投资", None, ["小红书"], [], None, None)),
    ],
)  # fmt: skip
def test_the_investor_as_subject(text, expected):
    [event] = read(text)
    assert as_written(event)[:2] == expected[:2]
    assert as_written(event) == expected


def test_traditional_report_keeps_its_surfaces():
    text = "人工智能新創智譜AI宣布完成新一輪逾30億元人民幣融資，由紅杉中國領投。"
    [event] = read(text)
    assert as_written(event) == (
        "funding", "智譜AI", "新一輪", "逾30億元人民幣", ["紅杉中國"], ["紅杉中國"], None, None,
    )  # fmt: skip
    assert (event.company_id, event.amount.low, event.amount.high, event.amount.currency) == ("zhipu", 3e9, None, "CNY")
    assert text[event.start : event.end] == event.sentence


def test_valuation_beside_a_round_is_kept_apart_from_the_amount():
    [event] = read("AI芯片初创公司奕斯伟完成5亿美元B轮融资，投后估值达30亿美元。")
    assert (event.amount.raw, event.valuation.raw) == ("5亿美元", "30亿美元")


def test_a_following_sentence_continues_the_round():
    text = (
        "具身智能公司星尘智能宣布完成C轮融资。本轮由红杉中国领投，君联资本跟投，融资金额超10亿元。公司表示将扩大产能。"
    )
    [event] = read(text)
    assert as_written(event) == (
        "funding", "星尘智能", "C轮", "超10亿元", ["红杉中国", "君联资本"], ["红杉中国"], None, None,
    )  # fmt: skip
    assert event.sentence == "具身智能公司星尘智能宣布完成C轮融资。本轮由红杉中国领投，君联资本跟投，融资金额超10亿元。"


def test_two_rounds_in_one_sentence():
    text = "3月，灵初智能完成天使轮融资；5月，星海图宣布完成1亿元Pre-A轮融资。"
    assert [(*as_written(e)[:4], as_written(e)[7]) for e in read(text)] == [
        ("funding", "灵初智能", "天使轮", None, "3月"),
        ("funding", "星海图", "Pre-A轮", "1亿元", "5月"),
    ]


def test_companies_sharing_one_verb_are_two_events():
    events = read("12月，智谱AI与月之暗面相继完成新一轮融资。")
    assert [(e.company, e.company_id, e.date_raw) for e in events] == [
        ("智谱AI", "zhipu", "12月"),
        ("月之暗面", "moonshot", "12月"),
    ]


def test_speaker_of_an_announcement_is_the_company():
    [event] = extract_events("前阿里高管创办的智元研究院今日宣布，已完成5亿元A轮融资。")
    assert (event.company, event.round, event.amount.raw) == ("智元研究院", "a", "5亿元")


def test_listing_is_an_ipo_round():
    [event] = read("地平線機器人今日於港交所主板掛牌上市，集資約54億港元。", published=date(2024, 10, 24))
    assert (event.company, event.round, event.amount.raw, event.amount.currency) == (
        "地平線機器人",
        "ipo",
        "約54億港元",
        "HKD",
    )
    assert (event.date_raw, event.date) == ("今日", "2024-10-24")


def test_headline_and_body_of_one_article_give_one_event():
    text = "月之暗面完成新一轮融资 阿里巴巴领投\n月之暗面今日宣布完成B轮融资，金额超过10亿美元。"
    [event] = read(text)
    assert (event.round, event.amount.raw, [p.surface for p in event.lead_investors]) == (
        "b",
        "超过10亿美元",
        ["阿里巴巴"],
    )


# ── launches ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "company", "product"),
    [
        ("智谱今日发布GLM-4-Plus，性能全面升级。", "智谱", "GLM-4-Plus"),
        ("MiniMax发布abab 7系列模型。", "MiniMax", "abab 7"),
        ("月之暗面推出新一代思考模型Kimi k2。", "月之暗面", "Kimi k2"),
        ("阶跃星辰正式发布Step-3推理模型。", "阶跃星辰", "Step-3"),
        ("深度求索上线DeepSeek-V3.1，并同步开源。", "深度求索", "DeepSeek-V3.1"),
        ("商汤发布视频生成模型“Vimi”。", "商汤", "Vimi"),
        ("巨人网络推出AI游戏《太空杀》。", "巨人网络", "太空杀"),
        ("科大讯飞发布讯飞星火4.0 Turbo。", "科大讯飞", "讯飞星火4.0 Turbo"),
        ("騰訊正式開源混元文生圖模型HunyuanDiT。", "騰訊", "HunyuanDiT"),
    ],
)
def test_launch_with_model_names(text, company, product):
    [event] = read(text)
    assert (event.type, event.company, event.product) == ("launch", company, product)


def test_product_as_subject_takes_its_company_from_the_catalogue():
    [event] = read("月之暗面宣布，Kimi智能助手的桌面版Kimi Desktop今日正式上线。")
    assert (event.company, event.company_id, event.product) == ("月之暗面", "moonshot", "Kimi Desktop")


def test_two_products_in_one_launch():
    events = read("MiniMax发布语音模型Speech-02和视频模型Hailuo-02。")
    assert [e.product for e in events] == ["Speech-02", "Hailuo-02"]


# ── dates ─────────────────────────────────────────────────────────────────


def test_dates_take_their_year_from_publication():
    [event] = read("12月26日，深度求索发布DeepSeek-V3。", published=date(2025, 1, 5))
    assert (event.date_raw, event.date) == ("12月26日", "2024-12-26")
    [event] = read("2024年3月，智谱发布GLM-4V。")
    assert (event.date_raw, event.date) == ("2024年3月", "2024-03")
    [event] = read("4月2日，智谱发布GLM-Z1。")
    assert (event.date_raw, event.date) == ("4月2日", None)  # no year anywhere: kept as written only


def test_a_dateline_is_not_the_event_date():
    [event] = read("4月18日消息，月之暗面完成B轮融资。")
    assert event.date_raw is None


# ── identity ──────────────────────────────────────────────────────────────


def test_simplified_and_traditional_reports_of_a_round_share_a_key():
    simplified = read("星尘智能完成2亿元B轮融资，由红杉中国领投。")
    traditional = read("星塵智能完成2億元B輪融資，由紅杉中國領投。")
    assert event_key(simplified[0]) == event_key(traditional[0]) == "funding|name:星尘|b"
    tagged = read("月之暗面完成B轮融资。")[0], read("月之暗面完成B輪融資。")[0]
    assert event_key(tagged[0]) == event_key(tagged[1]) == "funding|id:moonshot|b"


def test_keys_tell_rounds_and_products_apart_but_not_spellings():
    b, c = read("星尘智能完成B轮融资。")[0], read("星尘智能完成C轮融资。")[0]
    assert event_key(b) != event_key(c)
    hyphen, space = read("智谱发布GLM-4。")[0], read("智譜AI發布GLM 4大模型。")[0]
    assert event_key(hyphen) == event_key(space) == "launch|id:zhipu|glm4"


def test_record_has_the_cli_fields_first():
    [event] = read("星尘智能完成2亿元B轮融资。")
    record = event.to_record()
    assert list(record)[:8] == ["type", "company", "round", "amount", "investors", "lead_investors", "product", "date"]
    assert (record["round_normalised"], record["amount_low"], record["currency"]) == ("b", 2e8, "CNY")


@pytest.mark.parametrize(
    "text",
    [
        "分析人士认为，在资本趋于谨慎的环境下，阶跃星辰能否持续获得融资，取决于其技术能否尽快转化为收入。",
        "業內關注的是，階躍星辰是否會完成新一輪融資。",
        "如果月之暗面完成B轮融资，其估值将进一步上升。",
    ],
)
def test_a_question_or_a_condition_about_a_round_is_not_an_event(text):
    assert extract_events(text) == []
