"""The event extractor's lexicon: the regular expressions that find cues, anchors, hedges and names.

Every pattern here is data, kept apart from the reading logic in :mod:`extractors.events`
(and its stages :mod:`extractors.event_doc`, :mod:`extractors.event_funding`,
:mod:`extractors.event_launch`) so that the words can be read, reviewed and extended in one
place. All but :data:`PREFILTER` run on folded text (:func:`extractors.normalise.fold`):
full-width ，；：（） are ASCII and Latin is lower case. After changing any of them, re-run
``uv run python bench/events_eval.py`` (with and without ``--no-catalogue``).
"""

from __future__ import annotations

import re

# Characters between 完成/获得 and 融资 (amount, round, 由X领投的): longer is another clause.
MAX_MIDDLE_CHARS = 48

# ── sentences and cues ────────────────────────────────────────────────────

# On the raw text, both scripts: a page without one of these has no event.
PREFILTER = re.compile(
    r"(?=[融领領跟注投募集上发發推开開首面问問公iI])"
    r"(?:融[资資]|[领領]投|跟投|注[资資]|投[资資]|募[资資]|集[资資]|上市|ipo|[发發][布佈表]|推出|上[线線]|[开開]源|首[发發]|面世|[问問]世|公[测測])",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[。!?]+|\n+")
# What makes a sentence worth reading, by what it may anchor; "more" is what a sentence
# continuing the previous one's funding event says (本轮融资由…领投, 金额为…).
CUE = re.compile(
    r"(?=[融注入上挂领跟投发推开首面问公本此金估登募集i])"
    r"(?:(?P<funding>融资|注资|入股|上市|挂牌|领投|跟投|登陆|募资|集资|ipo)|(?P<invest>投资)"
    r"|(?P<launch>发布|发表|推出|上线|开源|首发|面世|问世|公测)|(?P<more>本轮|此轮|金额|估值))"
)
# 投资 alone is everywhere (投资人, 投资逻辑); it anchors only as 获得…投资, 向X投资, 投资了.
INVEST_ANCHOR = re.compile(r"(?:获得?|完成|拿到|向|对)[^,;。!?]{0,48}?投资|投资了")
# 投资 as a verb, not inside a name or a noun (上海国有资本投资有限公司, 投资方, 投资回报).
_INVEST = r"投资(?!有限|公司|基金|集团|管理|控股|机构|中心|股份|合伙|人|方|者|部|平台|银行|界|圈|领域|回报|价值|逻辑|主线|机会|策略)"
# A space between two Han characters separates headline clauses (X融资6亿美元 阿里领投).
# A comma inside a number (8,000萬美元) is not a break.
CLAUSE_BREAK = re.compile(r"[;:]|(?<!\d),|,(?!\d{3}(?!\d))|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")

# ── hedges and vetoes ─────────────────────────────────────────────────────

# Hearsay and denials undo an anchor anywhere before it in the sentence …
RUMOUR = re.compile(r"据传|传闻|传言|网传|传出|盛传|曾传|消息称|有消息指|否认|辟谣|不实")
# … plans, talks and negation only in the anchor's own clause (X正在加速布局，近日完成B轮融资 is an event).
PLAN = re.compile(
    r"(?<![模虚])拟|计划|筹划|筹备|寻求|洽谈|谈判|接洽|商谈|有望|或将|或已|或于|或在|可能|预计|将于|将在|将要|即将|将获|"
    r"将完成|将推出|将发布|将上线|将开源|正在|正与|正洽|正考虑|尚未|未能|没有|并未|未(?!来|披露|透露|公开)|启动|冲刺|递交|"
    r"申请|准备|打算|意向|考虑|不排除|预告|能否|是否|能不能|会不会|难以|若能|如果|假如"
)
FUNDING_SENTENCE_VETO = re.compile(
    r"质押|否认|辟谣|不实"
    r"|基金[^。]{0,24}?(?:募集|募资|关账|首关|首期关闭|完成设立|正式设立|正式成立)"
    r"|(?:募集|首关|关账)[^。]{0,12}?基金"
)
MARGIN = re.compile(r"融资(?:融券|余额|买入|净买入|偿还|客|盘)|两融")
ANCHOR_NOUN = re.compile(
    r"(?:难|环境|渠道|成本|需求|能力|事件|总额|数量|案例|热潮|热度|寒冬|困境|节奏|计划|进展|传闻|消息|租赁|担保|平台|方式|历程|经历)"
)
RELATIVE = re.compile(r"(?:及以上|以上)?的(?!同时)[\u3400-\u9fffa-z]")  # 获得A轮融资的企业
CUMULATIVE = re.compile(
    r"累计|总计|共计|合计|先后|多轮|[两二三四五六七八九十几数]+轮|(?<![a-z\d])\d+轮|多次|多笔|[起笔]$"
)

# ── subjects and names ────────────────────────────────────────────────────

ADVERB_TAIL = re.compile(
    r"(?:宣布|正式|已经|已于|已|日前|近日|近期|今日|今天|昨日|昨天|刚刚|此前|曾经|曾|再次|首次|又|也|则|还|并|同时|同步|"
    r"随后|率先|重磅|悄然|低调|对外|官方|成功|顺利|共同|联合|携手|现已|现|目前|本周|上周|本月|上月|今年|去年|年初|年底|再|"
    r"年中|当日|当天|次日|日|于|在|均|都|亦|终于|最终|刚|更是|相继|分别|接连|陆续|便|就|才|即|周[一二三四五六日天]|星期[一二三四五六日天]|"
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:晚间|上午|下午|晚|早间|凌晨)?|\d{4}年|"
    r"(?:在|于)[^,;在于]{1,24}?(?:上|中|期间|前夕|之际|现场|会上|内)|(?:在|于)(?:国内|海外|全球|中国|美国|北京|上海|深圳|杭州|香港)|"
    r"(?:在|于)(?:成立|创立|创办|发布|上线|融资)[^,;]{0,16}|"
    r"(?:联合|携手)[^,;]{2,15}?)$"
)
PAREN_TAIL = re.compile(r"\([^()]{1,30}\)$")
QUOTED_TAIL = re.compile(r"[「“\"『《]([^」”\"』》]{1,24})[」”\"』》]$")
# Whatever ends with one of these (its last occurrence) is not part of the name that follows.
SUBJECT_CUT = re.compile(
    r"(?:的|旗下|母公司|子公司|获悉|消息|报道|宣布|表示|透露|称|据悉|据了解|其中|此外|另外|同时|与此同时|而|"
    r"公司|企业|独角兽|初创|新创|新锐|厂商|开发商|运营商|服务商|供应商|提供商|创企|明星|黑马|玩家|新秀|巨头|"
    r"大厂|龙头|品牌|平台|机构|团队|实验室|研究院)(?=.{2})"
)
SPEECH_TAIL = re.compile(r"(?:宣布|表示|称|透露|官宣|公布|确认|证实|介绍)了?\s*[,:]\s*$")
PRONOUN = re.compile(r"(?:该公司|该企业|这家公司|这家企业|该初创公司|该平台|公司|其|后者|对方|该团队|它)$")
NOT_NAME = re.compile(
    r"表示|认为|指出|预计|透露|发布|推出|上线|开源|完成|获得|融资|投资(?!有限|公司|基金|集团|管理|控股|股份|合伙|中心|$)|宣布|"
    r"据|称|已有|以来|成立|创立|消息|报道|获悉|其中|此外|并且|但是|如果|由于|因为|不过|以及|还是|领域|赛道|行业|市场|"
    r"共有|共发生|目前|\d+家|多家|数家|几家|一家|某|不少|部分|大部分|多数|这些|那些|他们|我们|本轮|此轮|该轮|本次|此次|"
    r"合作|双方|两家|国内外|业内|外界|统计|项目|多个|数个|一批|第[一二三四五六七八九十\d]+个|个月"
)
BAD_EDGE = re.compile(
    r"^[对向在于与和被将把从等了据由但而并及以其该这那也就都所的是有为]|[的对向在于与和被将把从等了也及以均都]$"
)
BARE_TOKEN = re.compile(r"[\d.%]+|[a-z]")
# A descriptor with no name (大模型独角兽, AI公司, 这家初创企业): not a company.
# 腾讯混元团队, 阿里通义实验室: a unit of the tagged org it starts with.
UNIT = re.compile(r"(?:团队|实验室|研究院|事业群|事业部|部门|工作室)$")
DESCRIPTOR_ONLY = re.compile(
    r"(?:ai|aigc|大模型|人工智能|生成式|具身智能|科技|芯片|机器人|初创|创业|明星|头部|国内|海外|这家|一家|该)*"
    r"(?:独角兽|初创企业|初创公司|创业公司|创企|厂商|玩家|新秀|黑马|公司|企业|团队|平台)"
)

