"""The values an event carries, in normalised form: sums of money, round names, parties and name keys.

An event's fields are read as written (超10亿元, B+轮, 商湯科技) and kept that way for the
reader; matching and merging need them normalised: a sum as bounds and a currency
(:func:`parse_amount`), a round in a small vocabulary (:func:`normalise_round`), a name as a
folded key (:func:`name_key`, :func:`company_key`, :func:`product_key`). These are pure
functions of a string, so they live apart from the sentence reading in
:mod:`extractors.events` and can be tested and benchmarked on their own
(bench/events_eval.py scores fields with them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.normalise import fold

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
AMOUNT = re.compile(
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


def amount_from_match(m: re.Match[str], raw: str) -> Amount | None:
    """The bounds of one :data:`AMOUNT` match, or None when it is not a sum of money."""
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
    for m in AMOUNT.finditer(fold(raw)):
        if m.group() and (found := amount_from_match(m, raw[m.start() : m.end()])):
            return found
    return None


# ── rounds ────────────────────────────────────────────────────────────────

# On folded text: Latin is lower case, ＋ is +.
ROUND = re.compile(
    r"(?<![a-z0-9])(?P<letter>(?:pre-?)?[a-g]\d?\+*)\s*(?:轮|系列)"
    r"|(?P<angel>天使\+*|种子\+*)(?:轮|投资|融资)"
    r"|(?P<preipo>pre-?ipo)(?:轮)?"
    r"|(?P<strategic>战略)(?:轮|融资|投资(?!者|方|人|机构|部))"
    r"|(?P<new>新一|首)轮"
)
_DIGIT = re.compile(r"\d")  # A1轮 → a
ROUND_RANK = {"letter": 0, "angel": 0, "preipo": 0, "strategic": 1, "new": 2}  # lower wins: A1轮战略融资 is a


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
    for m in ROUND.finditer(folded):
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
