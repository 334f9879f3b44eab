"""Line rules for bylines, datelines, widget labels and legal notices (through clean_text)."""

import pytest

from extractors.cleanup import clean_text

PROSE = "百川智能发布医疗大模型，称其在多项临床问答测试中超过了同类产品，并计划年内与十家医院开展合作试点。"


def _kept(*lines: str) -> list[str]:
    return clean_text("\n".join(lines)).text.split("\n")


def test_an_interviewers_question_is_not_a_byline():
    question = "记者：你们的模型什么时候向个人开发者开放？"
    assert _kept(question, PROSE) == [question, PROSE]
    assert _kept("记者：王五 李四", PROSE) == [PROSE]  # a byline still goes


@pytest.mark.parametrize(
    "line",
    [
        "文章来源：某某新闻网",
        "信息来源： 某某日报",
        "2005-04-27 14:32更新 来源：某某新闻网",
        "http://biz.example.cn　2005-04-25 08:24:06　来源: 某某日报　网友评论 0 条",
        "| 2024-05-10 09:00 | 浏览次数：1024 |",
    ],
)
def test_source_and_datelines_go(line):
    assert _kept(line, PROSE) == [PROSE]


def test_a_dateline_goes_but_a_short_sentence_with_a_date_stays():
    sentence = "2024年5月10日，公司发布了新模型。"
    assert _kept("2024-05-10 09:00 来源：某某网", sentence, PROSE) == [sentence, PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "分享：",
        "- 评论",
        "- 关注",
        "朋友圈",
        "字级：",
        "评论 139",
        "微博 QQ空间 微信",
        "分享让更多人看到",
        "点击右上角微信好友",
    ],
)
def test_widget_labels_go(line):
    assert _kept(PROSE, line, PROSE) == [PROSE, PROSE]


def test_a_comment_box_disclaimer_goes():
    assert _kept(PROSE, "网友评论仅供其表达个人看法，并不表明本站立场。") == [PROSE]


def test_a_legal_notice_is_cut_with_its_heading():
    notice = [
        "本网版权与免责声明：",
        "① 凡本网注明“来源：本网”的所有作品，版权均属于本网，违者必究。",
        "③ 如因作品内容、版权和其它问题需要同本网联系的，请在30日内进行。",
    ]
    assert _kept(PROSE, PROSE, PROSE, *notice) == [PROSE, PROSE, PROSE]
    assert _kept(PROSE, PROSE, "反侵权公告：", "未经书面许可，擅自转载本报社作品的，将涉嫌侵犯著作权人合法权益。") == [
        PROSE,
        PROSE,
    ]