# ── investor lists ────────────────────────────────────────────────────────

LIST_SEP = re.compile(r"以及|、|,|和|及|与|/")
NAME_HEAD = re.compile(
    r"(?:老股东|现有股东|原有股东|既有股东|新股东|股东|知名投资机构|知名机构|投资机构|机构|此外|另外|还有|其中|包括|由|获得|"
    r"获|了|本轮|此轮|跟投方|投资方|领投方|国资|[^、,]{1,8}?旗下的?)"
)
NAME_TAIL = re.compile(
    r"(?:等.*|在内的.*|作为.*|担任.*|(?:联合|共同)?领投|跟投|继续|持续|超额|追加|也|均|亦|同时|共同|联合|分别|则|都|了)$"
)
GENERIC_PARTY = re.compile(
    r"^(?:多家|数家|一些|部分|某|一家|其他|其它|多位|多个|若干|众多|知名|顶级|头部)|^(?:老股东|股东|机构|投资机构|投资方|产业资本|"
    r"科技巨头|巨头|国资|地方国资|产业方|战略投资方|财务投资方|基金|团队|个人|员工|管理层|创始人)$"
)
AMOUNT_LIKE = re.compile(r"\d\s*[万亿千百]|[数几][十百千万亿]|[万亿]元|美元")

