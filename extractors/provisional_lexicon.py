"""The provisional-entity finders' lexicon: word lists, the patterns built from them, jieba's dictionary.

Precision in :mod:`extractors.provisional` comes from what the finders know about words:
organisation suffixes and the generic words around them, places, titles, speech verbs,
surnames, stop words, model-name tails, and the phrases that never become entities
(:data:`NEVER`). That knowledge is data, curated by reading proposals on real text, so it
lives here, apart from the finders' logic, with the tuned thresholds that go with it.
jieba's dictionary is reduced to what the finders ask and loaded lazily, once per process
(:func:`jieba_lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.entities import trie_regex


def _words(block: str) -> list[str]:
    """The whitespace-separated words of a lexicon block."""
    return block.split()


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
# A stem that opens with a degree word describes (通往更强智能的路径, 最懂科技); it does not name.
DEGREE_WORDS = frozenset("更最较越很超极")
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


# ── patterns built from the lexicons ──────────────────────────────────────────────────────

DOTS = "·・•‧"


ORG_SUFFIX = re.compile(trie_regex(STRONG_SUFFIXES + WEAK_SUFFIXES))
LEGAL = re.compile(r"有限(?:责任)?公司")  # 股份 before it is checked by hand: an optional prefix slows the scan
TITLE_NAME = re.compile(
    rf"(?:{trie_regex(TITLES)})(?:(?:兼|、|及|和|/)(?:{trie_regex(TITLES)}))*"
    r"(?=[ \u3000:：]?(?P<name>[\u3400-\u9fff]{2}|[a-z]+(?: [a-z]+){1,2}(?![a-z])))"
)  # the name is a lookahead, so 董事|会主席 does not hide 主席|蔡崇信
SPEECH = re.compile(trie_regex(SPEECH_VERBS))
ROLE = re.compile(
    r"(?:由(?P<name>[\u3400-\u9fff]{2,3})(?:联合|共同)?(?:创办|创立|创建|发起|带领|领导|执掌)|在(?P<name2>[\u3400-\u9fff]{2,3})看来)"
)
SPEECH_FIRST = tuple({v[0] for v in SPEECH_VERBS})
ADVERBS_2 = frozenset(a for a in SPEECH_ADVERBS if len(a) == 2)
ADVERBS_1 = frozenset(a for a in SPEECH_ADVERBS if len(a) == 1)
CHIP_NAME = re.compile(r"[A-Za-z]\d+[A-Za-z]?")
YEARS_AND_UNITS = re.compile(r"[A-Za-z]{1,2}\d{4}|\d+[A-Za-z]|[A-Za-z]{2,}\d{4,}")
HAS_SEPARATOR = re.compile(r"[.\-]")
URL_LIKE = re.compile(r"www|http|\.com|\.cn|\.org", re.I)
GENERIC_MIDDLE_SET = frozenset(GENERIC_MIDDLE)
GENERIC_MIDDLE_LENGTHS = sorted({len(w) for w in GENERIC_MIDDLE}, reverse=True)
TITLE_SET = frozenset(TITLES)
TITLE_LENGTHS = sorted({len(t) for t in TITLES})
DOT = re.compile(f"[{DOTS}]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# Latin words: letters and digits joined by . - _ (Qwen2.5-Max, Character.AI); every Latin pattern
# (company forms, model names, people) starts from this one scan of the text.
LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.\-_]*[A-Za-z0-9]|[A-Za-z]")
VERSION_TOKEN = re.compile(r"[A-Z]{0,2}\d+(?:\.\d+)?[A-Za-z]{0,2}")
LATIN_ORG_FORMS = frozenset(
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
COMPANY_NOUN_BEFORE_LATIN = (
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
HAN_VERSION = re.compile(r"(?<=[\u3400-\u9fff])\d+(?:\.\d+)?[A-Za-z]{0,2}(?![0-9.A-Za-z])")
MODEL_TAIL = re.compile(r" ([A-Za-z]+)(?![A-Za-z0-9])")
QUOTED = re.compile(rf"《([^《》\n]{{1,{MAX_QUOTED}}})》")
EN_GENERIC = frozenset(
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


# ── word knowledge ────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Lexicon:
    """What the patterns need from jieba's dictionary (words of 2–4 characters)."""

    freq: dict[str, int]  # words at least NAME_FOLLOW_FREQ frequent, not tagged as names
    names: frozenset[str]  # words jieba tags as personal names (nr, nrt, nrfg)

    def knows(self, word: str) -> bool:
        return word in self.freq or word in self.names


@cache
def jieba_lexicon() -> Lexicon:
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
    return Lexicon(freq, frozenset(names))


def is_common(word: str, threshold: int | None = None) -> bool:
    """Is *word* a dictionary word at least *threshold* (default :data:`COMMON_FREQ`) frequent, not a name?"""
    return jieba_lexicon().freq.get(word, 0) >= (COMMON_FREQ if threshold is None else threshold)
