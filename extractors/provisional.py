"""Provisional entities: names the catalogue lacks, found by pattern and evidence.

:func:`find_provisional` reads an article next to its catalogue mentions and proposes the
organisations, people and products the catalogue does not know yet. Each proposal carries the
pattern that found it (its *evidence*) and a normalised key; the warehouse stores the entity
under :func:`provisional_id` with ``curated = false`` until a human promotes it.

Precision comes first (a wrong entity pollutes every view it reaches), so a name needs evidence
beyond its shape:

* **organisations**: a stem before a suffix (…科技, …智能, …资本, …基金, …创投, …半导体, …集团,
  …研究院, …实验室, …机器人), a legal form (…有限公司), an English company form (Xxx AI,
  Xxx Labs, Xxx Inc.) or a company noun before a Latin name (AI公司Perplexity). The stem is the
  run of rare words and coined characters before the suffix, found by backward maximum matching
  on jieba's dictionary: any common word, function character, numeral or delimiter (包括, 领投,
  独角兽 …) ends it. Weak suffixes (科技, 智能, 机器人) also need a second signal: a coined stem
  (澜舟, 生数), a company noun or an enumeration before, a place name, a word such as
  创始人/宣布/融资 after, or a second occurrence.
* **people**: a title (创始人, CEO, 合伙人, 首席科学家 …) before a 2–3 character name that starts
  with a surname, or such a name on a clause boundary before a speech verb (表示, 称, 认为 …);
  transliterated names (萨姆·奥尔特曼) and Latin names (Sam Altman) in the same places.
* **products**: Latin-letter + digit model names (GLM-4, Qwen2.5-Max, abab6.5s, Step-1V,
  Claude 3.7 Sonnet) with at least two letters, and 《…》 titles right next to a product word.

Nothing in :data:`NEVER` (该公司, 人工智能, 产业基金, 政府引导基金, 本报讯, 新华社 …) and no common
word becomes an entity; names in bylines (记者 X X) and pseudonyms (X X（化名）) are skipped.
A proposal never overlaps a catalogue mention or another proposal; once a name is accepted,
its other standalone occurrences in the text are mentions too (evidence ``repeat``).

Matching runs on :func:`extractors.normalise.fold` of the text (same length, so offsets are
offsets into the original); the case-sensitive Latin patterns run on the text itself.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from extractors.entities import Kind, Mention
from extractors.normalise import fold, to_simplified

logger = logging.getLogger(__name__)

__all__ = ["Evidence", "ProvisionalMention", "find_provisional", "normalise_key", "provisional_id"]


def _words(block: str) -> list[str]:
    """The whitespace-separated words of a lexicon block."""
    return block.split()


Evidence = Literal[
    "org_suffix",  # 澜舟科技, 蓝驰创投, 上海人工智能实验室
    "org_legal",  # 北京光年之外科技有限公司
    "org_latin",  # Mistral AI, Thinking Machines Lab
    "org_after_noun",  # AI搜索公司Perplexity
    "person_title",  # 创始人兼CEO王小川, OpenAI首席执行官萨姆·奥尔特曼
    "person_speech",  # 王小川表示, Sam Altman称
    "product_model",  # GLM-4, Claude 3.7 Sonnet
    "product_quoted",  # 推出《黑神话：悟空》游戏
    "repeat",  # another occurrence of an accepted name
]

# ── tuned constants (re-run `uv run python bench/entity_eval.py` after changing any) ──────────
# A dictionary word at least this frequent (jieba's dict.txt, not tagged as a name) is common:
# it ends a name stem and is never a name itself; rarer words may be part of a name (面壁 46,
# 百川 3, 春华 10). Measured with bench/entity_eval.py (shipped and 79-entity catalogues, and the
# proposal count on zh_dev general news): 200 and 500 score the same, 1000 admits a wrong name,
# 100 loses recall; 200 keeps the margin on the side of precision.
COMMON_FREQ = 200
# A word this frequent starting right after a two-character name ends the name there (周剑|力推,
# 吴畏|分析); lower than COMMON_FREQ because the alternative, a three-character name, is no safer.
NAME_FOLLOW_FREQ = 20
# A name stem before an organisation suffix: 2–4 characters (澜舟, 傅利叶, 国投先导).
MIN_STEM, MAX_STEM = 2, 4
# How far left of a suffix the stem search looks (place + stem + generic middle words).
MAX_ORG_RUN = 16
# 《…》 titles longer than this are articles, reports or slogans, not product names.
MAX_QUOTED = 12
# The longest delimiter word the segmentation looks up (大模型公司), and the longest jieba word kept
# (longer ones are idioms and set phrases that never border a name; dropping them saves memory).
MAX_WORD = 5
MAX_DICT_WORD = 4
# Each part of a transliterated name (萨姆 · 奥尔特曼): at most this many characters.
MAX_FOREIGN_PART = 5

# ── lexicons ──────────────────────────────────────────────────────────────────────────────

# Organisation suffixes: strong ones name an organisation once the stem is sound; weak ones also
# end generic phrases (金融科技, 具身智能, 人形机器人) and need a second signal. 信息, 数据, 投资
# were tried and dropped: on general news they found 更多信息, 行业性数据, 亩均投资, not names.
STRONG_SUFFIXES = ("资本", "创投", "风投", "基金", "半导体", "微电子", "研究院", "实验室", "集团", "控股")
WEAK_SUFFIXES = ("科技", "智能", "机器人")
# Words that may sit between a stem and its suffix (北京市 | 人工智能 | 产业 | 投资 | 基金).
GENERIC_MIDDLE = (
    "人工智能", "智能", "产业", "投资", "创业", "创新", "科技", "信息", "数字", "数据", "集成电路",
    "半导体", "芯片", "股权", "发展", "引导", "天使", "种子", "风险", "私募", "成长", "并购", "战略",
    "专项", "新兴", "未来", "先进", "制造", "高新", "技术", "大模型", "算力", "机器人", "具身",
    "生物", "医疗", "能源", "汽车", "母", "国际", "网络", "软件", "电子", "通信", "计算", "视觉", "人形",
    "四足", "工业", "服务", "协作", "通用", "类脑",
)  # fmt: skip
# Words that are generic modifiers or determiners, never a name stem (人工智能, 具身智能 …).
GENERIC_STEMS = frozenset(
    _words(
        """
        人工 具身 通用 生成式 生成 机器 超级 决策 认知 感知 计算 商业 数据 边缘 端侧 群体 混合 增强 类人 人类 自主
        工业 产业 政府 引导 国有 国资 创业 风险 私募 公募 股权 天使 专项 并购 战略 科创 种子 早期 成长 美元 人民币
        主权 养老 社保 慈善 投资 金融 数字 信息 前沿 核心 关键 底层 基础 科学 生命 生物 医疗 健康 教育 农业 能源 汽车
        网络 互联网 中国 国内 国际 全球 海外 本土 民营 大型 头部 龙头 一家 这家 多家 几家 知名 当地 上市 港股 美股
        多模态 大模型 模型 算力 空间 物理 情感 交互 对话 语音 视觉 医学 文化 传媒 娱乐 游戏 体育 零售 消费 服务 安全
        军事 国防 城市 家居 穿戴 驾驶 座舱 终端 手机 硬件 软件 芯片 光电 电子 材料 环境 绿色 低碳 双碳 智慧 智造 制造
        先进 未来 新兴 高新 尖端 领先 顶尖 一流 优秀 重点 国家 省级 市级 地方 区域 产业链 生态 开源 闭源 原生 垂直
        专业 行业 企业 政企 客户 用户 市场 资产 财富 保险 银行 证券 信托 基金 资本 科技 智能 创新 研究 实验 发展 管理
        控股 集团 实业 贸易 咨询 文旅 旅游 物流 地产 建设 交通 船舶 航空 航天 卫星 量子 脑机 机器人 人形 四足 协作
        中央 国务院 政务 党政 公共 社会 大众 普惠 平台 独角兽 初创 新创 创投 风投 中小 小微 老牌 新锐 明星 黑马 全栈
        下一代 新一代 第一 第二 首个 首家 唯一 最大 最强 高端 低端 前者 后者 双方 各方 对方 他们 我们 你们 它们 大家
        自己 记者 编辑 作者 分析师 官方 公司 国产 自研 合资 外资 内资 中外 外币 本币 类脑 更多 较多 很多 许多 众多
        诸多 部分 所有 其他 其它 相关 有关 主要 重要 传统 新型
        """
    )
)  # fmt: skip
# Place names that may open an organisation's name (北京智源人工智能研究院, 上海人工智能实验室).
PLACES = frozenset(
    _words(
        """
        北京 北京市 上海 上海市 天津 重庆 深圳 深圳市 广州 杭州 杭州市 南京 苏州 无锡 合肥 武汉 成都 西安 长沙 郑州
        济南 青岛 厦门 福州 宁波 东莞 佛山 珠海 大连 沈阳 长春 哈尔滨 石家庄 太原 南昌 南宁 昆明 贵阳 兰州 海口 三亚
        常州 嘉兴 绍兴 温州 金华 台州 湖州 徐州 南通 扬州 烟台 潍坊 洛阳 香港 澳门 台湾 台北 新竹 台中 高雄 浙江 江苏
        安徽 广东 湖北 湖南 四川 山东 河南 河北 福建 江西 山西 陕西 辽宁 吉林 黑龙江 云南 贵州 广西 海南 甘肃 内蒙古
        新疆 西藏 宁夏 青海 国家 中国 中关村 张江 临港 雄安
        """
    )
)  # fmt: skip
# Single characters that end the word before a name: function words and light verbs.
DELIMITER_CHARS = frozenset(
    "的了和与及或在是由被将对向从为于把给跟同让以等获即如据经若并而且但也都还就又再所其这那该此各每自"
)
# Characters no organisation stem contains, even between punctuation (、顺为资本 keeps 为).
NOT_IN_STEM = frozenset("的了是在被把将对从向给让等也都还就又再所并而但这那该此其")
# Characters that cannot be part of a name stem: the delimiters, numerals, measure words.
STOP_CHARS = DELIMITER_CHARS | frozenset("一二三四五六七八九十百千万亿几两半第个家台款只条项种类些批次位名届期年月日号")
# Words that end right before a name even when jieba finds them rare (领投 is not in its dictionary).
DELIMITER_WORDS = frozenset(
    _words(
        """
        包括 以及 其中 此外 还有 比如 例如 诸如 来自 获得 宣布 完成 旗下 投资 领投 跟投 参投 联投 加持 入股 控股 收购
        并购 孵化 创立 创办 成立 联合 联手 携手 牵手 加入 离开 出任 担任 任职 效力 公司 企业 创企 厂商 独角兽 初创
        新创 机构 平台 品牌 玩家 巨头 大厂 对手 伙伴 股东 投资方 投资人 投资者 资方 团队 基金 资本 创投 研究院 实验室
        集团 新贵 黑马 明星 龙头 科技公司 创业公司 初创公司 新创公司 大模型公司 模型公司 芯片公司 芯片企业 机器人公司
        投资机构 创投机构 母公司 子公司 合资公司 近日 日前 目前 此前 随后 今年 去年 当时 同时 如今 已经 正在 即将 曾经
        分别 先后 相继 共同 一起 合作 支持 表示 认为 指出 介绍 透露 发布 推出 上线 接入 使用 采用 选择 看好 押注 布局
        对标 超越 击败 打败 追赶 包含 拥有
        """
    )
)  # fmt: skip
# Delimiters that say the next name is a company: one of a weak suffix's second signals.
COMPANY_NOUNS = frozenset(
    _words(
        """
        公司 企业 创企 厂商 独角兽 初创 新创 机构 玩家 巨头 大厂 对手 伙伴 股东 投资方 资方 新贵 黑马 科技公司
        创业公司 初创公司 新创公司 大模型公司 模型公司 芯片公司 芯片企业 机器人公司 投资机构 创投机构 母公司 子公司
        合资公司 领投 跟投 参投 联投 投资 入股 收购 孵化 创立 创办 成立 联手 携手 牵手 加入 离开 出任 担任 包括 以及
        """
    )
)  # fmt: skip
# After a suffix, a Han character must start one of these words or be one of the function
# characters below (科技 + 宣布/的/有限公司 …); anything else continues a word (科技创新, 智能体).
ORG_FOLLOW_CHARS = frozenset("的和与及、等是在于已将也还为对向从被把让给并都又就所以但而或即便仍再均共曾正则亦")
ORG_FOLLOW_WORDS = frozenset(
    _words(
        """
        创始 创办 创立 宣布 发布 推出 完成 获得 成立 旗下 估值 融资 有限 股份 股东 董事 总裁 首席 副总 团队 公司 方面
        官方 联合 合伙 今年 近日 此前 目前 已经 上市 上线 正式 同样 同时 近期 日前 首次 开发 研发 表示 透露 回应 总部
        位于 成为 负责 内部 员工 产品 去年 随后 也是 不仅 虽然 作为 背后 核心 主要 一直 曾经 多次 先后 相继 分别 官网
        官宣 日前 新一 最新 本轮 此次 这次 创业 投资 领投 跟投 参投 认为 指出 介绍 称其 称为 坦言 直言 参与 出资 持有
        持股 合作 携手 收购 退出 起诉 提起 发起 管理 主导 牵头 设立 一期 二期 三期 四期 五期 ceo cto
        """
    )
)  # fmt: skip
# After a weak suffix, these words are a second signal (生数科技创始人, 澜舟科技宣布 …).
ORG_CONTEXT_AFTER = (
    "创始人", "联合创始人", "ceo", "董事长", "总裁", "首席", "宣布", "完成", "获得", "成立于", "成立", "旗下",
    "估值", "融资", "有限公司", "股份", "团队", "发布", "推出", "上线", "的创始人", "的ceo", "、", "等公司",
    "等企业", "等机构", "等创业公司", "等厂商", "官方", "方面",
)  # fmt: skip

# People.
TITLES = (
    "联合创始人", "联合创办人", "创始合伙人", "管理合伙人", "主管合伙人", "执行合伙人", "合伙人", "创始人", "创办人",
    "董事长", "副董事长", "董事", "资深副总裁", "高级副总裁", "副总裁", "总裁", "总经理", "副总经理", "首席执行官",
    "首席技术官", "首席科学家", "首席运营官", "首席财务官", "首席产品官", "首席战略官", "首席架构师", "首席研究员",
    "首席经济学家", "首席分析师", "科学家", "研究员", "教授", "副教授", "院长", "副院长", "主任", "负责人",
    "掌门人", "掌舵人", "行政总裁", "执行长", "营运长", "技术长", "财务长", "总监", "主席", "投资人", "分析师",
    "工程师", "核心成员", "成员", "创始ceo", "ceo", "cto", "coo", "cfo", "cpo", "cso", "vp",
)  # fmt: skip
SPEECH_VERBS = (
    "表示", "认为", "指出", "透露", "坦言", "直言", "强调", "告诉", "回忆", "提到", "解释", "回应", "感叹", "判断",
    "承认", "补充", "谈到", "提出", "介绍", "称", "说",
)  # fmt: skip
SPEECH_ADVERBS = ("也", "还", "则", "曾", "更", "就", "亦", "此前", "随后", "近日", "日前", "同时", "当时", "曾经")
# Single-character surnames, the common few hundred; characters that are mostly function words
# (和, 由, 但, 那, 於 …) are left out on purpose.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
    "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封匡鞠惠荆冀郁胥班"
    "储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜阚帅屠朴练廉禹祖漆巴丰卿狄晋芮阙鹿薄邸雍辜裘亓修邰赫杭况宿逯茹诸慕"
    "嵇湛戎茅揭尉檀衣昝闭"
)  # fmt: skip
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "尉迟",
        "夏侯",
        "长孙",
        "宇文",
        "公孙",
        "端木",
        "司徒",
        "西门",
        "南宫",
    ]
)
# After a name: a character from HARD_AFTER always ends it (张鹏|在, 谭待|的); one from
# SOFT_AFTER ends it unless the next characters say otherwise (李先刚|离职 vs 张三|刚才).
HARD_AFTER = frozenset("的在是了和与及对向将从被把让给等也都还就又再所并而但曾已于为则称说表亦仍均即便兼、")
SOFT_AFTER = frozenset("认指透坦告强直回带率担亲此近日刚时年月们个接看到去会能要宣提领获发推介谈感判承补解出任首")
# Characters a given name does not contain (曾|在博客, 于|是).
NOT_IN_GIVEN_NAME = frozenset("的了在是被把将对从向给让等也都还就又再所并而但这那该此其曾已个们")
# Strings that look like names but are words, anonymised names or institutions.
NOT_NAMES = frozenset(
    _words(
        """
        高管 高层 高达 高于 高度 高速 高效 高端 方面 方向 方案 方式 于是 于此 向来 万元 万亿 金额 金融 石油 常态 常规
        安全 文章 文件 成本 成为 成立 成功 成绩 马上 周期 周边 程序 任务 许多 何时 余额 全员 全部 全球 全面 以及 其中
        外界 业内 业界 市场 官方 公司 集团 机构 双方 各方 对方 记者 编辑 作者 知情 人士 分析 有人 他们 我们 她们 大家
        众人 用户 网友 员工 学者 专家 官员 本人 本报 新华 央视 党委 政府 国务院 司长 局长 处长 科长 部长 省长 市长
        县长 区长 主任 书记 院长 校长 所长 董事 经理 总监 教授 博士 先生 女士 老师 同学 同志 师傅 老板 关于 关注 金牌
        黄金 白银 高考 高校 高中 高新 文化 文明 安排 安装 安徽 江苏 江西 江南 江北 黄河 长江 蒙古 蒙古人 汤姆 华人
        华侨 华裔 石头 余下 连续 连接 连同 解决 解释
        """
    )
)  # fmt: skip
# Words before a name that make it a byline or a credit, not a person in the story.
BYLINE_WORDS = ("记者", "通讯员", "编辑", "责编", "撰文", "作者", "摄影", "文/", "图/", "来源", "校对", "审核", "审校")
# Characters and words before a transliterated name that are not part of it (老约翰, 请劳伦斯).
FOREIGN_NAME_STOP = frozenset(
    [
        "老",
        "小",
        "请",
        "叫",
        "称",
        "让",
        "使",
        "令",
        "与",
        "和",
        "及",
        "同",
        "跟",
        "被",
        "由",
        "向",
        "对",
        "总统",
        "总理",
        "首相",
        "国王",
        "女王",
        "王子",
        "公主",
        "上尉",
        "将军",
    ]
)
PSEUDONYM = re.compile(r"[（(]化名[）)]")

# Products.
# Latin-digit tokens that are not products (units, quarters, standards, events, viruses …).
MODEL_STOP = frozenset(
    _words(
        """
        covid-19 pm2.5 pm10 co2 mp3 mp4 h5 top10 top5 top3 top20 top50 top100 no.1 no.2 web3 web3.0 ai2.0 ai1.0 ipv4
        ipv6 usb3.0 pcie4.0 pcie5.0 hbm2 hbm2e hbm3 hbm3e hbm4 ddr4 ddr5 lpddr5 lpddr5x gddr6 gddr6x wifi6 wifi7
        wi-fi6 wi-fi7 iso9001 sars-cov-2 b2b b2c b2g c2m o2o p2p g20 g7 u18 u17 gpt-3.5 sci-fi pre-a pre-ipo
        """
    )
)  # fmt: skip
# After a number, these characters make it a quantity, not a model number (增长590亿, 思元590 is fine).
UNIT_CHARS = frozenset("年月日时分秒万亿元%％个家倍台张块卡人次号岁天周米克度亩份只位名期届款项条股篇部辆吨")
# A Chinese name + number is a product only near one of these (思元590等云端芯片).
HAN_MODEL_CONTEXT = ("芯片", "gpu", "处理器", "模型", "机器人", "手机", "算力", "显卡")
# Words that extend a model name across a space (Claude 3.7 Sonnet, Gemini 1.5 Pro, GPT-4o mini).
MODEL_TAILS = frozenset(
    [
        "pro",
        "max",
        "mini",
        "turbo",
        "plus",
        "ultra",
        "lite",
        "flash",
        "sonnet",
        "opus",
        "haiku",
        "instruct",
        "chat",
        "vision",
        "preview",
        "nano",
        "air",
        "base",
        "large",
        "medium",
        "small",
        "tiny",
        "coder",
        "math",
        "omni",
        "reasoner",
        "thinking",
    ]
)
# Words that make a 《…》 title a product when they touch it (推出《…》, 《…》游戏).
QUOTED_PRODUCT_BEFORE = ("发布", "推出", "上线", "发行", "产品", "应用", "游戏", "app", "智能体", "小程序", "大模型")
QUOTED_PRODUCT_AFTER = ("游戏", "应用", "app", "大模型", "模型", "小程序", "智能体", "软件", "产品", "上线", "发布")
# 《…》 titles ending so are documents, media or rules, whatever touches them.
QUOTED_NOT_PRODUCT_ENDINGS = (
    "报告", "白皮书", "办法", "规定", "条例", "法", "意见", "通知", "方案", "规划", "纲要", "指南", "决定", "报", "刊",
    "杂志", "周刊", "新闻", "论文", "文章", "书", "标准", "公约", "宣言", "协议", "清单", "名单", "目录", "榜", "榜单",
    "计划", "行动", "倡议", "声明", "章程", "要求", "措施", "政策", "评论", "观察", "时报", "日报", "晚报", "周报",
    "财经", "访谈", "对话", "专访", "节目", "纪录片", "研究", "规范", "细则", "守则", "准则", "规则", "法规", "规程",
    "导则", "框架", "通告", "公告", "问题",
)  # fmt: skip
# A 《…》 title next to these is a publication or a report (据《…》, 告诉《…》, 《…》报道).
QUOTED_MEDIA_BEFORE = (
    "据",
    "接受",
    "向",
    "对",
    "告诉",
    "给",
    "和",
    "在",
    "据悉",
    "援引",
    "转引",
    "刊登",
    "刊发",
    "登上",
)
QUOTED_MEDIA_AFTER = (
    "报道", "采访", "获悉", "了解", "记者", "表示", "透露", "策划", "专访", "援引", "统计", "梳理", "发现", "注意到",
    "独家", "指出", "称", "撰文", "刊发", "发表", "一书", "一文", "中", "里", "上",
)  # fmt: skip

# Phrases that never become entities, whatever pattern sees them. tests/extractors/
# test_provisional.py holds the list and more (bylines, agencies, codes) to this promise.
NEVER = frozenset(
    _words(
        """
        该公司 这家公司 这家科技 人工智能 科技 中国科技 大模型 本基金 该基金 产业基金 政府引导基金 引导基金 母基金
        本报讯 新华社 证券代码 证券简称 记者 编辑 金融科技 数字科技 前沿科技 高科技 黑科技 硬科技 具身智能 通用智能
        通用人工智能 超级智能 人形机器人 工业机器人 服务机器人 四足机器人 国家队 国资 产业资本 风险投资 天使投资
        战略投资 股权投资 私募基金 公募基金 美元基金 人民币基金 主权基金 养老基金 对冲基金 天使基金 并购基金 专项基金
        创投基金 投资基金 产业投资基金 人工智能研究院 人工智能实验室 国家实验室 重点实验室 联合实验室 研究院 实验室
        集团 控股 半导体 微电子 创投 资本 基金 智能 机器人 国家集团 中国集团 国家基金 中国基金
        """
    )
)  # fmt: skip

_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
_SPACES = re.compile(r"\s+")
_DOTS = "·・•‧"
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "－": "-", "・": "·", "•": "·", "‧": "·"})


def _alternation(words: Iterable[str]) -> str:
    """A trie-shaped regex for *words*: longest match first (联合创始人 beats 创始人), fast to scan."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_ORG_SUFFIX = re.compile(_alternation(STRONG_SUFFIXES + WEAK_SUFFIXES))
