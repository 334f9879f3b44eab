"""AI-industry events in an article's text: who raised how much from whom, who launched what.

An *event* is something the text reports as done, by a named company:

* ``funding`` — a completed round (天使轮 … E轮, 战略投资, Pre-IPO) or a completed
  listing (上市/挂牌 on an exchange, round ``ipo``). Not events: rumours (据传,
  传闻, 网传), plans and talks (拟, 计划, 洽谈, 有望, 将于), denials, cumulative
  totals (累计融资, 已完成两轮融资), sector statistics (共发生312起融资), an
  investment firm raising its own fund (基金完成募集/首期关账), margin financing
  (融资余额, 融资融券), share pledges (质押), an IPO filing (递交招股书), and sums
  that are a market size, revenue or valuation. A valuation stated beside a
  real round is kept on the event (:attr:`Event.valuation`).
* ``launch`` — a named product or model made public (发布, 推出, 上线, 开源, 首发,
  面世, 问世, 公测), one event per product. Not events: reports, white papers,
  results, strategies, statements, policies or plans being 发布/推出 (报告,
  白皮书, 财报, 战略, 公告, 措施 …), a 发布会 by itself, a product described as
  launched in passing (推出的Kimi以…见长), and launches without a product name.

Rounds reported done on the word of unnamed sources (据悉, 知情人士称…已完成)
count; hearsay about an unfinished deal does not.

How, cheapest first: a keyword regex over the raw text (a page without one
stops there). The text is then folded once (:func:`extractors.normalise.fold`:
Traditional → Simplified, full-width → ASCII, Latin lower case, *same length*),
so every offset found in the fold is an offset into the original and every
surface is sliced from the original, as written. One regex pass finds the
sentences holding a cue; in each, anchors are found (完成…融资, X领投了Y的…融资,
向Y投资, 在港交所上市, 发布 …), each anchor's subject is read backwards to the
clause start (adverbs, dates and descriptors such as "AI大模型公司" stripped),
and the fields are read from the anchor's region of the sentence — and from a
next sentence that continues it (本轮融资由…领投). Events with the same
:func:`event_key` in one article are merged.

Entity mentions (:meth:`Catalogue.tag`) give ids to the companies, investors
and products they overlap; with the catalogue itself a mention's kind is known
(an org inside 腾讯混元团队, a product's parent company).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from extractors.entities import Catalogue, Mention
from extractors.normalise import fold

EVENT_TYPES: tuple[str, ...] = ("funding", "launch")  # a new type keeps its own fields in Event.details

# The longest company, investor or product name accepted as written; a longer
# run before a verb is a clause, not a name. The longest gold name is 18
# characters (bench/data/events_gold.jsonl); re-run bench/events_eval.py after changing.
MAX_NAME_CHARS = 24
# Characters between 完成/获得 and 融资 (amount, round, 由X领投的): longer is another clause.
MAX_MIDDLE_CHARS = 48
# Characters after 发布/推出 searched for the product's name.
MAX_OBJECT_CHARS = 40
# Investors kept per event: more is a list of something else.
MAX_INVESTORS = 15
# The longest catalogue alias, for finding the mentions around a position by bisection.
MAX_MENTION_CHARS = 40

# ── data ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Amount:
    """A sum as written, and what it means in currency units (``low``/``high`` None = unbounded)."""

    raw: str
    low: float | None
    high: float | None
    currency: str | None  # ISO 4217 (CNY, USD, HKD …); None when the text names none (数亿A轮)


@dataclass(frozen=True)
class Party:
    """A company or investor as written, with its catalogue id when a mention overlaps it."""

    surface: str
    entity_id: str | None = None


@dataclass(frozen=True)
class Event:
    """One reported event, with its evidence: ``text[start:end] == sentence``.

    Fields a type does not use stay empty; a new type (acquisition, executive
    change, partnership) puts what it needs beyond these in ``details``
    (key/value pairs, values as written), so the row shape never changes.
    """

    type: str
    company: str
    company_id: str | None
    start: int
    end: int
    sentence: str
    round_raw: str | None = None
    round: str | None = None  # normalised (see normalise_round); "unknown" for funding without a named round
    amount: Amount | None = None
    valuation: Amount | None = None
    investors: tuple[Party, ...] = ()  # every named investor, leads included
    lead_investors: tuple[Party, ...] = ()
    product: str | None = None
    product_id: str | None = None
    date: str | None = None  # ISO: 2024-03-05, or 2024-03 when the text gives a month
    date_raw: str | None = None
    details: tuple[tuple[str, str], ...] = ()

    def to_record(self) -> dict[str, object]:
        """The event as ``newsdesk events extract`` prints it: values as written, then normalised ones and evidence."""
        amount = self.amount
        return {
            "type": self.type,
            "company": self.company,
            "round": self.round_raw,
            "amount": amount.raw if amount else None,
            "investors": [p.surface for p in self.investors],
            "lead_investors": [p.surface for p in self.lead_investors],
            "product": self.product,
            "date": self.date_raw,
            "company_id": self.company_id,
            "round_normalised": self.round,
            "amount_low": amount.low if amount else None,
            "amount_high": amount.high if amount else None,
            "currency": amount.currency if amount else None,
            "valuation": self.valuation.raw if self.valuation else None,
            "investor_ids": [p.entity_id for p in self.investors],
            "lead_investor_ids": [p.entity_id for p in self.lead_investors],
            "product_id": self.product_id,
            "date_normalised": self.date,
            "details": dict(self.details),
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "key": event_key(self),
        }


# ── amounts ───────────────────────────────────────────────────────────────

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4}
_CURRENCIES = {
    "元": "CNY", "元人民币": "CNY", "人民币": "CNY", "¥": "CNY",
    "美元": "USD", "美金": "USD", "us$": "USD", "$": "USD",
    "港元": "HKD", "港币": "HKD", "hk$": "HKD",
    "日元": "JPY", "欧元": "EUR", "英镑": "GBP", "新加坡元": "SGD",
}  # fmt: skip
_NUM = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?[零〇一二两三四五六七八九十百千几]*"
# On folded text. A sum needs a magnitude (万/亿): rounds are never written in plain yuan.
# The lookahead's character class rejects most positions before any group is tried.
_AMOUNT = re.compile(
    r"(?=[超逾近接将约大不至上过人美港uh$¥数几\d零〇一二两三四五六七八九十百千万亿])"
    r"(?P<pre>超过|超|逾|近|接近|将近|约合|约|大约|不低于|不少于|至少|不到|不足|上(?=亿|千万|百万)|过(?=亿|千万|百万))?"
    r"(?P<cur1>人民币|美元|港元|港币|us\$|hk\$|\$|¥)?"
    r"(?P<fz>数|几)?"
    rf"(?P<n1>{_NUM})(?P<m1>万亿|亿|万)?(?:(?<=亿)(?P<nb>\d+|[一二两三四五六七八九十百千]+)万)?"
    rf"(?:\s*(?:-|~|至|到|—)\s*(?P<n2>{_NUM})(?P<m2>万亿|亿|万))?"
    r"(?P<more>多|余)?"
    r"(?P<cur2>元人民币|新加坡元|元|美元|美金|港元|港币|日元|欧元|英镑|人民币)?"
    r"(?P<post>以上|左右|级别|级)?"
)
_LOWER_ONLY = {"超过", "超", "逾", "不低于", "不少于", "至少", "上", "过"}
_UPPER_ONLY = {"近", "接近", "将近", "不到", "不足"}
_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _number(digits: str, fuzzy_digit: int) -> float | None:
    """A number in Arabic or Chinese numerals (1.5, 三千, 两百; 几 in 十几 counts as *fuzzy_digit*)."""
    value, digit = 0.0, None
    head = _ARABIC.match(digits)
    if head:
        digit = float(head.group().replace(",", ""))
    for ch in digits[head.end() if head else 0 :]:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "几":
            digit = fuzzy_digit
        elif ch in _CN_UNITS:
            value += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    total = value + (digit or 0)
    return total if total or not digits else None


def _amount_from_match(m: re.Match[str], raw: str) -> Amount | None:
    """The bounds of one :data:`_AMOUNT` match, or None when it is not a sum of money."""
    magnitude = m["m1"] or m["m2"]
    if not magnitude:
        return None
    n1, pre, post = m["n1"], m["pre"] or "", m["post"] or ""
    if not (n1 or m["fz"] or pre in ("近", "上", "过") or post in ("级", "级别")):
        return None
    low_n, high_n = (_number(n1, 1), _number(n1, 9)) if n1 else (1.0, 1.0)
    if low_n is None or high_n is None:
        return None
    scale = _MAGNITUDES[m["m1"] or magnitude]
    extra = (_number(m["nb"], 1) or 0) * 1e4 if m["nb"] else 0.0  # 两亿五千万: 亿 and 万 parts
    low, high = low_n * scale + extra, high_n * scale + extra
    if m["n2"] is not None:
        top = _number(m["n2"], 9)
        high = top * _MAGNITUDES[m["m2"]] if top is not None else None
    elif m["fz"] or post in ("级", "级别"):
        high = low * 10  # 数亿: one to ten 亿; 亿元级: the same
    if pre in _LOWER_ONLY or m["more"] or post == "以上":
        high = None
    elif pre in _UPPER_ONLY:
        low, high = None, low
    return Amount(raw, low, high, _CURRENCIES.get(m["cur1"] or m["cur2"] or ""))


def parse_amount(raw: str) -> Amount | None:
    """Read a sum as written (超10亿元, 数千万人民币, 近5亿美元, 6亿至8亿元 …) into bounds and currency.

    数/几 (数亿) spans one to ten units; 超/逾/以上 give a lower bound only,
    近/不到 an upper bound only; 约 and 左右 count as exact.

    Returns:
        The first sum in *raw*, or None when it holds none with a 万/亿 magnitude.
    """
    raw = raw.strip()
    for m in _AMOUNT.finditer(fold(raw)):
        if m.group() and (found := _amount_from_match(m, raw[m.start() : m.end()])):
            return found
    return None


# ── rounds ────────────────────────────────────────────────────────────────

# On folded text: Latin is lower case, ＋ is +.
_ROUND = re.compile(
    r"(?<![a-z0-9])(?P<letter>(?:pre-?)?[a-g]\d?\+*)\s*(?:轮|系列)"
    r"|(?P<angel>天使\+*|种子\+*)(?:轮|投资|融资)"
    r"|(?P<preipo>pre-?ipo)(?:轮)?"
    r"|(?P<strategic>战略)(?:轮|融资|投资(?!者|方|人|机构|部))"
    r"|(?P<new>新一|首)轮"
)
_DIGIT = re.compile(r"\d")  # A1轮 → a
_ROUND_RANK = {"letter": 0, "angel": 0, "preipo": 0, "strategic": 1, "new": 2}  # lower wins: A1轮战略融资 is a


def normalise_round(raw: str | None) -> str:
    """The round's name in a small vocabulary.

    seed, angel, pre-<x>, <x> and <x>+ for letters a–g (A1/A2 → a, A++ → a+,
    天使+ → angel+), strategic, pre-ipo, ipo (IPO, 上市, 挂牌), unknown (新一轮,
    首轮, or no round named). When *raw* names several (A轮及A+轮), the last
    named round is taken.
    """
    if not raw:
        return "unknown"
    folded = fold(raw).replace(" ", "")
    if "pre-ipo" in folded or "preipo" in folded:
        return "pre-ipo"
    if "ipo" in folded or "上市" in folded or "挂牌" in folded:
        return "ipo"
    best: str | None = None
    for m in _ROUND.finditer(folded):
        if m["letter"]:
            letter = _DIGIT.sub("", m["letter"]).replace("pre-", "pre").replace("pre", "pre-")
            best = letter.rstrip("+") + ("+" if letter.endswith("+") else "")
        elif m["angel"]:
            best = ("seed" if m["angel"].startswith("种子") else "angel") + ("+" if m["angel"].endswith("+") else "")
        elif m["strategic"]:
            best = best or "strategic"
    return best or "unknown"


# ── identity ──────────────────────────────────────────────────────────────

_NAME_PUNCT = re.compile(r"[\s\-_·・.,:;'\"“”‘’「」『』《》()\[\]]+")
_COMPANY_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司|inc|ltd|co)$")
_COMPANY_GENERIC = re.compile(r"(?:人工智能|智能|科技|technology|tech|ai)$")
_PRODUCT_GENERIC = re.compile(r"(?:系列模型|大模型|模型|系列|家族|正式版|app|应用|智能助手|助手)$")


def strip_endings(key: str, endings: re.Pattern[str]) -> str:
    """*key* without the generic endings *endings* matches, while at least two characters remain."""
    while (m := endings.search(key)) and m.start() >= 2:
        key = key[: m.start()]
    return key


def name_key(name: str) -> str:
    """A name's matching form: folded (Traditional → Simplified, lower case), no spaces or punctuation."""
    return _NAME_PUNCT.sub("", fold(name))


