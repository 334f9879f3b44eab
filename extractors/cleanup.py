"""Chinese-page clean-up after extraction: small named rules, applied in order.

Each rule takes the article's lines (and title) and returns the lines to
keep. They remove what trafilatura rightly keeps as text but a reader does
not count as the article: a title repeated inside the body, 原标题/来源/
责任编辑/发布于 lines and datelines (``2005-04-27 14:32更新 来源：…``; an
interviewer's 记者：… question stays), a site's legal notice after its
版权与免责声明： heading, copyright and 本文来自/不代表…立场 footers, share, QR
and WeChat-account prompts and widget labels (分享：, - 评论, 朋友圈), an end
marker (— 完 —) and the promotion after it, an editor credit glued to a
paragraph (…。（编辑：陈政伟）1131025), trailing 相关阅读 lists, and forum chrome
(Discuz and the like) around a post. Rules match on the folded text
(:func:`extractors.normalise.fold`), so Traditional pages are cleaned by the
same patterns.

Rules only touch *short* lines (``SHORT_LINE`` characters or fewer) unless
the rule is about a whole tail or block, so an article sentence that happens
to contain 来源 or 版权 is never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.normalise import fold

# Lines longer than this are prose, not chrome. 60 Han characters ≈ two sentences.
SHORT_LINE = 60
# Footer notices can run long; in the last lines they may be up to twice SHORT_LINE.
FOOTER_LINES = 3
# A related-links heading only ends the article in its last part (a 相关阅读 box mid-text is rare).
RELATED_TAIL_SHARE = 0.4
# Lines that mark a forum page; three or more switch the forum rule on.
FORUM_MARKERS = re.compile(
    r"^(发表于|只看该作者|楼主|沙发|板凳|地板|使用道具|举报|回复|本帖最后由|您需要 ?登录|立即注册|找回密码|QQ登录|快速回复|"
    r"返回顶部|返回列表|本版积分规则|查看[:：] ?\d+|\[复制链接\]|Powered by Discuz|GMT\+8|热搜[:：]|只需一步|页[:：] ?\[\d+\]|"
    r"Rank[:：]|积分$|主题$|帖子$|超级版主|管理员|显示全部楼层|阅读模式|本帖子中包含更多资源)"
)
# Footer fragments that mark a forum or portal page wherever they stand in a line.
FORUM_FOOTER = re.compile(r"(ICP备\d|\|Archiver|QQ\|小黑屋|Powered by Discuz|手机版\|)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_META = re.compile(
    r"^[（(【\[]?\s*(原标题|(?:文章|新闻|信息|本文|稿件)?来源|稿源|责任编辑|责编|编辑|校对|审核|作者|记者|撰文|文|图|图片来源|题图|排版|出品)"
    r"\s*[:：|丨｜/]"
    r"|^\S{1,12}\s*发自\s*\S{1,12}$"  # 梦晨 发自 凹非寺
    r"|^(发布于|发表于|编辑于|更新于)\s*\d|IP\s*属地"
)
# A 记者：/作者： line that is a sentence is an interviewer's question or a quote, not a byline.
_INTERVIEW = re.compile(r"^[（(【\[]?\s*(记者|作者|主持人|撰文|文)\s*[:：].*[。？！?!]")
# A byline or dateline: a date, a label (来源, 更新, 评论 …) and no sentence punctuation.
_DATELINE_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_DATELINE_LABEL = re.compile(r"来源|稿源|作者|编辑|发布(?:时间|日期|于)|发表|更新|浏览|阅读|点击|评论|字号|时间[:：]")
_SENTENCE_MARK = re.compile(r"[，。！？；,;!?]")
_COPYRIGHT = re.compile(
    r"(版权声明|未经授权|未经允许|禁止转载|不得转载|转载请注明|版权所有|版权归.*所有|本文为.*原创|不(代表|表明).{0,12}(观点|立场)|免责声明|"
    r"Copyright|授权发布|本文转载自|本文来自|有异议或投诉|务经书面授权)",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"(扫码关注|点击关注|长按(识别)?二维码|扫描二维码|分享到|关注我们|点击上方|点个在看|喜欢就点|转发给|加入.*社群|下载.*APP|"
    r"[|｜]\s*公众号|公众号\s*(ID|[A-Za-z])|点亮星标|一键三连|欢迎在评论区|头条号签约|打印本页|关闭窗口|订阅.{0,12}(电子报|邮件|电邮)|"
    r"分享让更多人|分享功能|一键分享|点击右上角|仅供其表达个人看法)",
    re.IGNORECASE,
)
# A line made only of widget labels: 分享：, 字号 A+ A-, - 评论, 朋友圈, 微博 QQ空间, 评论 139.
_WIDGET_WORDS = ("分享到", "分享", "字号", "字级", "字体", "打印", "收藏", "评论", "关注", "举报", "点赞", "朋友圈", "微信好友",
                 "微信", "微博", "QQ空间", "QQ好友", "复制链接", "返回顶部", "A+", "A-")  # fmt: skip
_WIDGET_SEP = r"[\s\-–—·•|｜:：\d()（）]*"
_WIDGET = re.compile(
    "^" + _WIDGET_SEP + "(?:(?:" + "|".join(map(re.escape, _WIDGET_WORDS)) + ")" + _WIDGET_SEP + ")+$", re.IGNORECASE
)
# A heading that starts the site's legal notice (版权与免责声明：, 反侵权公告：); what follows it is the notice.
_NOTICE_HEADING = re.compile(r"^[【\[]?.{0,12}(版权|免责|侵权).{0,6}(声明|公告|说明)[】\]]?[:：]?$")
# An editor credit glued to a paragraph is within its last this-many characters.
CREDIT_CHARS = 40
# A line that ends the story: — 完 —, -END-, （完）. What follows it is promotion.
_END_MARKER = re.compile(r"^[\s\-—–_=·•*|]*[（(【\[]?\s*(完|END|End|end|The End|全文完)\s*[）)】\]]?[\s\-—–_=·•*|]*$")
# An editor credit glued to the end of the last paragraph: …仍需时间。（编辑：陈政伟）1131025
_TRAILING_CREDIT = re.compile(r"[（(](责任编辑|编辑|编译|校对|审校|责编)[:：][^）)]{1,16}[）)]\s*\d*\s*$")
_RELATED = re.compile(
    r"^[【\[]?(相关阅读|推荐阅读|延伸阅读|相关推荐|猜你喜欢|热门推荐|相关文章|更多精彩|往期回顾)[】\]]?[:：]?$"
)
_NOISE = re.compile(r"^[\d.,万千wWkK|\s:：/-]+$")  # counters like "2万", "176325", "查看: 343|回复: 0"

Rule = Callable[[list[str], str | None], list[str]]


def _short(line: str) -> bool:
    return len(line) <= SHORT_LINE


def repeated_title(lines: list[str], title: str | None) -> list[str]:
    """Drop body lines that repeat the title (seed 000 carries it three times)."""
    if not title:
        return lines
    key = fold(title.strip())
    # fold() keeps lengths, so only lines as long as the title can repeat it
    return [ln for ln in lines if len(ln.strip()) != len(key) or fold(ln.strip()) != key]


def _meta_line(line: str) -> bool:
    """A 原标题/来源/责任编辑 … line, or a dateline (``2005-04-27 14:32更新 来源：千龙新闻网``)."""
    if not _short(line):
        return False
    folded = fold(line.strip())
    if _META.search(folded):
        return not _INTERVIEW.match(folded)
    return bool(_DATELINE_DATE.search(folded) and _DATELINE_LABEL.search(folded) and not _SENTENCE_MARK.search(folded))


def meta_lines(lines: list[str], title: str | None) -> list[str]:
    """Drop 原标题/来源/责任编辑/编辑/校对 … lines and datelines; keep an interviewer's 记者：… questions."""
    return [ln for ln in lines if not _meta_line(ln)]