_LEGAL = re.compile(r"有限(?:责任)?公司")  # 股份 before it is checked by hand: an optional prefix slows the scan
_TITLE_NAME = re.compile(
    rf"(?:{_alternation(TITLES)})(?:(?:兼|、|及|和|/)(?:{_alternation(TITLES)}))*"
    r"(?=[ \u3000:：]?(?P<name>[\u3400-\u9fff]{2}|[a-z]+(?: [a-z]+){1,2}(?![a-z])))"
)  # the name is a lookahead, so 董事|会主席 does not hide 主席|蔡崇信
_SPEECH = re.compile(_alternation(SPEECH_VERBS))
_ROLE = re.compile(
    r"(?:由(?P<name>[\u3400-\u9fff]{2,3})(?:联合|共同)?(?:创办|创立|创建|发起|带领|领导|执掌)|在(?P<name2>[\u3400-\u9fff]{2,3})看来)"
)
_SPEECH_FIRST = tuple({v[0] for v in SPEECH_VERBS})
_ADVERBS_2 = frozenset(a for a in SPEECH_ADVERBS if len(a) == 2)
_ADVERBS_1 = frozenset(a for a in SPEECH_ADVERBS if len(a) == 1)
_CHIP_NAME = re.compile(r"[A-Za-z]\d+[A-Za-z]?")
_YEARS_AND_UNITS = re.compile(r"[A-Za-z]{1,2}\d{4}|\d+[A-Za-z]|[A-Za-z]{2,}\d{4,}")
_HAS_SEPARATOR = re.compile(r"[.\-]")
_URL_LIKE = re.compile(r"www|http|\.com|\.cn|\.org", re.I)
_GENERIC_MIDDLE_SET = frozenset(GENERIC_MIDDLE)
_GENERIC_MIDDLE_LENGTHS = sorted({len(w) for w in GENERIC_MIDDLE}, reverse=True)
_TITLE_SET = frozenset(TITLES)
_TITLE_LENGTHS = sorted({len(t) for t in TITLES})
_DOT = re.compile(f"[{_DOTS}]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# Latin words: letters and digits joined by . - _ (Qwen2.5-Max, Character.AI); every Latin pattern
# (company forms, model names, people) starts from this one scan of the text.
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.\-_]*[A-Za-z0-9]|[A-Za-z]")
_VERSION_TOKEN = re.compile(r"[A-Z]{0,2}\d+(?:\.\d+)?[A-Za-z]{0,2}")
_LATIN_ORG_FORMS = frozenset(
    [
        "ai",
        "lab",
        "labs",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "corp",
        "corp.",
        "technologies",
        "robotics",
        "capital",
        "ventures",
        "partners",
    ]
)
_COMPANY_NOUN_BEFORE_LATIN = (
    "公司",
    "企业",
    "创企",
    "独角兽",
    "初创",
    "厂商",
    "机构",
    "实验室",
    "巨头",
    "对手",
    "团队",
)
_HAN_VERSION = re.compile(r"(?<=[\u3400-\u9fff])\d+(?:\.\d+)?[A-Za-z]{0,2}(?![0-9.A-Za-z])")
_MODEL_TAIL = re.compile(r" ([A-Za-z]+)(?![A-Za-z0-9])")
_QUOTED = re.compile(rf"《([^《》\n]{{1,{MAX_QUOTED}}})》")
_EN_GENERIC = frozenset(
    _words(
        """
        generative gen open responsible enterprise edge agentic physical embodied conversational multimodal sovereign
        applied general artificial the our your my this that china chinese global world future new next big ai agi api
        app apps ceo cto coo cfo ipo gpu gpus cpu pc vr ar xr saas paas iaas b2b llm llms aigc ml nlp explainable
        trustworthy safe secure ethical human super private public cloud mobile consumer industrial vertical frontier
        foundation deep research data model models beijing shanghai shenzhen hangzhou hong kong taiwan asia asian
        america american europe european series pre round january february march april may june july august september
        october november december jan feb mar apr jun jul aug sep sept oct nov dec top version phase page figure fig
        table chapter section level stage day week year no vol issue room floor line class type grade size zone area
        part step
        """
    )
)  # fmt: skip