LEAD = re.compile(r"(?:联合|共同)?(?:领投|独家投资|独家领投)(?!方)|(?:担任|作为)(?:本轮)?(?:的)?领投方")
FOLLOW = re.compile(
    r"(?:继续|持续|追加|超额|也|均|亦|同时|共同|联合)*(?:跟投|参投|加码|加注|追投|参与(?:了)?(?:本轮|此轮|本次)?(?:的)?(?:投资|融资))"
)
LIST_INTRO = re.compile(
    r"(?:领投方|投资方|投资者|投资机构|投资人|参投方|跟投方|出资方)(?:分别)?(?:包括|为|有|是|涵盖|包含)"
)
BY = re.compile(rf"由(?P<x>[^,;。由]{{2,80}}?)(?:联合|共同)?(?P<v>领投|独家投资|参与投资|{_INVEST}|出资|注资)")
LEFT_BOUNDARY = re.compile(r"由|获得了?|获|完成了?|迎来了?|本轮融资|本轮|此轮|本次|其中|[,;:]")

# ── what a sum is: funding, valuation or something else ───────────────────

VALUATION_LEFT = re.compile(r"(?:估值|市值|投后|投前|身价|作价)[^,;。]{0,6}$")
OTHER_LEFT = re.compile(
    r"(?:营收|收入|营业额|销售额|利润|净利|亏损|市场规模|产业规模|行业规模|管理规模|基金规模|目标规模|募集规模|资产|订单|投入|成本|"
    r"费用|支出|开支|补贴|奖励|授信|贷款|收购|回购|股价|价格|售价|累计|总计|合计|共计|年化|arr|gmv|预计|参数|用户)[^,;。]{0,6}$"
)
VALUATION_RIGHT = re.compile(r"\s*(?:的)?(?:估值|市值)")
FUNDING_RIGHT = re.compile(r"\s*(?:的)?\s*(?:(?:pre-?)?[a-g]\d?\+*\s*轮|天使|种子|战略|pre-?ipo|新一轮|融资|投资|注资)")
FUNDING_LEFT = re.compile(r"(?:融资|募资|集资|募集资金|筹资|募得|金额|投资|注资)[^,;。]{0,4}$")

# ── dates ─────────────────────────────────────────────────────────────────

DATE = re.compile(
    r"(?<![\d年])(?:(?P<y>\d{4})年|(?P<rel>今年|去年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?!\d|份?(?:消息|电|讯))"
    r"|(?P<day>今日|今天|昨日|昨天)"
)
YEAR = re.compile(r"(?<!\d)(\d{4})年")

# ── funding anchors ───────────────────────────────────────────────────────