def copyright_footer(lines: list[str], title: str | None) -> list[str]:
    """Drop 版权声明 / 未经授权禁止转载 / 本文来自… footers (up to twice the short-line length in the last lines)."""
    tail = len(lines) - FOOTER_LINES
    return [
        ln for i, ln in enumerate(lines)
        if not ((_short(ln) or (i >= tail and len(ln) <= 2 * SHORT_LINE)) and _COPYRIGHT.search(fold(ln)))
    ]  # fmt: skip


def share_prompts(lines: list[str], title: str | None) -> list[str]:
    """Drop 扫码关注 / 点击关注 / 分享到 prompts and lines of widget labels (分享：, - 评论, 朋友圈)."""
    return [ln for ln in lines if not (_short(ln) and (_SHARE.search(f := fold(ln)) or _WIDGET.match(f)))]


def _cut_in_tail(lines: list[str], marks: Callable[[str], bool]) -> list[str]:
    """Cut at the first line that *marks* the end, if it stands in the last part of the text (counted in characters)."""
    total = sum(map(len, lines)) or 1
    before = 0
    for i, ln in enumerate(lines):
        if marks(ln) and before / total >= 1 - RELATED_TAIL_SHARE:
            return lines[:i]
        before += len(ln)
    return lines


def end_marker(lines: list[str], title: str | None) -> list[str]:
    """Cut at a — 完 — / -END- line in the last part of the text, with the promotion after it."""
    return _cut_in_tail(lines, lambda ln: bool(_END_MARKER.match(ln)))