def company_key(name: str) -> str:
    """A company's name without legal and generic endings: 智谱AI ≡ 智谱, 商湯科技 ≡ 商汤."""
    return strip_endings(strip_endings(name_key(name), _COMPANY_SUFFIX), _COMPANY_GENERIC)


def product_key(name: str) -> str:
    """A product's name without generic endings: GLM-4 ≡ glm 4, 豆包大模型家族 ≡ 豆包."""
    return strip_endings(name_key(name), _PRODUCT_GENERIC)


def event_key(event: Event) -> str:
    """The identity of the real-world event, for merging reports of it across articles.

    ``funding|<company>|<round>`` and ``launch|<company>|<product>``. The company
    is ``id:<entity id>`` when tagged, else ``name:`` + :func:`company_key`; the
    round is normalised (B轮 ≡ B輪 ≡ b); the product is :func:`product_key`.
    Every part is folded, so Traditional and Simplified reports of one event
    share a key. Rounds without a name share ``unknown``: the caller decides
    how far apart in time two such reports may be and still be one event.
    """
    company = f"id:{event.company_id}" if event.company_id else f"name:{company_key(event.company)}"
    if event.type == "funding":
        return f"funding|{company}|{event.round or 'unknown'}"
    if event.type == "launch":
        return f"launch|{company}|{product_key(event.product or '')}"
    return f"{event.type}|{company}|" + "|".join(f"{k}={name_key(v)}" for k, v in event.details)


# ── lexicon (folded text: full-width ，；：（） are ASCII, Latin is lower case) ──

# On the raw text, both scripts: a page without one of these has no event.
_PREFILTER = re.compile(
    r"(?=[融领領跟注投募集上发發推开開首面问問公iI])"
    r"(?:融[资資]|[领領]投|跟投|注[资資]|投[资資]|募[资資]|集[资資]|上市|ipo|[发發][布佈表]|推出|上[线線]|[开開]源|首[发發]|面世|[问問]世|公[测測])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[。!?]+|\n+")
# What makes a sentence worth reading, by what it may anchor; "more" is what a sentence
# continuing the previous one's funding event says (本轮融资由…领投, 金额为…).
_CUE = re.compile(
    r"(?=[融注入上挂领跟投发推开首面问公本此金估登募集i])"
    r"(?:(?P<funding>融资|注资|入股|上市|挂牌|领投|跟投|登陆|募资|集资|ipo)|(?P<invest>投资)"
    r"|(?P<launch>发布|发表|推出|上线|开源|首发|面世|问世|公测)|(?P<more>本轮|此轮|金额|估值))"
)
# 投资 alone is everywhere (投资人, 投资逻辑); it anchors only as 获得…投资, 向X投资, 投资了.
_INVEST_ANCHOR = re.compile(r"(?:获得?|完成|拿到|向|对)[^,;。!?]{0,48}?投资|投资了")
# 投资 as a verb, not inside a name or a noun (上海国有资本投资有限公司, 投资方, 投资回报).
_INVEST = r"投资(?!有限|公司|基金|集团|管理|控股|机构|中心|股份|合伙|人|方|者|部|平台|银行|界|圈|领域|回报|价值|逻辑|主线|机会|策略)"
# A space between two Han characters separates headline clauses (X融资6亿美元 阿里领投).
# A comma inside a number (8,000萬美元) is not a break.
_CLAUSE_BREAK = re.compile(r"[;:]|(?<!\d),|,(?!\d{3}(?!\d))|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")

# Hearsay and denials undo an anchor anywhere before it in the sentence …
_RUMOUR = re.compile(r"据传|传闻|传言|网传|传出|盛传|曾传|消息称|有消息指|否认|辟谣|不实")
# … plans, talks and negation only in the anchor's own clause (X正在加速布局，近日完成B轮融资 is an event).
_PLAN = re.compile(
    r"(?<![模虚])拟|计划|筹划|筹备|寻求|洽谈|谈判|接洽|商谈|有望|或将|或已|或于|或在|可能|预计|将于|将在|将要|即将|将获|"
    r"将完成|将推出|将发布|将上线|将开源|正在|正与|正洽|正考虑|尚未|未能|没有|并未|未(?!来|披露|透露|公开)|启动|冲刺|递交|"
    r"申请|准备|打算|意向|考虑|不排除|预告"
)
_FUNDING_SENTENCE_VETO = re.compile(
    r"质押|否认|辟谣|不实"
    r"|基金[^。]{0,24}?(?:募集|募资|关账|首关|首期关闭|完成设立|正式设立|正式成立)"
    r"|(?:募集|首关|关账)[^。]{0,12}?基金"
)
_MARGIN = re.compile(r"融资(?:融券|余额|买入|净买入|偿还|客|盘)|两融")
_ANCHOR_NOUN = re.compile(
    r"(?:难|环境|渠道|成本|需求|能力|事件|总额|数量|案例|热潮|热度|寒冬|困境|节奏|计划|进展|传闻|消息|租赁|担保|平台|方式|历程|经历)"
)
_RELATIVE = re.compile(r"(?:及以上|以上)?的(?!同时)[\u3400-\u9fffa-z]")  # 获得A轮融资的企业
_CUMULATIVE = re.compile(
    r"累计|总计|共计|合计|先后|多轮|[两二三四五六七八九十几数]+轮|(?<![a-z\d])\d+轮|多次|多笔|[起笔]$"
)