DONE = re.compile(
    r"(?:完成|获得|获(?![悉批奖评选颁准取得])|拿到|拿下|斩获|收获|迎来|落定|敲定|官宣)(?:了)?"
    rf"(?P<mid>(?:[^,;。!?:]|(?<=\d),(?=\d{{3}})){{0,{MAX_MIDDLE_CHARS}}}?)(?P<obj>融资|{_INVEST}|注资)"
)
MID_VETO = re.compile(r"并|后|将|用于|开始|启动|计划|准备|进行|成立|以来|超过\d+家")
MID_TARGET = re.compile(r"对[^,;。]+$")  # 完成对X的投资: the investor is the subject, read as a backer
HEADLINE = re.compile(r"(?P<obj>融资)(?:了|达|约)?\s*(?=(?:超过|超|逾|近|约)?(?:数|几)?[\d一二两三四五六七八九十百千])")
ROUND_THEN = re.compile(r"(?P<round>(?:pre-?)?[a-g]\d?\+*\s*轮|天使\+*轮|pre-?ipo轮?)(?P<obj>融资)(?=由|获|,)")
BACKER = re.compile(
    r"(?:联合|共同)?(?:领投|参与|参投|战略投资|投资)了(?P<tgt>[^,;。]{2,40})"
    rf"|向(?P<to>[^,;。向]{{2,24}}?)(?:进行了?)?(?:战略)?(?:{_INVEST}|注资)"
    rf"|对(?P<of>[^,;。对]{{2,24}}?)(?:的|进行了?)(?:战略)?{_INVEST}"
    r"|(?:战略)?(?:入股|注资)(?P<into>[^,;。]{2,24})"
)
BACKER_LEAD = re.compile(r"(?:联合|共同)?领投")
MIDDLE_TAIL = re.compile(r"(?:的)?(?:战略|天使|种子)?$")  # 获得X的战略投资: what follows the backer's name
AMOUNT_START = re.compile(r"(?:超过|超|逾|近|约)?(?:数|几)?(?<![a-z\d])[\d一二两三四五六七八九十百千]+(?:\.\d+)?[万亿]")
STRATEGIC = re.compile(r"战略(?:投资|注资|入股)")
TARGET_STOP = re.compile(
    r"的|(?:超过|超|逾|近|约)?(?:数|几)?[\d一二两三四五六七八九十百千]+[万亿]|(?:pre-?)?[a-g]\d?\+*轮|天使|种子|新一轮|战略|首轮|融资|投资"
)
_EXCHANGE = (
    r"港交所|联交所|香港交易所|上交所|深交所|北交所|纳斯达克|纽交所|纽约证券交易所|科创板|创业板|港股|美股|a股|主板"
)
LISTING = re.compile(
    rf"(?:(?:在|于|赴)?(?:{_EXCHANGE})(?:主板|科创板|创业板)?(?:正式|成功)?(?:挂牌上市|上市|挂牌)"
    rf"|(?:登陆|登录)(?:{_EXCHANGE})(?:主板|科创板|创业板)?(?:挂牌上市|上市|挂牌)?|挂牌上市|敲钟上市)"
    r"(?!公司|企业|首日|以来|后|前|申请|计划|进程|辅导|聆讯|交易|时间|地|的)"
)
LISTING_AMOUNT = re.compile(r"(?:募资|集资|募集资金|筹资|募得|集得|筹得)(?:总额|净额)?(?:为|达)?")
IPO_WORD = re.compile(r"ipo")
THIS_ROUND = re.compile(r"本轮|此轮|该轮|本次|此次")
CONTINUES = re.compile(r"本轮|此轮|该轮|这轮|本次|此次|这次|投资方|领投|跟投|融资金额|金额为|估值")
CO_SUBJECT = re.compile(r"、|与|和|及")

# ── launches ──────────────────────────────────────────────────────────────

