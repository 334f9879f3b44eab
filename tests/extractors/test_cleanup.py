"""Each clean-up rule on its own, then all of them on the seeds that need them."""

import pytest

from extractors.cleanup import (
    clean_text,
    copyright_footer,
    end_marker,
    forum_chrome,
    meta_lines,
    related_list,
    repeated_title,
    share_prompts,
    trailing_credit,
)

PROSE = "智谱AI宣布完成新一轮融资，本轮由多家机构参与，资金将用于大模型研发和商业化，来源于公司公告的数据显示收入翻倍。"


def test_repeated_title_any_script_or_width():
    lines = ["智谱AI完成融资", PROSE, "智譜AI完成融資", PROSE]
    assert repeated_title(lines, "智谱AI完成融资") == [PROSE, PROSE]


@pytest.mark.parametrize(
    "line", ["原标题：智谱AI完成融资", "来源：36氪", "责任编辑：王五", "编辑 | 李四", "校对：张三", "文/赵六"]
)
def test_meta_lines(line):
    assert meta_lines([line, PROSE], None) == [PROSE]


def test_meta_words_inside_prose_are_kept():
    assert meta_lines([PROSE], None) == [PROSE]  # "来源于" inside a long sentence stays


@pytest.mark.parametrize(
    "line", ["© 版权声明", "本文为原创文章，未经授权禁止转载。", "文章版权归作者所有,未经允许请勿转载。"]
)
def test_copyright_footer(line):
    assert copyright_footer([PROSE, line], None) == [PROSE]


@pytest.mark.parametrize(
    "line", ["扫码关注我们的公众号", "点击关注，第一时间获取资讯", "分享到：微信 微博", "长按识别二维码"]
)
def test_share_prompts(line):
    assert share_prompts([PROSE, line], None) == [PROSE]


def test_related_list_is_cut_only_at_the_tail():
    tail = [PROSE] * 4 + ["相关阅读", "大模型价格战", "AI芯片新规"]
    assert related_list(tail, None) == [PROSE] * 4
    early = ["推荐阅读", PROSE, PROSE, PROSE, PROSE, PROSE]
    assert related_list(early, None) == early


def test_forum_chrome_keeps_the_post():
    page = ["找回密码", "立即注册", "QQ登录", "查看: 343|回复: 0", "[复制链接]", "2万", "主题", "Rank: 8", "发表于 2024-10-11 16:54:49",
            PROSE, "大模型完全是闭着眼睛，关在小黑屋里。", "点评", PROSE, "x", "回复", "使用道具", "举报",
            "QQ|小黑屋|手机版|Archiver|机械荟萃山庄 ( 辽ICP备16011317号-1 )"]  # fmt: skip
    assert forum_chrome(page, None) == [PROSE, "大模型完全是闭着眼睛，关在小黑屋里。", "点评", PROSE]


def test_forum_rule_needs_forum_evidence():
    lines = ["回复", PROSE]  # one marker is not a forum page
    assert forum_chrome(lines, None) == lines


def test_seeds(seeds_dir):
    def clean(seed: str):
        title, _, body = next(seeds_dir.glob(f"{seed}_*.txt")).read_text(encoding="utf-8").partition("\n")
        return clean_text(body, title.strip())

    assert clean("000").removed == {"repeated_title": 2}  # the title stood in the body twice more
    forum = clean("003")
    assert forum.removed["forum_chrome"] >= 25
    assert "只看该作者" not in forum.text and "Discuz" not in forum.text and "找回密码" not in forum.text
    assert forum.text.startswith("国产大模型「六小虎」里") and "小黑屋里。" in forum.text
    assert clean("001").removed == {} and clean("004").removed == {}  # clean articles are left alone


def test_end_marker_cuts_the_promotion_after_it():
    lines = [PROSE] * 4 + ["— 完 —", "点亮星标，科技前沿进展每日见", "欢迎在评论区留下你的想法！"]
    assert end_marker(lines, None) == [PROSE] * 4
    early = ["-END-", PROSE, PROSE, PROSE]  # a marker at the top is not the end of the story
    assert end_marker(early, None) == early


def test_trailing_credit_in_either_script():
    assert trailing_credit([PROSE + "（編輯：陳政偉）1131025"], None) == [PROSE]
    assert trailing_credit([PROSE + "(责任编辑:王五)"], None) == [PROSE]
    assert trailing_credit(["他说（编辑部正在核实）这一消息属实。"], None) == ["他说（编辑部正在核实）这一消息属实。"]


@pytest.mark.parametrize(
    "line",
    [
        "本文来自微信公众号：硅星人Pro (ID：Si-Planet)，作者：周一笑",
        "本内容为作者独立观点，不代表虎嗅立场。未经允许不得转载，授权事宜请联系 hezuo@huxiu.com",
        "Copyright ©1999-2025 chinanews.com. All Rights Reserved",
        "本網站所刊載信息，不代表中新社觀點。",
    ],
)
def test_attribution_and_stance_footers(line):
    assert copyright_footer([PROSE, PROSE, line], None) == [PROSE, PROSE]


@pytest.mark.parametrize(
    "line",
    ["梦晨 发自 凹非寺", "发布于 2025-05-31 04:11・IP 属地北京", "（原标题：Kimi深度研究功能上线）", "文｜王方玉"],
)
def test_more_meta_lines(line):
    assert meta_lines([line, PROSE], None) == [PROSE]


@pytest.mark.parametrize(
    "line", ["量子位 | 公众号 QbitAI", "一键三连「点赞」「转发」「小心心」", "【打印本页】 【关闭窗口】"]
)
def test_more_share_prompts(line):
    assert share_prompts([PROSE, line], None) == [PROSE]


def test_a_sentence_about_a_wechat_account_is_kept():
    sentence = "他在公众号发文称，公司将继续投入大模型研发。"
    assert share_prompts([sentence], None) == [sentence]