_ADVERB_TAIL = re.compile(
    r"(?:宣布|正式|已经|已于|已|日前|近日|近期|今日|今天|昨日|昨天|刚刚|此前|曾经|曾|再次|首次|又|也|则|还|并|同时|同步|"
    r"随后|率先|重磅|悄然|低调|对外|官方|成功|顺利|共同|联合|携手|现已|现|目前|本周|上周|本月|上月|今年|去年|年初|年底|再|"
    r"年中|当日|当天|次日|日|于|在|均|都|亦|终于|最终|刚|更是|相继|分别|接连|陆续|便|就|才|即|周[一二三四五六日天]|星期[一二三四五六日天]|"
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:晚间|上午|下午|晚|早间|凌晨)?|\d{4}年|"
    r"(?:在|于)[^,;在于]{1,24}?(?:上|中|期间|前夕|之际|现场|会上|内)|(?:在|于)(?:国内|海外|全球|中国|美国|北京|上海|深圳|杭州|香港)|"
    r"(?:在|于)(?:成立|创立|创办|发布|上线|融资)[^,;]{0,16}|"
    r"(?:联合|携手)[^,;]{2,15}?)$"
)
_PAREN_TAIL = re.compile(r"\([^()]{1,30}\)$")
_QUOTED_TAIL = re.compile(r"[「“\"『《]([^」”\"』》]{1,24})[」”\"』》]$")
# Whatever ends with one of these (its last occurrence) is not part of the name that follows.
_SUBJECT_CUT = re.compile(
    r"(?:的|旗下|母公司|子公司|获悉|消息|报道|宣布|表示|透露|称|据悉|据了解|其中|此外|另外|同时|与此同时|而|"
    r"公司|企业|独角兽|初创|新创|新锐|厂商|开发商|运营商|服务商|供应商|提供商|创企|明星|黑马|玩家|新秀|巨头|"
    r"大厂|龙头|品牌|平台|机构|团队|实验室|研究院)(?=.{2})"
)
_SPEECH_TAIL = re.compile(r"(?:宣布|表示|称|透露|官宣|公布|确认|证实|介绍)了?\s*[,:]\s*$")
_PRONOUN = re.compile(r"(?:该公司|该企业|这家公司|这家企业|该初创公司|该平台|公司|其|后者|对方|该团队|它)$")
_NOT_NAME = re.compile(
    r"表示|认为|指出|预计|透露|发布|推出|上线|开源|完成|获得|融资|投资(?!有限|公司|基金|集团|管理|控股|股份|合伙|中心|$)|宣布|"
    r"据|称|已有|以来|成立|创立|消息|报道|获悉|其中|此外|并且|但是|如果|由于|因为|不过|以及|还是|领域|赛道|行业|市场|"
    r"共有|共发生|目前|\d+家|多家|数家|几家|一家|某|不少|部分|大部分|多数|这些|那些|他们|我们|本轮|此轮|该轮|本次|此次|"
    r"合作|双方|两家|国内外|业内|外界|统计|项目|多个|数个|一批|第[一二三四五六七八九十\d]+个|个月"
)
_BAD_EDGE = re.compile(
    r"^[对向在于与和被将把从等了据由但而并及以其该这那也就都所的是有为]|[的对向在于与和被将把从等了也及以均都]$"
)
_BARE_TOKEN = re.compile(r"[\d.%]+|[a-z]")
# A descriptor with no name (大模型独角兽, AI公司, 这家初创企业): not a company.
# 腾讯混元团队, 阿里通义实验室: a unit of the tagged org it starts with.
_UNIT = re.compile(r"(?:团队|实验室|研究院|事业群|事业部|部门|工作室)$")
_DESCRIPTOR_ONLY = re.compile(
    r"(?:ai|aigc|大模型|人工智能|生成式|具身智能|科技|芯片|机器人|初创|创业|明星|头部|国内|海外|这家|一家|该)*"
    r"(?:独角兽|初创企业|初创公司|创业公司|创企|厂商|玩家|新秀|黑马|公司|企业|团队|平台)"
)

_LIST_SEP = re.compile(r"以及|、|,|和|及|与|/")
_NAME_HEAD = re.compile(
    r"(?:老股东|现有股东|原有股东|既有股东|新股东|股东|知名投资机构|知名机构|投资机构|机构|此外|另外|还有|其中|包括|由|获得|"
    r"获|了|本轮|此轮|跟投方|投资方|领投方|国资|[^、,]{1,8}?旗下的?)"
)
_NAME_TAIL = re.compile(
    r"(?:等.*|在内的.*|作为.*|担任.*|(?:联合|共同)?领投|跟投|继续|持续|超额|追加|也|均|亦|同时|共同|联合|分别|则|都|了)$"
)
_GENERIC_PARTY = re.compile(
    r"^(?:多家|数家|一些|部分|某|一家|其他|其它|多位|多个|若干|众多|知名|顶级|头部)|^(?:老股东|股东|机构|投资机构|投资方|产业资本|"
    r"科技巨头|巨头|国资|地方国资|产业方|战略投资方|财务投资方|基金|团队|个人|员工|管理层|创始人)$"
)
_AMOUNT_LIKE = re.compile(r"\d\s*[万亿千百]|[数几][十百千万亿]|[万亿]元|美元")

_LEAD = re.compile(r"(?:联合|共同)?(?:领投|独家投资|独家领投)(?!方)|(?:担任|作为)(?:本轮)?(?:的)?领投方")
_FOLLOW = re.compile(
    r"(?:继续|持续|追加|超额|也|均|亦|同时|共同|联合)*(?:跟投|参投|加码|加注|追投|参与(?:了)?(?:本轮|此轮|本次)?(?:的)?(?:投资|融资))"
)
_LIST_INTRO = re.compile(
    r"(?:领投方|投资方|投资者|投资机构|投资人|参投方|跟投方|出资方)(?:分别)?(?:包括|为|有|是|涵盖|包含)"
)
_BY = re.compile(rf"由(?P<x>[^,;。由]{{2,80}}?)(?:联合|共同)?(?P<v>领投|独家投资|参与投资|{_INVEST}|出资|注资)")
_LEFT_BOUNDARY = re.compile(r"由|获得了?|获|完成了?|迎来了?|本轮融资|本轮|此轮|本次|其中|[,;:]")

_VALUATION_LEFT = re.compile(r"(?:估值|市值|投后|投前|身价|作价)[^,;。]{0,6}$")
_OTHER_LEFT = re.compile(
    r"(?:营收|收入|营业额|销售额|利润|净利|亏损|市场规模|产业规模|行业规模|管理规模|基金规模|目标规模|募集规模|资产|订单|投入|成本|"
    r"费用|支出|开支|补贴|奖励|授信|贷款|收购|回购|股价|价格|售价|累计|总计|合计|共计|年化|arr|gmv|预计|参数|用户)[^,;。]{0,6}$"
)
_VALUATION_RIGHT = re.compile(r"\s*(?:的)?(?:估值|市值)")
_FUNDING_RIGHT = re.compile(
    r"\s*(?:的)?\s*(?:(?:pre-?)?[a-g]\d?\+*\s*轮|天使|种子|战略|pre-?ipo|新一轮|融资|投资|注资)"
)
_FUNDING_LEFT = re.compile(r"(?:融资|募资|集资|募集资金|筹资|募得|金额|投资|注资)[^,;。]{0,4}$")

_DATE = re.compile(
    r"(?<![\d年])(?:(?P<y>\d{4})年|(?P<rel>今年|去年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?!\d|份?(?:消息|电|讯))"
    r"|(?P<day>今日|今天|昨日|昨天)"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})年")