LAUNCH = re.compile(r"发布|发表|推出|上线|开源|首发|面世|问世|公测")
LAUNCH_NOT = re.compile(  # 发布的, 发布会, 发布于, 开源社区: not a launch
    r"的|后|以来|之后|之际|当天|次日|会|时间|日期|于|者|时|前|平台|渠道|频率|节奏|方|策略|社区|生态|协议|路线|阵营|精神|模式|"
    r"力量|领域|浪潮|许可|项目"
)
LAUNCH_PRE_NOT = re.compile(r"(?:信息|新闻|消息|首次公开|业绩|财报)$")
FLUFF = re.compile(
    r"(?:了|并|一款|一个|一系列|多款|其|自家|自研的?|旗下的?|全新的?|新一代的?|新版的?|最新一代的?|最新的?|首款|首个|国内首个|全球首个|"
    r"新的?|旗舰|升级版的?|正式版的?|,|\s)+"
)
REPORT = re.compile(
    r"报告|白皮书|蓝皮书|财报|业绩|公告|声明|战略|通知|政策|措施|举措|意见|办法|方案|规划|计划|指南|倡议|榜单|排行|指数|数据|结果|"
    r"研究|论文|内部信|公开信|全员信|文章|微博|招股书|预告|预测|年报|季报|标准|规范|条例|细则|大会|峰会|论坛|活动|奖|宣言|招聘|启事|"
    r"演讲|讲话|致辞|看法|观点|评论|感言"
)
HEAD_NOUN = re.compile(r"[”」》』\"]?([^,;。!?\s”“]{0,6})")
QUOTED = re.compile(r"《([^》]{1,30})》|“([^”]{1,24})”|「([^」]{1,24})」|\"([^\"]{1,24})\"|『([^』]{1,24})』")
# A model name: Latin letters first, then digits, hyphens, dots; up to three more words (abab 6.5, Kimi Desktop).
LATIN_NAME = re.compile(
    r"(?<![a-z0-9])[a-z][a-z0-9]*(?:[-_.+][a-z0-9]+)*\+?(?:\s[a-z0-9][a-z0-9.+]*(?:-[a-z0-9]+)*){0,3}"
)
VERSION = re.compile(r"[a-z]?\d[\w.]*|v\d[\w.]*")  # x1, v4.0: a version belongs to the Han name before it
VERSIONED_HAN = re.compile(
    r"[\u3400-\u9fff]{2,10}[a-z]{0,12}\s?(?:v?\d+(?:\.\d+)*|[a-z]\d+(?:\.\d+)*)"
    r"(?:\s?(?:pro|max|turbo|plus|ultra|mini|lite|flash))?(?![a-z0-9.])"
)
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
EDITION = re.compile(r"[\u3400-\u9fff]{1,3}版(?![\u3400-\u9fff])")
# Latin words that are not product names when they follow a launch verb (推出AI战略, 发布MoE模型).
NOT_PRODUCT = frozenset({
    "ai", "aigc", "agi", "api", "app", "apps", "gpu", "cpu", "npu", "tpu", "llm", "llms", "moe", "mit", "ceo", "cto",
    "coo", "cfo", "ipo", "saas", "paas", "iaas", "sdk", "ui", "ar", "vr", "xr", "pc", "token", "tokens", "ios", "to",
    "sota", "gpt", "ok",
})  # fmt: skip
HAN_NOT_NAME = re.compile(
    r"达|为|约|超|近|亿|万|参数|规模|个|的|了|和|与|及|在|上|年|月|日|第|款|首|支持|可|将|版本|系列$"
)
# 深度思考模型文心X1 → 文心X1: the kind of product written before its name is not part of it.
MODEL_WORD = re.compile(
    r".*?(?:模型|产品|应用|助手|平台|工具|智能体|系统|芯片|晶片|手机|机型)(?=[\u3400-\u9fff]|[a-z]{2})"
)
# 豆包视频生成模型PixelDance: a kind word between two names makes the second one the product.
KIND_WORD = re.compile(r"模型|产品|应用|助手|平台|工具|智能体|系统|芯片|晶片|手机|机型|系列")
GENERIC_TAIL = re.compile(r"(?:大模型|模型|智能助手|助手|应用|app|系列|产品|平台|版本|新版本|功能)$")
NEXT_IN_LIST = re.compile(r"[^,;。]{0,6}?(?:”|」|》)?\s*(?:以及|和|及|与|、)")
OWNER = re.compile(r"(?:旗下|的)[^旗的]*$")
LIST_END = re.compile(r"(?:以及|和|及|与|、)\s*$")
NO_OBJECT = re.compile(r"(?:了|啦)?\s*[。!?]*\s*")  # P正式上线。: the subject itself was launched