# ── the public surface ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ProvisionalMention:
    """A name the catalogue lacks: ``text[start:end] == surface``.

    ``key`` is the normalised name (:func:`normalise_key`); mentions with the same kind and key
    are one provisional entity, :attr:`entity_id`.
    """

    kind: Kind
    surface: str
    start: int
    end: int
    key: str
    evidence: Evidence

    @property
    def entity_id(self) -> str:
        """The provisional entity's id (:func:`provisional_id`)."""
        return provisional_id(self.kind, self.key)

    @property
    def name(self) -> str:
        """A display name: the surface in Simplified characters, Latin case kept, spaces collapsed."""
        return _SPACES.sub(" ", to_simplified(self.surface)).strip()

    def as_mention(self) -> Mention:
        """The same occurrence as a catalogue-style :class:`~extractors.entities.Mention`."""
        return Mention(self.entity_id, self.surface, self.start, self.end)


def normalise_key(surface: str) -> str:
    """The key provisional mentions are grouped by: folded (Traditional → Simplified, Latin lower
    case, full-width → half-width), dashes and middle dots unified, whitespace collapsed."""
    return _SPACES.sub(" ", fold(surface.translate(_DASHES))).strip()


def provisional_id(kind: Kind, key: str) -> str:
    """A stable id for a provisional entity: ``prov:<kind>:<12 hex digits of blake2b(kind, key)>``.

    Catalogue ids are slugs without a colon, so the two never collide.
    """
    digest = hashlib.blake2b(f"{kind}\x00{key}".encode(), digest_size=6).hexdigest()
    return f"prov:{kind}:{digest}"