_DONE = re.compile(
    r"(?:完成|获得|获(?![悉批奖评选颁准取得])|拿到|拿下|斩获|收获|迎来|落定|敲定|官宣)(?:了)?"
    rf"(?P<mid>(?:[^,;。!?:]|(?<=\d),(?=\d{{3}})){{0,{MAX_MIDDLE_CHARS}}}?)(?P<obj>融资|{_INVEST}|注资)"
)
_MID_VETO = re.compile(r"并|后|将|用于|开始|启动|计划|准备|进行|成立|以来|超过\d+家")
_MID_TARGET = re.compile(r"对[^,;。]+$")  # 完成对X的投资: the investor is the subject, read as a backer
_HEADLINE = re.compile(
    r"(?P<obj>融资)(?:了|达|约)?\s*(?=(?:超过|超|逾|近|约)?(?:数|几)?[\d一二两三四五六七八九十百千])"
)
_ROUND_THEN = re.compile(r"(?P<round>(?:pre-?)?[a-g]\d?\+*\s*轮|天使\+*轮|pre-?ipo轮?)(?P<obj>融资)(?=由|获|,)")
_BACKER = re.compile(
    r"(?:联合|共同)?(?:领投|参与|参投|战略投资|投资)了(?P<tgt>[^,;。]{2,40})"
    rf"|向(?P<to>[^,;。向]{{2,24}}?)(?:进行了?)?(?:战略)?(?:{_INVEST}|注资)"
    rf"|对(?P<of>[^,;。对]{{2,24}}?)(?:的|进行了?)(?:战略)?{_INVEST}"
    r"|(?:战略)?(?:入股|注资)(?P<into>[^,;。]{2,24})"
)
_BACKER_LEAD = re.compile(r"(?:联合|共同)?领投")
_MIDDLE_TAIL = re.compile(r"(?:的)?(?:战略|天使|种子)?$")  # 获得X的战略投资: what follows the backer's name
_AMOUNT_START = re.compile(
    r"(?:超过|超|逾|近|约)?(?:数|几)?(?<![a-z\d])[\d一二两三四五六七八九十百千]+(?:\.\d+)?[万亿]"
)
_STRATEGIC = re.compile(r"战略(?:投资|注资|入股)")
_TARGET_STOP = re.compile(
    r"的|(?:超过|超|逾|近|约)?(?:数|几)?[\d一二两三四五六七八九十百千]+[万亿]|(?:pre-?)?[a-g]\d?\+*轮|天使|种子|新一轮|战略|首轮|融资|投资"
)
_EXCHANGE = (
    r"港交所|联交所|香港交易所|上交所|深交所|北交所|纳斯达克|纽交所|纽约证券交易所|科创板|创业板|港股|美股|a股|主板"
)
_LISTING = re.compile(
    rf"(?:(?:在|于|赴)?(?:{_EXCHANGE})(?:主板|科创板|创业板)?(?:正式|成功)?(?:挂牌上市|上市|挂牌)"
    rf"|(?:登陆|登录)(?:{_EXCHANGE})(?:主板|科创板|创业板)?(?:挂牌上市|上市|挂牌)?|挂牌上市|敲钟上市)"
    r"(?!公司|企业|首日|以来|后|前|申请|计划|进程|辅导|聆讯|交易|时间|地|的)"
)
_LISTING_AMOUNT = re.compile(r"(?:募资|集资|募集资金|筹资|募得|集得|筹得)(?:总额|净额)?(?:为|达)?")
_IPO_WORD = re.compile(r"ipo")
_THIS_ROUND = re.compile(r"本轮|此轮|该轮|本次|此次")
_CONTINUES = re.compile(r"本轮|此轮|该轮|这轮|本次|此次|这次|投资方|领投|跟投|融资金额|金额为|估值")
_CO_SUBJECT = re.compile(r"、|与|和|及")

_LAUNCH = re.compile(r"发布|发表|推出|上线|开源|首发|面世|问世|公测")
_LAUNCH_NOT = re.compile(  # 发布的, 发布会, 发布于, 开源社区: not a launch
    r"的|后|以来|之后|之际|当天|次日|会|时间|日期|于|者|时|前|平台|渠道|频率|节奏|方|策略|社区|生态|协议|路线|阵营|精神|模式|"
    r"力量|领域|浪潮|许可|项目"
)
_LAUNCH_PRE_NOT = re.compile(r"(?:信息|新闻|消息|首次公开|业绩|财报)$")
_FLUFF = re.compile(
    r"(?:了|并|一款|一个|一系列|多款|其|自家|自研的?|旗下的?|全新的?|新一代的?|新版的?|最新一代的?|最新的?|首款|首个|国内首个|全球首个|"
    r"新的?|旗舰|升级版的?|正式版的?|,|\s)+"
)
_REPORT = re.compile(
    r"报告|白皮书|蓝皮书|财报|业绩|公告|声明|战略|通知|政策|措施|举措|意见|办法|方案|规划|计划|指南|倡议|榜单|排行|指数|数据|结果|"
    r"研究|论文|内部信|公开信|全员信|文章|微博|招股书|预告|预测|年报|季报|标准|规范|条例|细则|大会|峰会|论坛|活动|奖|宣言|招聘|启事|"
    r"演讲|讲话|致辞|看法|观点|评论|感言"
)
_HEAD_NOUN = re.compile(r"[”」》』\"]?([^,;。!?\s”“]{0,6})")
_QUOTED = re.compile(r"《([^》]{1,30})》|“([^”]{1,24})”|「([^」]{1,24})」|\"([^\"]{1,24})\"|『([^』]{1,24})』")
# A model name: Latin letters first, then digits, hyphens, dots; up to three more words (abab 6.5, Kimi Desktop).
_LATIN_NAME = re.compile(
    r"(?<![a-z0-9])[a-z][a-z0-9]*(?:[-_.+][a-z0-9]+)*\+?(?:\s[a-z0-9][a-z0-9.+]*(?:-[a-z0-9]+)*){0,3}"
)
_VERSION = re.compile(r"[a-z]?\d[\w.]*|v\d[\w.]*")  # x1, v4.0: a version belongs to the Han name before it
_VERSIONED_HAN = re.compile(
    r"[\u3400-\u9fff]{2,10}[a-z]{0,12}\s?(?:v?\d+(?:\.\d+)*|[a-z]\d+(?:\.\d+)*)"
    r"(?:\s?(?:pro|max|turbo|plus|ultra|mini|lite|flash))?(?![a-z0-9.])"
)
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_EDITION = re.compile(r"[\u3400-\u9fff]{1,3}版(?![\u3400-\u9fff])")
# Latin words that are not product names when they follow a launch verb (推出AI战略, 发布MoE模型).
_NOT_PRODUCT = frozenset({
    "ai", "aigc", "agi", "api", "app", "apps", "gpu", "cpu", "npu", "tpu", "llm", "llms", "moe", "mit", "ceo", "cto",
    "coo", "cfo", "ipo", "saas", "paas", "iaas", "sdk", "ui", "ar", "vr", "xr", "pc", "token", "tokens", "ios", "to",
    "sota", "gpt", "ok",
})  # fmt: skip
_HAN_NOT_NAME = re.compile(
    r"达|为|约|超|近|亿|万|参数|规模|个|的|了|和|与|及|在|上|年|月|日|第|款|首|支持|可|将|版本|系列$"
)
# 深度思考模型文心X1 → 文心X1: the kind of product written before its name is not part of it.
_MODEL_WORD = re.compile(
    r".*?(?:模型|产品|应用|助手|平台|工具|智能体|系统|芯片|晶片|手机|机型)(?=[\u3400-\u9fff]|[a-z]{2})"
)
# 豆包视频生成模型PixelDance: a kind word between two names makes the second one the product.
_KIND_WORD = re.compile(r"模型|产品|应用|助手|平台|工具|智能体|系统|芯片|晶片|手机|机型|系列")
_GENERIC_TAIL = re.compile(r"(?:大模型|模型|智能助手|助手|应用|app|系列|产品|平台|版本|新版本|功能)$")
_NEXT_IN_LIST = re.compile(r"[^,;。]{0,6}?(?:”|」|》)?\s*(?:以及|和|及|与|、)")
_OWNER = re.compile(r"(?:旗下|的)[^旗的]*$")
_LIST_END = re.compile(r"(?:以及|和|及|与|、)\s*$")
_NO_OBJECT = re.compile(r"(?:了|啦)?\s*[。!?]*\s*")  # P正式上线。: the subject itself was launched