def trailing_credit(lines: list[str], title: str | None) -> list[str]:
    """Strip an editor credit glued to the end of a paragraph: …。（编辑：陈政伟）1131025 (any script)."""
    out = []
    for ln in lines:
        end = ln[-CREDIT_CHARS:]  # the credit is at the end; fold only that
        m = _TRAILING_CREDIT.search(fold(end))
        kept = (ln[: len(ln) - len(end) + m.start()].rstrip()) if m else ln
        if kept:
            out.append(kept)
    return out


def related_list(lines: list[str], title: str | None) -> list[str]:
    """Cut a trailing 相关阅读/推荐阅读 heading and the list after it (measured in characters: link lists are many short lines)."""
    return _cut_in_tail(lines, lambda ln: _short(ln) and bool(_RELATED.match(fold(ln.strip()))))


def legal_notice(lines: list[str], title: str | None) -> list[str]:
    """Cut a 版权与免责声明：/反侵权公告： heading in the last part of the text, with the notice after it."""
    return _cut_in_tail(lines, lambda ln: _short(ln) and bool(_NOTICE_HEADING.match(fold(ln.strip()))))


def forum_chrome(lines: list[str], title: str | None) -> list[str]:
    """On forum pages, keep the post: drop marker lines, counters and the chrome before the first post line."""
    markers = sum(1 for ln in lines if FORUM_MARKERS.match(ln.strip()))
    if markers < 3:
        return lines

    def chrome(ln: str) -> bool:
        ln = ln.strip()
        scrap = len(ln) <= 2 and not _HAN.search(ln)  # "x" left by an attachment icon
        return bool(FORUM_MARKERS.match(ln) or FORUM_FOOTER.search(ln) or scrap or (_short(ln) and _NOISE.match(ln)))

    kept = [ln for ln in lines if not chrome(ln)]
    # Before the post: a run of very short navigation lines (找回密码, 搜索, …); the post starts at the first long line.
    start = next((i for i, ln in enumerate(kept) if len(ln) > 20), 0)
    body = kept[start:]
    tail = next((i for i in range(len(body) - 1, -1, -1) if len(body[i]) > 20), len(body) - 1)
    return body[: tail + 1]


RULES: tuple[tuple[str, Rule], ...] = (
    ("repeated_title", repeated_title),
    ("meta_lines", meta_lines),
    ("legal_notice", legal_notice),  # before copyright_footer, which would take the notice's heading
    ("copyright_footer", copyright_footer),
    ("share_prompts", share_prompts),
    ("end_marker", end_marker),
    ("trailing_credit", trailing_credit),
    ("related_list", related_list),
    ("forum_chrome", forum_chrome),
)


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and how many lines each rule removed."""

    text: str
    removed: dict[str, int] = field(default_factory=dict)


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """Apply every rule in order; blank lines are dropped and paragraphs kept one per line."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    removed: Counter[str] = Counter()
    for name, rule in RULES:
        kept = rule(lines, title)
        removed[name] += len(lines) - len(kept)
        lines = kept
    return Cleaned("\n".join(lines), {k: v for k, v in removed.items() if v})