def find_provisional(
    text: str, known: Sequence[Mention] = (), *, folded: str | None = None
) -> list[ProvisionalMention]:
    """Names in *text* that the catalogue lacks, each with the evidence that found it.

    Args:
        text: the article text.
        known: the catalogue's mentions in *text* (``Catalogue.tag(text)``); proposals never
            overlap them.
        folded: ``fold(text)``, if the caller has it already.

    Returns:
        Proposals in text order, none overlapping another or a catalogue mention.
    """
    if not text:
        return []
    folded = fold(text) if folded is None else folded
    taken = _Taken(len(text), ((m.start, m.end) for m in known))
    found: list[ProvisionalMention] = []
    banned = {normalise_key(text[max(0, m.start() - n) : m.start()]) for m in PSEUDONYM.finditer(text) for n in (2, 3)}

    def accept(kind: Kind, start: int, end: int, evidence: Evidence) -> None:
        if start >= end or not taken.free(start, end):
            return
        key = normalise_key(text[start:end])
        if key not in NEVER and key not in banned:
            taken.claim(start, end)
            found.append(ProvisionalMention(kind, text[start:end], start, end, key, evidence))

    for finder in (_latin, _orgs_legal, _orgs_suffix, _people, _products):
        for kind, start, end, evidence in finder(text, folded, taken):
            accept(kind, start, end, evidence)
    _repeats(folded, found, accept)
    found.sort(key=lambda m: m.start)
    return found