# ── the article being read ────────────────────────────────────────────────


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Doc:
    """One article: the original, its fold, its mentions (by start) and the catalogue when given."""

    text: str
    folded: str
    mentions: tuple[Mention, ...]
    starts: tuple[int, ...]
    catalogue: Catalogue | None
    published: date | None

    def kind(self, mention: Mention) -> str | None:
        """The mention's entity kind (org/person/product), when the catalogue is known."""
        entity = self.catalogue.by_id.get(mention.entity_id) if self.catalogue else None
        return entity.kind if entity else None

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping text[start:end], in order."""
        lo = bisect_left(self.starts, start - MAX_MENTION_CHARS)
        hi = bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def within(self, span: _Span) -> list[Mention]:
        """Mentions lying inside *span*."""
        return [m for m in self.overlapping(span.start, span.end) if m.start >= span.start and m.end <= span.end]


@dataclass
class _Context:
    """What the article read so far says an empty subject or 该公司/其 means."""

    last: Party | None = None  # the last company read as a subject …
    last_pos: int = -1  # … and where
    investors: list[_Span] = field(default_factory=list)  # read as investors: never the topic company

    def read(self, company: Party, pos: int) -> None:
        self.last, self.last_pos = company, pos


@dataclass
class _Found:
    """An event being read: its company, its anchor, and what the anchor itself says."""

    type: str
    company: Party
    subject_start: int
    anchor: int
    anchor_end: int
    round_raw: str | None = None
    round: str | None = None
    product: _Span | None = None
    investors: tuple[_Span, ...] = ()
    leads: tuple[_Span, ...] = ()


# ── clauses, subjects and names ───────────────────────────────────────────


def _clause_start(doc: _Doc, lo: int, pos: int) -> int:
    """Where the clause holding *pos* starts (never before *lo*)."""
    start = lo
    for m in _CLAUSE_BREAK.finditer(doc.folded, lo, pos):
        start = m.end()
    return start


def _clause_end(doc: _Doc, pos: int, hi: int) -> int:
    """Where the clause holding *pos* ends (never after *hi*)."""
    m = _CLAUSE_BREAK.search(doc.folded, pos, hi)
    return m.start() if m else hi


def _trim(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    """*start*/*end* moved inwards past spaces, stray quotes and end punctuation."""
    junk = " \t“”\"「」『』《》'‘’。!?"
    while start < end and doc.folded[start] in junk:
        start += 1
    while end > start and doc.folded[end - 1] in junk:
        end -= 1
    return start, end


def _strip_adverbs(doc: _Doc, start: int, end: int) -> int:
    """The end of a subject once the adverbs, dates, 在…上 phrases and (English names) before its verb are gone."""
    while end > start:
        segment = doc.folded[start:end]
        m = _ADVERB_TAIL.search(segment)
        if m is None:
            m = _PAREN_TAIL.search(segment)
            if m is None or m.start() == 0:
                break
        end = start + m.start()
    return end


def _valid_name(name: str) -> bool:
    """Can this folded run be a company, investor or product name (not a clause, a count or a pronoun)?"""
    return (
        2 <= len(name) <= MAX_NAME_CHARS
        and "、" not in name
        and not _NOT_NAME.search(name)
        and not _BAD_EDGE.search(name)
        and not _BARE_TOKEN.fullmatch(name)
        and not _DESCRIPTOR_ONLY.fullmatch(name)
    )


def _name_span(doc: _Doc, start: int, end: int) -> _Span | None:
    """The name ending at *end*, read backwards to *start*: a quoted name whole, else the run after the last descriptor."""
    start, end = _trim(doc, start, end)
    if end <= start:
        return None
    segment = doc.folded[start:end]
    if m := _QUOTED_TAIL.search(segment):
        return _Span(start + m.start(1), start + m.end(1))
    cut = 0
    for m in _SUBJECT_CUT.finditer(segment):
        cut = m.end()
    for mention in doc.overlapping(start, end):  # a tagged name is the name (北京智谱华章科技有限公司, 今年2月月之暗面)
        if mention.end == end and mention.start >= start:
            cut = mention.start - start
    s, e = _trim(doc, start + cut, end)
    return _Span(s, e) if e > s else None


def _party(doc: _Doc, span: _Span) -> Party:
    """The party written at *span*, with the id of the tagged name it is.

    With the catalogue, a unit of a tagged org is the org (腾讯混元团队 → 腾讯);
    a longer name that starts with a tagged org is another company (讯飞医疗).
    """
    inside = doc.within(span)
    orgs = [m for m in inside if doc.kind(m) == "org"]
    if orgs and orgs[0].start == span.start and orgs[0].end < span.end:
        rest = doc.folded[orgs[0].end : span.end]
        if _UNIT.search(rest) or any(doc.kind(m) == "product" and m.start == orgs[0].end for m in inside):
            return Party(orgs[0].surface, orgs[0].entity_id)
        return Party(doc.text[span.start : span.end], None)  # 讯飞医疗 is not 讯飞
    mention = (orgs or inside or [None])[-1]  # a product's id stays, for its company to be found
    if mention in orgs and _UNIT.search(mention.surface) and (parent := _parent(doc, mention)):
        return parent  # 豆包大模型团队 is a unit of 字节跳动 in the catalogue
    return Party(doc.text[span.start : span.end], mention.entity_id if mention else None)


def _context_company(doc: _Doc, lo: int, pos: int, context: _Context | None) -> Party | None:
    """Who an empty subject or 该公司/其 before *pos* refers to.

    The sentence's first tagged org (Minimax专注于…，推出了…); else, given the
    article's *context*, the more recent of the company last read as a subject
    and the last tagged org not read as an investor.
    """
    investors = context.investors if context else []
    orgs = [
        m for m in doc.mentions
        if m.end <= pos and doc.kind(m) == "org" and not any(s.start <= m.start < s.end for s in investors)
    ]  # fmt: skip
    in_sentence = [m for m in orgs if m.start >= lo]
    if in_sentence:
        return Party(in_sentence[0].surface, in_sentence[0].entity_id)
    if context is None:
        return None
    if orgs and orgs[-1].start > context.last_pos:
        return Party(orgs[-1].surface, orgs[-1].entity_id)
    return context.last


def _subject(doc: _Doc, lo: int, verb: int, context: _Context) -> tuple[Party | None, int, bool]:
    """The party written before the verb at *verb*, where it starts, and whether it was inferred.

    An empty subject after a speech verb is its speaker (百川智能今日宣布，已完成…).
    Another empty subject (又发布了…) or a pronoun (该公司宣布…) is inferred
    from the context.
    """
    start = _clause_start(doc, lo, verb)
    end = _strip_adverbs(doc, start, verb)
    segment = doc.folded[start:end].strip()
    if not segment and (speech := _SPEECH_TAIL.search(doc.folded, lo, start)):
        return _subject(doc, lo, speech.start(), context)
    if not segment or _PRONOUN.match(segment):
        return _context_company(doc, lo, start, context), start, True
    span = _name_span(doc, start, end)
    if span is None:
        return None, start, False
    name = doc.folded[span.start : span.end]
    if _PRONOUN.match(name):
        return _context_company(doc, lo, start, context), start, True
    return (_party(doc, span), span.start, False) if _valid_name(name) else (None, start, False)


def _split_names(doc: _Doc, start: int, end: int) -> list[_Span]:
    """A written list (A、B和C等) as the spans of its names, cleaned of 等…, 老股东 and other padding."""
    spans: list[_Span] = []
    pos = start
    for m in [*_LIST_SEP.finditer(doc.folded, start, end), None]:
        if span := _clean_name(doc, pos, m.start() if m else end):
            spans.append(span)
        if m:
            pos = m.end()
    return spans


def _clean_name(doc: _Doc, start: int, end: int) -> _Span | None:
    """One list item without padding (老股东X继续 → X), or None when nothing name-like is left."""
    start, end = _trim(doc, start, end)
    for _ in range(4):
        item = doc.folded[start:end]
        head, tail = _NAME_HEAD.match(item), _NAME_TAIL.search(item)
        if head and head.end() < len(item):
            start += head.end()
        elif tail and tail.start() > 0:
            end = start + tail.start()
        else:
            break
        start, end = _trim(doc, start, end)
    item = doc.folded[start:end]
    if not _valid_name(item) or _GENERIC_PARTY.search(item) or _AMOUNT_LIKE.search(item):
        return None
    return _Span(start, end)


def _unique(doc: _Doc, spans: Sequence[_Span]) -> list[_Span]:
    """Spans in text order, one per folded name."""
    seen: set[str] = set()
    out: list[_Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        key = name_key(doc.folded[span.start : span.end])
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out[:MAX_INVESTORS]


# ── funding fields in a region ────────────────────────────────────────────


def _list_before(doc: _Doc, lo: int, pos: int) -> list[_Span]:
    """The names written just before a verb at *pos* (X、Y领投), back to the clause start or 由/获得."""
    left = _clause_start(doc, lo, pos)
    for m in _LEFT_BOUNDARY.finditer(doc.folded, left, pos):
        left = m.end()
    return _split_names(doc, left, pos)


def _investors(doc: _Doc, lo: int, hi: int) -> tuple[list[_Span], list[_Span]]:
    """(every investor, the leads) named in folded[lo:hi]: 由X领投, X跟投, 投资方包括X、Y …"""
    everyone: list[_Span] = []
    leads: list[_Span] = []
    for m in _BY.finditer(doc.folded, lo, hi):
        names = _split_names(doc, m.start("x"), m.end("x"))
        everyone += names
        if m["v"] in ("领投", "独家投资"):
            leads += names
    for m in _LEAD.finditer(doc.folded, lo, hi):
        if "由" not in doc.folded[_clause_start(doc, lo, m.start()) : m.start()]:  # 由X领投 is read above
            names = _list_before(doc, lo, m.start())
            everyone += names
            leads += names
    for m in _FOLLOW.finditer(doc.folded, lo, hi):
        everyone += _list_before(doc, lo, m.start())
    for m in _LIST_INTRO.finditer(doc.folded, lo, hi):
        everyone += _split_names(doc, m.end(), _clause_end(doc, m.end(), hi))
    return _unique(doc, everyone), _unique(doc, leads)


def _amounts(doc: _Doc, lo: int, hi: int) -> list[tuple[str, int, Amount]]:
    """(role, position, amount) of the sums of money in folded[lo:hi]; role is funding, valuation or other."""
    found: list[tuple[str, int, Amount]] = []
    for m in _AMOUNT.finditer(doc.folded, lo, hi):
        if not m.group() or (amount := _amount_from_match(m, doc.text[m.start() : m.end()])) is None:
            continue
        left = doc.folded[_clause_start(doc, lo, m.start()) : m.start()]
        if _VALUATION_LEFT.search(left) or _VALUATION_RIGHT.match(doc.folded, m.end()):
            role = "valuation"
        elif _OTHER_LEFT.search(left):
            role = "other"  # 营收, 市场规模, 累计融资 …
        elif amount.currency is None and not (_FUNDING_RIGHT.match(doc.folded, m.end()) or _FUNDING_LEFT.search(left)):
            continue  # 2千亿参数, 3600万用户: a count, not money
        else:
            role = "funding"
        found.append((role, m.start(), amount))
    return found


def _pick_amount(found: list[tuple[str, int, Amount]], role: str, near: int) -> Amount | None:
    """The sum of *role* nearest after *near*, else the nearest before it."""
    after = [(pos, a) for r, pos, a in found if r == role and pos >= near]
    if after:
        return min(after, key=lambda pa: pa[0])[1]
    before = [(pos, a) for r, pos, a in found if r == role]
    return max(before, key=lambda pa: pa[0])[1] if before else None


def _round(doc: _Doc, lo: int, hi: int) -> tuple[str | None, str]:
    """(round as written, normalised) of the best-named round in folded[lo:hi]; A轮及A+轮 is read as one."""
    best: tuple[int, int, int] | None = None  # (rank, start, end)
    for m in _ROUND.finditer(doc.folded, lo, hi):
        rank = _ROUND_RANK[m.lastgroup or "new"]
        if best is None or rank < best[0]:
            best = (rank, m.start(), m.end())
        elif rank == best[0] == 0 and m.start() - best[2] <= 2:
            best = (rank, best[1], m.end())
    if best is None:
        return None, "unknown"
    raw = doc.text[best[1] : best[2]]
    return raw, normalise_round(raw)


def _date(doc: _Doc, lo: int, hi: int, anchor: int) -> tuple[str | None, str | None]:
    """(date as written, ISO date) nearest before *anchor* in folded[lo:hi], else the first after it."""
    matches = [m for m in _DATE.finditer(doc.folded, lo, hi) if int(m["m"] or 1) <= 12]
    if not matches:
        return None, None
    before = [m for m in matches if m.start() < anchor]
    m = before[-1] if before else matches[0]
    return doc.text[m.start() : m.end()], _iso_date(doc, m)


def _iso_date(doc: _Doc, m: re.Match[str]) -> str | None:
    """A date match in ISO form, its year from the match, the publication date or the last year written before it."""
    published = doc.published
    if m["day"]:
        if published is None:
            return None
        return (published - timedelta(days=1 if m["day"] in ("昨日", "昨天") else 0)).isoformat()
    month, day = int(m["m"]), int(m["d"]) if m["d"] else None
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["rel"]:
        year = None if published is None else published.year - (m["rel"] == "去年")
    elif published is not None:  # 12月26日 in a January article is last December
        year = published.year - ((month, day or 1) > (published.month, published.day))
    else:
        years = _YEAR.findall(doc.folded, 0, m.start())
        year = int(years[-1]) if years else None
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None


# ── funding anchors ───────────────────────────────────────────────────────


def _funding_anchors(doc: _Doc, lo: int, hi: int) -> list[tuple[int, int, str, re.Match[str]]]:
    """(start, end, form, match) of the funding anchors in the sentence folded[lo:hi], in order, overlaps dropped."""
    found = [
        (m.start(), m.end(), "done", m)
        for m in _DONE.finditer(doc.folded, lo, hi)
        if not (m["obj"].startswith("投资") and _MID_TARGET.search(m["mid"]))
    ]
    for form, pattern in (
        ("backer", _BACKER),
        ("listing", _LISTING),
        ("headline", _HEADLINE),
        ("round_then", _ROUND_THEN),
    ):
        found += [(m.start(), m.end(), form, m) for m in pattern.finditer(doc.folded, lo, hi)]
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _funding_vetoed(doc: _Doc, lo: int, prev_end: int, start: int, end: int, obj_end: int) -> bool:
    """Is the anchor folded[start:end] hearsay, a plan, a denial, a total, a statistic or margin trading?"""
    if _RUMOUR.search(doc.folded, prev_end, end) or _PLAN.search(doc.folded, _clause_start(doc, lo, start), end):
        return True
    if _ANCHOR_NOUN.match(doc.folded, obj_end) or _RELATIVE.match(doc.folded, obj_end):
        return True  # 融资难, 融资事件; 获得A轮融资的企业
    if _MARGIN.match(doc.folded, obj_end - 2):
        return True
    return bool(_CUMULATIVE.search(doc.folded, max(prev_end, start - 4), end))


def _co_subjects(doc: _Doc, lo: int, verb: int) -> list[Party]:
    """Several companies before one verb (智谱AI与阶跃星辰相继完成…), when every item is a name."""
    start = _clause_start(doc, lo, verb)
    end = _strip_adverbs(doc, start, verb)
    if not _CO_SUBJECT.search(doc.folded, start, end):
        return []
    spans = _split_names(doc, start, end)
    if len(spans) < 2 or any(_SUBJECT_CUT.search(doc.folded, s.start, s.end) for s in spans):
        return []
    return [_party(doc, s) for s in spans]


def _verb_position(doc: _Doc, lo: int, start: int, form: str, m: re.Match[str]) -> int:
    """Where the subject of an anchor ends: before the round in "X B轮融资由…" and "X融资6亿美元"."""
    if form == "round_then":
        verb = m.start("round")
    elif form == "headline" and (rnd := _ROUND.search(doc.folded, _clause_start(doc, lo, start), start)):
        verb = rnd.start()
    else:
        return start
    return verb - 1 if doc.folded[verb - 1 : verb] == "的" else verb


def _investor_in_middle(doc: _Doc, m: re.Match[str]) -> list[_Span]:
    """The backers in 获得X的战略投资 / 获X、Y数千万元投资 (the object is 投资, not 融资)."""
    if not m["obj"].startswith(("投资", "注资")) or "领投" in m["mid"] or "跟投" in m["mid"]:
        return []
    start, end = m.start("mid"), m.end("mid")
    if tail := _MIDDLE_TAIL.search(doc.folded, start, end):
        end = tail.start()
    if amount := _AMOUNT_START.search(doc.folded, start, end):
        end = amount.start()
    while end > start and doc.folded[end - 1] == "的":
        end -= 1
    return _split_names(doc, start, end)


def _read_backer(doc: _Doc, lo: int, start: int, m: re.Match[str]) -> list[_Found]:
    """X领投了Y的…融资 / X向Y投资 / X对Y进行投资 / X入股Y: Y raised, X invested."""
    group = next(g for g in ("tgt", "to", "of", "into") if m[g])
    t0, t1 = m.start(group), m.end(group)
    if stop := _TARGET_STOP.search(doc.folded, t0, t1):
        if stop.start() - t0 < 2:
            return []
        t1 = stop.start()  # 参与了百川智能3亿美元的A1轮融资: the target ends before its amount
    clause_start = _clause_start(doc, lo, start)
    backers = _list_before(doc, clause_start, _strip_adverbs(doc, clause_start, start))
    if not backers:
        return []
    targets = _split_names(doc, t0, t1) if "、" in doc.folded[t0:t1] else []
    spans = targets or ([span] if (span := _name_span(doc, t0, t1)) else [])
    lead = bool(_BACKER_LEAD.match(doc.folded, start))
    strategic = _STRATEGIC.search(doc.folded, start, m.end())
    events = []
    for span in spans:
        name = doc.folded[span.start : span.end]
        if not _valid_name(name) or _GENERIC_PARTY.search(name):
            continue
        found = _Found("funding", _party(doc, span), backers[0].start, start, m.end())
        found.investors, found.leads = tuple(backers), tuple(backers) if lead else ()
        if strategic:
            found.round_raw, found.round = doc.text[strategic.start() : strategic.end()], "strategic"
        events.append(found)
    return events


def _read_funding(doc: _Doc, lo: int, hi: int, context: _Context) -> tuple[list[_Found], bool]:
    """Funding events anchored in the sentence folded[lo:hi].

    Returns:
        The events, and whether the sentence only continues the event read
        before it (该公司本轮获得…) rather than reporting a new one.
    """
    events: list[_Found] = []
    continues = False
    prev_end = lo
    for start, end, form, m in _funding_anchors(doc, lo, hi):
        if form == "done" and _MID_VETO.search(m["mid"]):
            continue
        obj_end = m.end("obj") if "obj" in m.re.groupindex else end
        vetoed = _funding_vetoed(doc, lo, prev_end, start, end, obj_end)
        prev_end = end
        if form == "backer":
            events += [] if vetoed else _read_backer(doc, lo, start, m)
            continue
        verb = _verb_position(doc, lo, start, form, m)
        company, subject_start, inferred = _subject(doc, lo, verb, context)
        if company is None:
            continue
        if not inferred:
            context.read(company, subject_start)
        elif _THIS_ROUND.search(doc.folded, lo, hi):
            continues = continues or not vetoed  # 该公司本轮获得…: more about the event already read
            continue
        if vetoed or (inferred and form != "done"):
            continue
        for party in [company] if inferred else _co_subjects(doc, lo, verb) or [company]:
            found = _Found("funding", party, subject_start, start, obj_end)
            if form == "done":
                found.round_raw, found.round = _round(doc, start, obj_end)
                found.investors = tuple(_investor_in_middle(doc, m))
            elif form == "listing":
                ipo = _IPO_WORD.search(doc.folded, lo, hi)
                found.round_raw = doc.text[ipo.start() : ipo.end()] if ipo else doc.text[end - 2 : end]
                found.round = "ipo"
            events.append(found)
    return events, continues


# ── launches ──────────────────────────────────────────────────────────────


def _product(doc: _Doc, start: int, end: int) -> _Span | None:
    """The product named first in folded[start:end]: quoted, a model name, a versioned Han name or a tagged product."""
    if fluff := _FLUFF.match(doc.folded, start, end):
        start = fluff.end()
    text = doc.folded[start:end]
    if not text or _REPORT.match(text):
        return None
    candidates: list[_Span] = []
    for m in _QUOTED.finditer(text):
        if text[m.end() : m.end() + 1] != "的":  # “更懂搜索”的AI助理: a description, not the name
            g = next(i for i in range(1, 6) if m[i])
            candidates.append(_Span(start + m.start(g), start + m.end(g)))
            break
    latin = 0
    for m in _LATIN_NAME.finditer(text):
        token = m.group().strip()
        if token in _NOT_PRODUCT or len(token) < 2 or _VERSION.fullmatch(token):
            continue
        s, e = start + m.start(), start + m.end()
        for mention in doc.overlapping(s - 1, s):  # a tagged name glued on the left belongs (通义千问Qwen2.5-Max)
            if mention.end == s and mention.start >= start:
                s = mention.start
        if edition := _EDITION.match(doc.folded, e):  # Kimi探索版
            e = edition.end()
        candidates.append(_Span(s, e))
        if (latin := latin + 1) == 3:
            break
    for m in _VERSIONED_HAN.finditer(text):
        cut = _MODEL_WORD.match(text, m.start(), m.end())
        s = cut.end() if cut else m.start()
        han = _HAN_RUN.match(text, s, m.end())
        if han and len(han.group()) >= 2 and not _HAN_NOT_NAME.search(han.group()):
            candidates.append(_Span(start + s, start + m.end()))
            break
    for mention in doc.overlapping(start, end):
        if mention.start >= start and doc.kind(mention) in (None, "product"):
            candidates.append(_Span(mention.start, mention.end))
            break
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c.start, c.start - c.end))
    best = candidates[0]
    for later in candidates[1:]:  # 豆包视频生成模型PixelDance: the name after the kind word, not the brand before it
        between = doc.folded[best.end : later.start]
        if (
            later.start >= best.end
            and len(between) <= 16
            and _KIND_WORD.search(between)
            and not _LIST_SEP.search(between)
        ):
            best = later
    head_noun = _HEAD_NOUN.match(doc.folded, best.end, best.end + 8)
    if _REPORT.search(doc.folded, best.start, best.end) or (head_noun and _REPORT.search(head_noun.group(1))):
        return None  # 《…白皮书》, “通义百炼”扶持计划: a report or a plan, not a product
    return best if best.start - start <= 20 else None


def _products(doc: _Doc, start: int, end: int) -> list[_Span]:
    """The products listed after a launch verb (发布A和B): the first, then one after each 和/及/、."""
    found: list[_Span] = []
    pos = start
    while len(found) < 4 and (span := _product(doc, pos, end)):
        found.append(span)
        if not (more := _NEXT_IN_LIST.match(doc.folded, span.end, end)):
            break
        pos = more.end()
    return found


def _named_at_end(doc: _Doc, start: int, end: int) -> _Span | None:
    """The longest quoted name, model name, versioned name or tagged product that ends folded[start:end]."""
    segment = doc.folded[start:end]
    if m := _QUOTED_TAIL.search(segment):
        return _Span(start + m.start(1), start + m.end(1))
    candidates: list[_Span] = []
    for m in _LATIN_NAME.finditer(segment):
        if m.end() == len(segment) and m.group().strip() not in _NOT_PRODUCT and len(m.group()) >= 2:
            s = start + m.start()
            for mention in doc.overlapping(s - 1, s):  # 通义千问Qwen2.5-Max
                if mention.end == s and mention.start >= start:
                    s = mention.start
            candidates.append(_Span(s, end))
    for m in _VERSIONED_HAN.finditer(segment):
        if m.end() == len(segment):
            s = m.start()
            for cut in (*_SUBJECT_CUT.finditer(segment, s, m.end()), _MODEL_WORD.match(segment, s, m.end())):
                s = max(s, cut.end()) if cut else s  # 宣布文心大模型4.5 → 文心大模型4.5
            han = _HAN_RUN.match(segment, s, m.end())
            if han and len(han.group()) >= 2 and not _HAN_NOT_NAME.search(han.group()):
                candidates.append(_Span(start + s, end))
    for mention in doc.overlapping(start, end):
        if mention.end == end and mention.start >= start and doc.kind(mention) in (None, "product"):
            candidates.append(_Span(mention.start, mention.end))
    return min(candidates, key=lambda c: c.start) if candidates else None


def _product_at_end(doc: _Doc, start: int, end: int) -> _Span | None:
    """The product a subject names (…的海外版Kimi Global); a generic tail is looked through (可灵2.0视频生成模型)."""
    if found := _named_at_end(doc, start, end):
        return found
    if (tail := _GENERIC_TAIL.search(doc.folded, start, end)) is None:
        return None
    for cut in range(tail.start(), max(start, tail.start() - 6) - 1, -1):
        if found := _named_at_end(doc, start, cut):
            return found
    return None


def _parent(doc: _Doc, mention: Mention) -> Party | None:
    """The company a product or unit belongs to, as last written before it (else its catalogue name)."""
    entity = doc.catalogue.by_id.get(mention.entity_id) if doc.catalogue else None
    if doc.catalogue is None or entity is None or entity.parent_id not in doc.catalogue.by_id:
        return None
    parent = doc.catalogue.by_id[entity.parent_id]
    before = [m for m in doc.mentions if m.entity_id == parent.entity_id and m.end <= mention.start]
    return Party(before[-1].surface if before else parent.name, parent.entity_id)


def _as_product(doc: _Doc, company: Party) -> Party | None:
    """The company behind a subject that is a tagged product (None when it is not one)."""
    if company.entity_id is None or doc.kind(Mention(company.entity_id, "", 0, 0)) != "product":
        return None
    mentions = [m for m in doc.mentions if m.entity_id == company.entity_id]
    return _parent(doc, mentions[0]) if mentions else None


def _product_subject(doc: _Doc, lo: int, start: int, end: int) -> tuple[Party | None, list[_Span]]:
    """(company, products) when the products are the subject: X旗下的P正式上线, P和Q正式发布.

    The company is the owner written before 旗下/的 (a product written there
    stands for its company), else the product's parent in the catalogue, else
    an org tagged earlier in the sentence — never a company read in an earlier
    sentence: "Llama 2发布后" names no launcher.
    """
    start, end = _trim(doc, start, end)
    products: list[_Span] = []
    while end > start and len(products) < 4 and (product := _product_at_end(doc, start, end)):
        if not _valid_name(doc.folded[product.start : product.end]):
            break
        products.insert(0, product)
        if not (separator := _LIST_END.search(doc.folded, start, product.start)):
            break
        end = separator.start()  # 文心大模型4.5 Turbo和X1 Turbo正式上线: the one before 和 too
    if not products:
        return None, []
    product = products[0]
    owner = _OWNER.search(doc.folded, start, product.start)
    span = _name_span(doc, start, owner.start()) if owner else None
    if span and _valid_name(doc.folded[span.start : span.end]):
        inside = doc.within(span)
        if doc.catalogue is None or not inside or any(doc.kind(m) == "org" for m in inside):
            return _party(doc, span), products
        if parent := _parent(doc, inside[-1]):
            return parent, products
    for mention in doc.overlapping(product.start, product.end):
        if parent := _parent(doc, mention):
            return parent, products
    return _context_company(doc, lo, product.start, None), products


def _read_launches(doc: _Doc, lo: int, hi: int, context: _Context) -> list[_Found]:
    """Launch events anchored in the sentence folded[lo:hi]."""
    events: list[_Found] = []
    prev_end = lo
    for m in _LAUNCH.finditer(doc.folded, lo, hi):
        start, end = m.start(), m.end()
        if _LAUNCH_NOT.match(doc.folded, end) or _LAUNCH_PRE_NOT.search(doc.folded, lo, start):
            prev_end = end
            continue
        clause_start = _clause_start(doc, lo, start)
        hedged = _RUMOUR.search(doc.folded, prev_end, start) or _PLAN.search(doc.folded, clause_start, start)
        prev_end = end
        object_end = _clause_end(doc, end, hi)
        if doc.folded[object_end : object_end + 1] == ":":  # 开源了两款模型：A和B
            object_end = _clause_end(doc, object_end + 1, hi)
        products = _products(doc, end, min(object_end, end + MAX_OBJECT_CHARS))
        subject_end = _strip_adverbs(doc, clause_start, start)
        if not products:
            if not _NO_OBJECT.fullmatch(doc.folded, end, object_end):
                continue  # 海螺AI也推出付费版本: something unnamed was launched, not the product itself
            company, products = _product_subject(doc, lo, clause_start, subject_end)
            if company is not None and not hedged:
                events += [_Found("launch", company, clause_start, start, end, product=p) for p in products]
            continue
        company, subject_start, inferred = _subject(doc, lo, start, context)
        if company is None:
            continue
        if (subject_product := _as_product(doc, company)) is not None:
            company = subject_product  # 智谱旗下的智谱清言上线了“沉思”: the product stands for its company
        if not inferred:
            context.read(company, subject_start)
        if not hedged:
            events += [_Found("launch", company, subject_start, start, end, product=p) for p in products]
    return events


# ── assembling ────────────────────────────────────────────────────────────


def _as_party(doc: _Doc, span: _Span) -> Party:
    mention = next(iter(doc.overlapping(span.start, span.end)), None)
    return Party(doc.text[span.start : span.end], mention.entity_id if mention else None)


def _finish(doc: _Doc, found: _Found, sentence: _Span, region: _Span, date_lo: int, context: _Context) -> Event:
    """The Event of *found*: its remaining fields read from its *region* of the *sentence*."""
    lo, hi = sentence.start, sentence.end
    date_raw, iso = _date(doc, date_lo, region.end, found.anchor)
    if found.type == "launch":
        assert found.product is not None
        mentions = doc.overlapping(found.product.start, found.product.end)
        product_id = next((m.entity_id for m in mentions if doc.kind(m) in (None, "product")), None)
        return Event(
            "launch", found.company.surface, found.company.entity_id, lo, hi, doc.text[lo:hi],
            product=doc.text[found.product.start : found.product.end], product_id=product_id,
            date=iso, date_raw=date_raw,
        )  # fmt: skip
    round_raw, round_ = (found.round_raw, found.round) if found.round_raw else _round(doc, region.start, region.end)
    amounts = _amounts(doc, region.start, region.end)
    amount = _pick_amount(amounts, "funding", found.anchor)
    if round_ == "ipo":  # the sum raised is the one after 募资/集资, not the first in the sentence
        listing = _LISTING_AMOUNT.search(doc.folded, region.start, region.end)
        amount = _pick_amount(amounts, "funding", listing.end()) if listing else None
    everyone, leads = _investors(doc, region.start, region.end)
    own = company_key(found.company.surface)
    everyone = [s for s in _unique(doc, [*found.investors, *everyone]) if company_key(doc.text[s.start : s.end]) != own]
    leads = [s for s in _unique(doc, [*found.leads, *leads]) if company_key(doc.text[s.start : s.end]) != own]
    context.investors += everyone
    return Event(
        "funding", found.company.surface, found.company.entity_id, lo, hi, doc.text[lo:hi],
        round_raw=round_raw, round=round_ or "unknown", amount=amount,
        valuation=_pick_amount(amounts, "valuation", found.anchor),
        investors=tuple(_as_party(doc, s) for s in everyone), lead_investors=tuple(_as_party(doc, s) for s in leads),
        date=iso, date_raw=date_raw,
    )  # fmt: skip


def _merge(first: Event, other: Event) -> Event:
    """One event from two reports of it in one article: the first's evidence, the union of their fields."""

    def parties(a: tuple[Party, ...], b: tuple[Party, ...]) -> tuple[Party, ...]:
        seen = {name_key(p.surface) for p in a}
        return a + tuple(p for p in b if name_key(p.surface) not in seen)

    named = first.round in (None, "unknown") and other.round not in (None, "unknown")
    return replace(
        first,
        company_id=first.company_id or other.company_id,
        round_raw=other.round_raw if named or first.round_raw is None else first.round_raw,
        round=other.round if named else first.round,
        amount=first.amount or other.amount,
        valuation=first.valuation or other.valuation,
        investors=parties(first.investors, other.investors),
        lead_investors=parties(first.lead_investors, other.lead_investors),
        product_id=first.product_id or other.product_id,
        date=first.date or other.date,
        date_raw=first.date_raw or other.date_raw,
    )


def _continue(doc: _Doc, event: Event, sentence: _Span, context: _Context) -> Event:
    """*event* with what the next sentence (本轮融资由…领投, 金额为…) adds, its evidence extended over it."""
    found = _Found("funding", Party(event.company, event.company_id), sentence.start, sentence.start, sentence.start)
    merged = _merge(event, _finish(doc, found, sentence, sentence, sentence.start, context))
    return replace(merged, end=sentence.end, sentence=doc.text[event.start : sentence.end])


def _dedupe(events: list[Event]) -> list[Event]:
    """Events of one article merged by key; a company's unnamed round joins its only named round."""
    named: dict[str, set[str]] = {}
    for e in events:
        if e.type == "funding" and e.round != "unknown":
            named.setdefault(event_key(replace(e, round="unknown")), set()).add(e.round or "")
    merged: dict[str, Event] = {}
    for e in events:
        key = event_key(e)
        if e.type == "funding" and e.round == "unknown" and len(rounds := named.get(key, set())) == 1:
            key = event_key(replace(e, round=next(iter(rounds))))
        merged[key] = _merge(merged[key], e) if key in merged else e
    return list(merged.values())


def _cued_sentences(folded: str) -> list[tuple[_Span, set[str]]]:
    """The sentences holding a cue, with their cues (groups of :data:`_CUE`), in order.

    One pass for the cues and one for the sentence ends; sentences without a
    cue are never built.
    """
    cued: dict[int, set[str]] = {}
    for m in _CUE.finditer(folded):
        cued.setdefault(m.start(), set()).add(m.lastgroup or "")
    if not cued:
        return []
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
    sentences: dict[int, tuple[_Span, set[str]]] = {}
    for pos, cues in cued.items():
        index = bisect_right(ends, pos)
        if index not in sentences:
            start = ends[index - 1] if index else 0
            end = ends[index] if index < len(ends) else len(folded)
            start, end = (
                start + len(folded[start:end]) - len(folded[start:end].lstrip()),
                start + len(folded[start:end].rstrip()),
            )
            sentences[index] = (_Span(start, end), set())
        sentences[index][1].update(cues)
    return [sentences[i] for i in sorted(sentences)]


def _read_sentence(doc: _Doc, sentence: _Span, cues: set[str], context: _Context) -> tuple[list[_Found], bool]:
    """The events anchored in one sentence, and whether it only continues the one before."""
    lo, hi = sentence.start, sentence.end
    found: list[_Found] = []
    continues = False
    if "invest" in cues and _INVEST_ANCHOR.search(doc.folded, lo, hi):
        cues = cues | {"funding"}
    if "funding" in cues and not _FUNDING_SENTENCE_VETO.search(doc.folded, lo, hi):
        found, continues = _read_funding(doc, lo, hi, context)
    if "launch" in cues:
        found += _read_launches(doc, lo, hi, context)
    return sorted(found, key=lambda f: f.anchor), continues


def extract_events(
    text: str,
    mentions: Sequence[Mention] = (),
    published: date | datetime | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> list[Event]:
    """The funding rounds and launches *text* reports, one per real-world event, in text order.

    Args:
        text: the article's text (title and body as stored).
        mentions: its entity mentions (``catalogue.tag(text)``); their ids go
            to the companies, investors and products they overlap.
        published: the publication date; gives 3月5日 its year and 今日 its day.
            Without it a month-day takes the last year written before it.
        catalogue: the catalogue the mentions came from; with it an org is told
            from a product (腾讯混元团队 → 腾讯) and a product's company is its parent.

    Returns:
        Events with their evidence (``text[e.start:e.end] == e.sentence``);
        empty when the text reports none.
    """
    if not _PREFILTER.search(text):
        return []
    if isinstance(published, datetime):
        published = published.date()
    ordered = tuple(sorted(mentions, key=lambda m: m.start))
    doc = _Doc(text, fold(text), ordered, tuple(m.start for m in ordered), catalogue, published)
    context = _Context()
    events: list[Event] = []
    previous: int | None = (
        None  # index in events of the sentence just before's funding event, which the next may continue
    )
    previous_end = -1
    for sentence, cues in _cued_sentences(doc.folded):
        if previous is not None and doc.folded[previous_end : sentence.start].strip("。!?\n\t "):
            previous = None  # a sentence without cues came between
        if previous is None and cues == {"more"}:
            continue  # 本轮/金额/估值 with no event before it to continue
        found, continues = _read_sentence(doc, sentence, cues, context)
        previous_end = sentence.end
        if not found:
            if previous is not None and (continues or _CONTINUES.search(doc.folded, sentence.start, sentence.end)):
                events[previous] = _continue(doc, events[previous], sentence, context)
            else:
                previous = None
            continue
        previous = None
        date_lo = sentence.start
        for i, item in enumerate(found):
            nxt = found[i + 1] if i + 1 < len(found) else None
            region_lo = min(item.subject_start, item.anchor)
            region_hi = sentence.end  # events of one subject (发布A，推出B) share the sentence; another's starts at it
            if nxt is not None and nxt.subject_start != item.subject_start:
                region_hi = max(region_lo + 1, min(nxt.subject_start, nxt.anchor))
            if i and found[i - 1].company != item.company and found[i - 1].anchor != item.anchor:
                date_lo = found[i - 1].anchor_end  # 7月，A完成…；8月，B完成…: B's date comes after A's anchor
            event = _finish(doc, item, sentence, _Span(region_lo, region_hi), date_lo, context)
            events.append(event)
            previous = len(events) - 1 if event.type == "funding" else previous
    return _dedupe(events)