# ── word knowledge ────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Lexicon:
    """What the patterns need from jieba's dictionary (words of 2–4 characters)."""

    freq: dict[str, int]  # words at least NAME_FOLLOW_FREQ frequent, not tagged as names
    names: frozenset[str]  # words jieba tags as personal names (nr, nrt, nrfg)

    def knows(self, word: str) -> bool:
        return word in self.freq or word in self.names


@cache
def _lexicon() -> _Lexicon:
    """jieba's dictionary, reduced to what the patterns ask (read once per process, lazily).

    Words rarer than :data:`NAME_FOLLOW_FREQ` are left out (190k of them, ~20 MB): to the
    patterns they are as good as unknown, which makes a stem look coined (面壁, 46) — the
    evaluation scores the same with and without them.
    """
    freq: dict[str, int] = {}
    names: set[str] = set()
    with (resources.files("jieba") / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, count, tag = line.split(" ", 2)
            if not 2 <= len(word) <= MAX_DICT_WORD:
                continue
            if tag.startswith("nr"):
                names.add(word)
            elif (f := int(count)) >= NAME_FOLLOW_FREQ:
                freq[word] = f
    return _Lexicon(freq, frozenset(names))


def _is_common(word: str, threshold: int | None = None) -> bool:
    """Is *word* a dictionary word at least *threshold* (default :data:`COMMON_FREQ`) frequent, not a name?"""
    return _lexicon().freq.get(word, 0) >= (COMMON_FREQ if threshold is None else threshold)


class _Taken:
    """Character positions already claimed by a catalogue mention or an accepted proposal."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]]) -> None:
        self.mask = bytearray(size)
        self.ends: set[int] = set()
        for start, end in spans:
            self.claim(start, end)

    def claim(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)
        self.ends.add(end)

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) < 0


Candidate = tuple[Kind, int, int, Evidence]


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _han_run_start(folded: str, end: int, limit: int, taken: _Taken) -> int:
    """Where the run of Han characters ending at *end* begins (at most *limit* back, not into a mention)."""
    start = end
    while start > 0 and end - start < limit and _is_han(folded[start - 1]) and taken.mask[start - 1] == 0:
        start -= 1
    return start


def _left_tokens(folded: str, lo: int, end: int) -> Iterator[tuple[int, str]]:
    """Backward maximum matching over ``folded[lo:end]``: (start, class) per token, right to left.

    Classes: ``stop`` (a delimiter word, a generic or common word, a function character),
    ``place``, ``word`` (a rare dictionary word or a name: may be part of a name) and ``char``
    (a character that starts no dictionary word here: coined names are made of these).
    """
    lexicon = _lexicon()
    pos = end
    while pos > lo:
        for n in range(min(MAX_WORD, pos - lo), 1, -1):
            word = folded[pos - n : pos]
            if word in PLACES:
                cls = "place"
            elif word in DELIMITER_WORDS or word in GENERIC_STEMS:
                cls = "stop"
            elif word in lexicon.names:
                cls = "word"
            elif word in lexicon.freq:
                cls = "stop" if lexicon.freq.get(word, 0) >= COMMON_FREQ or _compound_of_common(word) else "word"
            else:
                continue
            pos -= n
            yield pos, cls
            break
        else:
            pos -= 1
            yield pos, "stop" if folded[pos] in STOP_CHARS else "char"


def _compound_of_common(word: str) -> bool:
    """Is a rare dictionary word just two common words (规划设计 = 规划 + 设计)?"""
    return len(word) >= 3 and any(_is_common(word[:i]) and _is_common(word[i:]) for i in range(2, len(word) - 1))


# ── organisations ─────────────────────────────────────────────────────────────────────────


def _orgs_suffix(text: str, folded: str, taken: _Taken) -> Iterator[Candidate]:
    """…科技 / …资本 / …基金 organisations, the stem found by backward segmentation."""
    suffixes = STRONG_SUFFIXES + WEAK_SUFFIXES
    for match in _ORG_SUFFIX.finditer(folded):
        s, e = match.span()
        if folded.startswith(suffixes, e) or not _org_ends(folded, e) or not taken.free(s, e):
            continue  # 智能|科技 (the later suffix decides), 科技|股, 智能|体
        lo = _han_run_start(folded, s, MAX_ORG_RUN, taken)
        strong = match.group() in STRONG_SUFFIXES
        if (legal := _legal_name_start(folded, lo, s, e)) is not None:
            yield _with_legal(folded, legal, e)  # 北京光年之外科技有限公司: the legal form is the evidence
            continue
        if match.group() in ("实验室", "研究院") and (lab := _university_lab(folded, lo, s)) is not None:
            yield _with_legal(folded, lab, e)  # 清华大学知识工程实验室
            continue
        stem_end = _strip_generic(folded, lo, s)
        start, stem_start, before, coined = _stem_before(folded, lo, stem_end)
        stem = folded[stem_start:stem_end]
        if lo > 0 and folded[lo - 1].isdigit() and start - lo <= 1:
            continue  # 2024年|外币基金, 3家|科技: a quantity or a date, not a name
        if stem_end - stem_start < MIN_STEM and start == stem_start:
            # no stem by segmentation; a short run between punctuation may still be one:
            # 、顺为资本 (为 is a function character), 和五源资本 (五 a numeral), 、华山资本、 (a place)
            bounded = _bounded_stem(folded, lo, stem_end, e, taken)
            if bounded is not None and (strong or folded.startswith(ORG_CONTEXT_AFTER, e)):
                yield _with_legal(folded, bounded, e)
            continue
        if stem_start == stem_end:
            if strong and start < stem_start and stem_end < s:  # 上海人工智能实验室: place + generic words
                yield _with_legal(folded, start, e)
            continue
        if not _stem_ok(stem):
            continue
        generic_head = folded.startswith(("公司", "企业", "行业", "领域", "板块", "赛道", "产业"), e)
        if (
            strong
            or (
                (coined and not generic_head)  # 特专科技公司, 硬科技企业: a kind of company, not one
                or start < stem_start
                or before in COMPANY_NOUNS
                or folded.startswith(ORG_CONTEXT_AFTER, e)
                or folded.count(folded[start:e]) >= 2
            )
        ):
            yield _with_legal(folded, start, e)


def _bounded_stem(folded: str, lo: int, end: int, e: int, taken: _Taken) -> int | None:
    """The start of a 2–4 character stem that fills the run between a hard boundary and *end*."""
    if lo > 0 and ((_is_han(folded[lo - 1]) and not taken.mask[lo - 1]) or folded[lo - 1].isdigit()):
        return None  # the run was cut by length (not by punctuation or a mention), or follows a number
    start = lo + 1 if folded[lo : lo + 1] in ("和", "与", "及", "的") else lo
    stem = folded[start:end]
    if not MIN_STEM <= len(stem) <= MAX_STEM or any(ch in NOT_IN_STEM for ch in stem):
        return None
    if (
        stem in GENERIC_STEMS
        or stem in PLACES
        or stem in NEVER
        or stem[0] in "这那该本其此各每某多几数诸另全整首第年月日"
    ):
        return None
    if _is_common(stem) and "、" not in (folded[lo - 1 : lo], folded[e : e + 1]):
        return None  # a common word names an organisation only in a list of them: 、华山资本、
    if any(_is_common(stem[i:j]) for i in range(len(stem)) for j in range(i + 2, len(stem) + 1) if j - i < len(stem)):
        return None  # 避免|走上 集团: a phrase of common words
    return start


def _legal_name_start(folded: str, lo: int, s: int, e: int) -> int | None:
    """Where a legal name starts: place + name before a suffix that a legal form follows
    (北京|光年之外|科技有限公司), or a whole short run between punctuation (，摩尔线程智能科技（北京）有限责任公司)."""
    if _with_legal(folded, s, e)[3] != "org_legal":
        return None
    start = lo
    for pos, cls in _left_tokens(folded, lo, s):
        if cls == "place":
            start = pos
            break
    else:
        if lo > 0 and _is_han(folded[lo - 1]):
            return None  # the run was cut by length: no clear start
    name = folded[start:s]
    for place in sorted((p for p in PLACES if name.startswith(p)), key=len, reverse=True)[:1]:
        name = name[len(place) :].removeprefix("市").removeprefix("省")
    if not 2 <= len(name) <= 8 or any(ch in NOT_IN_STEM for ch in name):
        return None
    if name[:2] in GENERIC_STEMS or name[:2] in PLACES or name[0] in "这那该本其此各每某多几一两数诸另全整首第":
        return None
    return start


def _university_lab(folded: str, lo: int, s: int) -> int | None:
    """The start of "<university>大学<…>实验室/研究院", or None."""
    at = folded.rfind("大学", lo, s)
    if at < 0 or s - at - 2 > 8 or any(ch in NOT_IN_STEM for ch in folded[at + 2 : s]):
        return None
    start = at
    for pos, cls in _left_tokens(
        folded, lo, at
    ):  # 脱胎于|清华 大学: the word before 大学 (even a common one), and a place
        if at - pos > 6 or (start < at and cls != "place"):
            break
        start = pos
    return start if at - start >= 2 and folded[start] not in STOP_CHARS else None


def _org_ends(folded: str, e: int) -> bool:
    """Does an organisation name end at *e* (not 科技|创新, 智能|手机, 资本|市场)?"""
    nxt = folded[e : e + 1]
    return (
        not nxt
        or not _is_han(nxt)
        or nxt in ORG_FOLLOW_CHARS
        or folded[e : e + 2] in ORG_FOLLOW_WORDS
        or folded.startswith("有限公司", e)
    )


def _strip_generic(folded: str, lo: int, end: int) -> int:
    """Move *end* left over generic middle words (人工智能, 产业, 投资 …), longest first."""
    moved = True
    while moved:
        moved = False
        for n in _GENERIC_MIDDLE_LENGTHS:
            if end - n >= lo and folded[end - n : end] in _GENERIC_MIDDLE_SET:
                end -= n
                moved = True
                break
    return end


def _stem_before(folded: str, lo: int, end: int) -> tuple[int, int, str, bool]:
    """The name stem ending at *end*: (start with any place name, stem start, word before, coined?).

    The stem is the trailing run of ``word``/``char`` tokens, at most :data:`MAX_STEM`
    characters, optionally opened by a place name; it is *coined* when it holds no dictionary
    word (澜舟, 生数: a strong sign of a name).
    """
    stem_start, coined, before, place_start = end, True, "", None
    for start, cls in _left_tokens(folded, lo, end):
        if cls == "place":
            place_start = start
            break
        if cls == "stop" or end - start > MAX_STEM:
            before = folded[start:stem_start] if cls == "stop" else ""
            break
        coined = coined and cls == "char"
        stem_start = start
    else:
        before = folded[lo - 1] if lo > 0 else ""
    return (stem_start if place_start is None else place_start), stem_start, before, coined


def _stem_ok(stem: str) -> bool:
    """Can *stem* be the distinctive part of a name?"""
    if len(stem) < MIN_STEM or stem in GENERIC_STEMS or stem in PLACES or stem in NEVER:
        return False
    if stem[0] in "这那该本其此各每某多几一两数诸另全整首第":
        return False
    return not _is_common(stem)


def _with_legal(folded: str, start: int, end: int) -> Candidate:
    """The organisation, extended over a legal form after it (…科技有限公司, …科技（北京）有限公司)."""
    at = end + 2 if folded.startswith("股份", end) else end
    legal = _LEGAL.match(folded, at)
    if legal is None and folded[end : end + 1] in ("（", "("):
        close = folded.find("）" if folded[end] == "（" else ")", end, end + 6)
        if close > 0 and folded[end + 1 : close] in PLACES:
            legal = _LEGAL.match(folded, close + 1)
    return ("org", start, legal.end() if legal else end, "org_legal" if legal else "org_suffix")


def _orgs_legal(text: str, folded: str, taken: _Taken) -> Iterator[Candidate]:
    """Legal names without one of the suffixes: place + name + …有限公司."""
    suffixes = {*STRONG_SUFFIXES, *WEAK_SUFFIXES}
    for match in _LEGAL.finditer(folded):
        s = match.start() - 2 if folded.endswith("股份", 0, match.start()) else match.start()
        if (
            s <= 0
            or taken.mask[s - 1]
            or folded[max(0, s - 3) : s] in suffixes
            or folded[max(0, s - 2) : s] in suffixes
        ):
            continue  # after a mention, or the suffix finder extends it
        lo = _han_run_start(folded, s, MAX_ORG_RUN, taken)
        run = folded[lo:s]
        for n in (3, 2):
            if run[:n] in PLACES and len(run) - n >= MIN_STEM and _stem_ok(run[n : n + 2]):
                yield ("org", lo, match.end(), "org_legal")
                break


def _latin(text: str, folded: str, taken: _Taken) -> Iterator[Candidate]:
    """Everything Latin, from one scan of the words: company forms (Mistral AI, Character.AI),
    a company noun + name (AI公司Perplexity), model names (GLM-4, MTT S4000, Step-Audio) and
    names before a speech verb (Sam Altman表示)."""
    tokens = [m for m in _LATIN_TOKEN.finditer(text) if not _glued(text, m.start(), m.end())]
    for i, m in enumerate(tokens):
        word, start, end = m.group(), m.start(), m.end()
        lower = word.lower()
        if len(word) < 2 or (
            (word.isalpha() and lower not in _LATIN_ORG_FORMS and text[end : end + 1] not in (" ", *_SPEECH_FIRST))
            and not folded.endswith(_COMPANY_NOUN_BEFORE_LATIN, 0, start - (text[start - 1 : start] == " "))
        ):
            continue  # a plain word: nothing after it makes it a name, nothing before it either
        if lower in _LATIN_ORG_FORMS and i > 0:  # Mistral AI, Thinking Machines Lab, Acme Inc.
            first = _capitalised_run(text, tokens, i - 1, separators=" -.")
            if first is not None and tokens[first].group().lower() not in _EN_GENERIC:
                yield (
                    "org",
                    tokens[first].start(),
                    end + (text[end : end + 1] == "." and lower in ("inc", "ltd", "corp")),
                    "org_latin",
                )
                continue
        if "." in word or "-" in word:  # Character.AI, CAMEL-AI
            head, _, tail = word.rpartition("." if "." in word else "-")
            if tail.lower() == "ai" and head[:1].isupper() and head.lower() not in _EN_GENERIC:
                yield ("org", start, end, "org_latin")
                continue
        if folded.endswith(_COMPANY_NOUN_BEFORE_LATIN, 0, start - (text[start - 1 : start] == " ")) and _name_like(
            word
        ):
            last = _capitalised_run_forward(text, tokens, i)  # AI搜索公司Perplexity, 研究和咨询公司CCS Insight
            name = text[start : tokens[last].end()]
            if name.lower() not in _EN_GENERIC and not (name.isupper() and len(name) <= 3):
                yield ("org", start, tokens[last].end(), "org_after_noun")
                continue
        if _CHIP_NAME.fullmatch(word):  # H20, A100: chips (or robots) only in their context
            if _chip_context(folded, start):
                yield ("product", start, _model_tail(text, end), "product_model")
            continue
        if _model_token(word):
            yield ("product", start, _model_tail(text, end), "product_model")
            continue
        if word[:1].isupper() and word.isalpha() and lower not in _EN_GENERIC and text[end : end + 1] == " ":
            version = _VERSION_TOKEN.match(text, end + 1)  # Llama 3.1, MTT S4000, Hailuo 02
            if (
                version
                and not _glued(text, version.start(), version.end())
                and any(ch.isdigit() for ch in version.group())
                and _model_context(folded, start, version.end())
            ):
                yield ("product", start, _model_tail(text, version.end()), "product_model")
                continue
        if "-" in word and not any(ch.isdigit() for ch in word):  # Step-Audio, Yi-Lightning
            parts = word.split("-")
            if (
                all(p[:1].isupper() for p in parts)
                and parts[0].lower() not in _EN_GENERIC
                and _model_context(folded, start, end)
            ):
                yield ("product", start, end, "product_model")
                continue
        after = folded[end : end + 3].lstrip()
        if i > 0 and after.startswith(SPEECH_VERBS) and word[:1].isupper():  # Sam Altman表示
            first = _capitalised_run(text, tokens, i - 1, separators=" ")
            while first is not None and first < i and tokens[first].group().lower() in _EN_GENERIC:
                first += 1  # OpenAI CEO Sam Altman表示: the title is not the name
            if first is not None and 1 <= i - first <= 2 and all(t.group().isalpha() for t in tokens[first : i + 1]):
                yield ("person", tokens[first].start(), end, "person_speech")


def _glued(text: str, start: int, end: int) -> bool:
    """Is a Latin word part of something longer (5G, user@host, a/b/c, www.x.com)?"""
    before, after = text[start - 1 : start], text[end : end + 1]
    return (before != "" and (before.isascii() and (before.isalnum() or before in "@/_.-"))) or after in ("@", "/", "_")


def _name_like(word: str) -> bool:
    return word[:1].isupper() or any(ch.isupper() for ch in word[1:])


def _capitalised_run(text: str, tokens: list[re.Match[str]], last: int, separators: str) -> int | None:
    """Index of the first of up to three capitalised words ending at tokens[last], joined by one separator."""
    if not _name_like(tokens[last].group()) or text[tokens[last].end() : tokens[last + 1].start()] not in tuple(
        separators
    ):
        return None
    first = last
    while (
        first > 0
        and last - first < 2
        and text[tokens[first - 1].end() : tokens[first].start()] == " "
        and tokens[first - 1].group()[:1].isupper()
    ):
        first -= 1
    return first


def _capitalised_run_forward(text: str, tokens: list[re.Match[str]], first: int) -> int:
    last = first
    while (
        last + 1 < len(tokens)
        and last - first < 2
        and text[tokens[last].end() : tokens[last + 1].start()] == " "
        and tokens[last + 1].group()[:1].isupper()
    ):
        last += 1
    return last


# ── people ────────────────────────────────────────────────────────────────────────────────


def _people(text: str, folded: str, taken: _Taken) -> Iterator[Candidate]:
    """Title + name, name + speech verb, transliterated and Latin names in those places."""
    for match in _TITLE_NAME.finditer(folded):
        s = match.start("name")
        if _in_byline(folded, match.start()):
            continue
        if folded[s].isascii():
            raw = text[s : match.end("name")]
            if all(w[0].isupper() for w in raw.split()) and raw.split()[0].lower() not in _EN_GENERIC:
                yield ("person", s, match.end("name"), "person_title")
            continue
        if any(d in folded[s : s + 6] for d in _DOTS):
            continue  # the transliterated-name finder takes it
        length = _name_length(folded, s)
        while length:  # 联合创始人周昕宇、吴育昕: the list goes on
            yield ("person", s, s + length, "person_title")
            s += length + 1
            length = _name_length(folded, s) if folded[s - 1 : s] in ("和", "、", "与", "及") else 0
    for match in _SPEECH.finditer(folded):
        v = match.start()
        if v >= 2 and folded[v - 2 : v] in _ADVERBS_2:  # 李开复此前表示
            v -= 2
        elif v >= 1 and folded[v - 1] in _ADVERBS_1:  # 王小川也表示
            v -= 1
        for length in (3, 2):
            s = v - length
            if s < 0 or (folded[s] not in SURNAMES and folded[s : s + 2] not in COMPOUND_SURNAMES):
                continue
            if _name_left_boundary(folded, s, taken) and _name_length(folded, s, end=v) == length:
                if not _in_byline(folded, s):
                    yield ("person", s, v, "person_speech")
                break
    for match in _ROLE.finditer(folded):  # 由陈天石创办, 在罗娟看来
        e = match.end("name") if match.group("name") else match.end("name2")
        for length in (3, 2):
            if _name_length(folded, e - length, end=e) == length and not _in_byline(folded, e - length):
                yield ("person", e - length, e, "person_speech")
                break
    yield from _foreign_names(folded)


def _name_length(folded: str, s: int, end: int | None = None) -> int:
    """The length of the Chinese personal name starting at *s* (surname + 1–2 characters), or 0.

    With *end*, the name must end exactly there (the speech pattern knows where the verb is).
    Otherwise the characters after decide: a hard stop (的, 在, 表示 …) after two characters
    makes a two-character name; a word starting after three makes a three-character one.
    """
    if folded[s : s + 2] in COMPOUND_SURNAMES:
        surname = 2
    elif folded[s : s + 1] in SURNAMES:
        surname = 1
    else:
        return 0
    if end is not None:
        length = end - s
        if not surname + 1 <= length <= surname + 2:
            return 0
    else:
        p = s + surname + 1  # just after a one-character given name
        if _ends_name(folded, p, hard=True):
            length = surname + 1
        elif _is_han(folded[p : p + 1]) and _ends_name(folded, p + 1, hard=False):
            length = surname + 2
        elif folded[p : p + 1] in SOFT_AFTER:
            length = surname + 1
        else:
            return 0
    name = folded[s : s + length]
    given = name[surname:]
    if not all(map(_is_han, name)) or name in NOT_NAMES or any(ch in NOT_IN_GIVEN_NAME for ch in given):
        return 0
    if name[-1] in "某氏" or _is_common(name, 20) or _is_common(name[:2]) or _is_common(name[1:3], 5000):
        return 0
    return length


def _ends_name(folded: str, p: int, *, hard: bool) -> bool:
    """Can a name end at *p*: end of text, non-Han, a function character, or a common word starting there?"""
    nxt = folded[p : p + 1]
    if not nxt or not _is_han(nxt) or nxt in HARD_AFTER:
        return True
    if _is_common(folded[p : p + 2], NAME_FOLLOW_FREQ if hard else COMMON_FREQ) or folded.startswith(SPEECH_VERBS, p):
        return True
    return not hard and nxt in SOFT_AFTER


def _name_left_boundary(folded: str, s: int, taken: _Taken) -> bool:
    """Can a name start at *s* before a speech verb: after punctuation, a mention, a title, 据 or 和?"""
    if s == 0 or s in taken.ends or not _is_han(folded[s - 1]) or folded[s - 1] in "据和与及、":
        return True
    return any(folded[s - n : s] in _TITLE_SET for n in _TITLE_LENGTHS)


def _in_byline(folded: str, s: int) -> bool:
    window = folded[max(0, s - 6) : s]
    return any(w in window for w in BYLINE_WORDS)


def _foreign_names(folded: str) -> Iterator[Candidate]:
    """Transliterated names (萨姆·奥尔特曼), cut at titles and common words on either side."""
    names = _lexicon().names
    done = 0
    for dot in _DOT.finditer(folded):
        d = dot.start()
        if d < done or not _is_han(folded[d - 1 : d] or " ") or not _is_han(folded[d + 1 : d + 2] or " "):
            continue
        first_lo = d
        while first_lo > 0 and d - first_lo < 12 and _is_han(folded[first_lo - 1]):
            first_lo -= 1
        for n in _TITLE_LENGTHS:  # OpenAI首席执行官|萨姆
            for at in range(d - n, first_lo - 1, -1):
                if folded[at : at + n] in _TITLE_SET:
                    first_lo = max(first_lo, at + n)
                    break
        start = d
        for pos, cls in _left_tokens(folded, first_lo, d):
            word = folded[pos:start]
            if d - pos > MAX_FOREIGN_PART or word in FOREIGN_NAME_STOP:
                break
            if cls != "char" and word not in names:
                break  # 祖母|劳拉, 上尉|埃迪: a word, not part of the name
            start = pos
        end = _foreign_part_end(folded, d + 1)
        if folded[end : end + 1] in _DOTS and _is_han(folded[end + 1 : end + 2] or " "):
            end = _foreign_part_end(folded, end + 1)  # 三个部分: 玛丽·安·埃文斯
        done = end
        if start == d or end <= d + 1 or _inside_title_marks(folded, start):
            continue
        if _in_byline(folded, start) or folded.startswith(("记者", "通讯员"), end):
            continue
        yield ("person", start, end, "person_title")


def _inside_title_marks(folded: str, at: int) -> bool:
    """Is *at* inside 《…》 (a book or programme title, not a person)?"""
    opened = folded.rfind("《", max(0, at - MAX_QUOTED * 2), at + 1)
    return opened >= 0 and folded.find("》", opened, at) < 0


def _foreign_part_end(folded: str, lo: int) -> int:
    """Where the part of a transliterated name starting at *lo* ends (a name word, or up to 5 characters)."""
    lexicon = _lexicon()
    hi = lo
    while hi < len(folded) and hi - lo < 12 and _is_han(folded[hi]):
        hi += 1
    for n in range(min(MAX_WORD, hi - lo), 1, -1):
        if folded[lo : lo + n] in lexicon.names:
            return lo + n
    pos = lo
    while pos < hi and pos - lo < MAX_FOREIGN_PART:
        if folded[pos] in HARD_AFTER or folded[pos] in SOFT_AFTER or _is_common(folded[pos : pos + 2]):
            break
        pos += 1
    return pos


# ── products ──────────────────────────────────────────────────────────────────────────────


def _products(text: str, folded: str, taken: _Taken) -> Iterator[Candidate]:
    """Chinese names with a model number (思元590) and 《…》 titles touching product words.

    Latin model names come from :func:`_latin`.
    """
    yield from _han_models(folded, taken)
    for match in _QUOTED.finditer(folded):
        title = match.group(1)
        if not title.strip() or title.endswith(QUOTED_NOT_PRODUCT_ENDINGS):
            continue
        before = folded[max(0, match.start() - 4) : match.start()]
        after = folded[match.end() : match.end() + 4]
        if before.endswith(QUOTED_MEDIA_BEFORE) or after.startswith(QUOTED_MEDIA_AFTER):
            continue
        if before.rstrip("了的款")[-3:].endswith(QUOTED_PRODUCT_BEFORE) or after.startswith(QUOTED_PRODUCT_AFTER):
            yield ("product", match.start(1), match.end(1), "product_quoted")


def _han_models(folded: str, taken: _Taken) -> Iterator[Candidate]:
    """A Chinese product name with a model number (思元590, 天玑9400, 昇腾910B) near product words."""
    if not any(w in folded for w in HAN_MODEL_CONTEXT):
        return
    lexicon = _lexicon()
    for match in _HAN_VERSION.finditer(folded):
        s, e = match.span()
        if folded[e : e + 1] in UNIT_CHARS or (len(match.group()) == 4 and match.group()[:2] in ("19", "20")):
            continue
        window = folded[max(0, s - 12) : e + 12]
        if not any(w in window for w in HAN_MODEL_CONTEXT) or _is_common(folded[e : e + 2]):
            continue  # 降至5|美元: a quantity
        lo = _han_run_start(folded, s, MAX_STEM + 2, taken)
        start, stem_start, _, _ = _stem_before(folded, lo, s)
        stem = folded[stem_start:s]
        if start != stem_start or not 2 <= len(stem) <= 3 or not _stem_ok(stem):
            continue
        if stem not in lexicon.names and any(
            lexicon.knows(stem[i:j]) for i in range(len(stem)) for j in range(i + 2, len(stem) + 1)
        ):
            continue  # a dictionary word before a number is a verb or a noun (降至, 超过), not a product name
        yield ("product", stem_start, e, "product_model")


def _model_token(token: str) -> bool:
    """Is *token* shaped like a model or chip name (letters and digits, not a unit or a code)?"""
    letters = sum(ch.isalpha() for ch in token)
    if letters < 2 or not any(ch.isdigit() for ch in token) or token.lower() in MODEL_STOP:
        return False
    if _YEARS_AND_UNITS.fullmatch(token):
        return False  # FY2024-style years, 5G-like units, account numbers
    if token.islower() and letters > 5 and not _HAS_SEPARATOR.search(token):
        return False  # shenhuxi39: a handle, not a model
    return not _URL_LIKE.search(token)


def _model_tail(text: str, end: int) -> int:
    """Extend a model name over version words after a space (Claude 3.7 Sonnet, GPT-4o mini)."""
    while (tail := _MODEL_TAIL.match(text, end)) and tail.group(1).lower() in MODEL_TAILS:
        end = tail.end()
    return end


def _chip_context(folded: str, at: int) -> bool:
    window = folded[max(0, at - 20) : at + 20]
    return any(
        w in window
        for w in ("芯片", "gpu", "显卡", "算力卡", "加速卡", "英伟达", "nvidia", "辉达", "训练卡", "推理卡", "机器人")
    )


def _model_context(folded: str, start: int, end: int) -> bool:
    window = folded[max(0, start - 12) : end + 12]
    return any(w in window for w in ("模型", "开源", "发布", "推出", "版本", "参数", "model"))


# ── repeats ───────────────────────────────────────────────────────────────────────────────


def _repeats(folded: str, found: list[ProvisionalMention], accept: Callable[[Kind, int, int, Evidence], None]) -> None:
    """Every other standalone occurrence of an accepted name is a mention of it too."""
    first: dict[str, Kind] = {}
    for mention in found:
        first.setdefault(folded[mention.start : mention.end], mention.kind)
    for surface, kind in first.items():
        at = folded.find(surface)
        while at >= 0:
            if _standalone(folded, at, at + len(surface), kind):
                accept(kind, at, at + len(surface), "repeat")
            at = folded.find(surface, at + 1)


def _standalone(folded: str, s: int, e: int, kind: Kind) -> bool:
    """Is ``folded[s:e]`` a word of its own (not inside a longer Latin word or a longer name)?"""
    before, after = folded[s - 1 : s], folded[e : e + 1]
    if _LATIN_CHAR.match(folded[s]) and before and (_LATIN_CHAR.match(before) or before in ".-"):
        return False
    if _LATIN_CHAR.match(folded[e - 1]) and after and (_LATIN_CHAR.match(after) or after in ".-"):
        return False
    if kind == "person" and _is_han(folded[e - 1]):
        return _ends_name(folded, e, hard=False)
    return True
