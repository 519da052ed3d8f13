"""The quality rules as data (录入质量提示): which phrases say nothing, and what each flag tells the person.

A text is vague when, after removing the phrases below and the filler words, fewer than `min_chars`
characters remain and it names no number or measure (3处, 两具, 500元, 10米 …): 存在隐患, 已整改,
按要求整改, 加强管理 and their kin tell nobody where, what, who or when. Phrases are regular expressions,
tried in order; the first one found is quoted in the message. Messages are msgids (the UI is translated);
their Chinese is in anjian/locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import FlagCode

# Phrases that say nothing concrete, whatever the record (the wording of ledgers that get sent back).
VAGUE_PHRASES: tuple[str, ...] = (
    r"存在(安全|事故|一定的?|较大的?|重大|一些|部分)?(隐患|问题|风险)",
    r"有(安全)?隐患",
    r"(安全)?隐患(较多|突出|严重|不少)",
    r"已(经)?(整改|处理|落实|解决|修复|排除|消除)(完毕|到位|完成|好了?)?",
    r"(按|按照|根据)(要求|规定|标准|规范|上级要求)(进行)?(整改|落实|处理)(到位|完毕)?",
    r"(立即|马上|尽快|及时|限期|督促|责令|抓紧)(进行)?(整改|处理|解决|落实)(到位|完毕)?",
    r"整改(到位|完毕|完成|结束)",
    r"加强(安全|日常|现场|安全生产|监督|隐患排查)?(管理|教育|培训|巡查|检查|监管|防范|排查|意识)",
    r"(注意|确保|保证|保障)(生产)?安全",
    r"提高(安全|防范)?意识",
    r"落实(安全生产|安全)?(主体)?责任(制)?",
    r"(严格|认真)(落实|执行|管理|要求|整改)",
    r"(引起|高度)重视",
    r"安全(意识)?(淡薄|不强|不到位|较差)",
    r"管理(不到位|不规范|不严|混乱|松散)",
    r"(安全)?措施不到位",
    r"(加以|予以)?(整改|纠正)",
)

# Words that add no content of their own; removed before the remaining characters are counted.
FILLER_WORDS: tuple[str, ...] = (
    "进行", "做好", "工作", "相关", "方面", "情况", "问题", "目前", "各项", "一切", "全面", "认真", "切实",
    "到位", "完毕", "完成", "进一步", "确保", "的", "了", "和", "及", "与", "并", "等", "已", "将", "对",
    "把", "要", "请", "需", "该", "此", "其",
)  # fmt: skip

# A number, or a Chinese numeral with a measure word: the plan says how many, how much, how far.
NUMBER = re.compile(
    r"[0-9０-９]|[一二三四五六七八九十两百千万]+\s*"
    r"(个|具|台|套|处|条|米|名|人|次|天|日|周|月|元|吨|根|块|只|盏|部|间|层|组|份|项|辆|栋|座|平方)"
)


@dataclass(frozen=True)
class TextRule:
    """The vagueness test of one kind of text, the flag it raises and what the flag says."""

    code: str
    min_chars: int  # fewer content characters than this (and no number) is too little to act on
    with_phrase: Promise  # %(phrase)s: the vague phrase found
    too_short: Promise


TEXT_RULES: dict[str, TextRule] = {
    "description": TextRule(
        FlagCode.VAGUE_DESCRIPTION,
        5,
        _("The description says only “%(phrase)s”: write where, which installation and what is wrong."),
        _("The description is too short to say where, which installation and what is wrong."),
    ),
    "measures": TextRule(
        FlagCode.VAGUE_MEASURES,
        6,
        _("The measures say only “%(phrase)s”: write what will be done, by whom and by when."),
        _("The measures are too short to say what will be done, by whom and by when."),
    ),
    "progress": TextRule(
        FlagCode.VAGUE_PROGRESS,
        4,
        _("The note says only “%(phrase)s”: write what was done and what it achieved."),
        _("The note is too short to say what was done and what it achieved."),
    ),
    # A campaign task's account of progress (进展情况): the same vague phrases, said of the task.
    "account": TextRule(
        FlagCode.VAGUE_PROGRESS,
        4,
        _("The account says only “%(phrase)s”: write what was done, how many units and what it achieved."),
        _("The account is too short to say what was done, how many units and what it achieved."),
    ),
}

MESSAGES: dict[str, Promise] = {
    "plan_no_funds": _("The plan gives no funds: enter the amount in yuan (0 when the fix costs nothing)."),
    "plan_no_deadline": _("The plan gives no deadline."),
    "deadline_past": _("The deadline %(date)s is already past."),
    "deadline_far": _("The deadline %(date)s is more than a year away: split the work into stages or state why."),
    "photo_other_hazard": _("This photo is the same as a photo of hazard No. %(number)s: it may be reused."),
    "photo_other_record": _("This photo is the same as a photo of another record (%(record)s): it may be reused."),
    "photo_same_hazard": _("The %(kind)s photo is the same as this hazard's %(other)s photo."),
    "repeated_hazard": _(
        "Similar to open hazard No. %(number)s of this unit, “%(text)s”: check it is not registered twice."
    ),
}

# A deadline further than this from today is flagged: a plan is staged, not open-ended.
FAR_DEADLINE_DAYS = 365
# Two descriptions whose word sets overlap this much (Jaccard) repeat each other.
REPEAT_SIMILARITY = 0.6
# The open hazards of one unit compared with a new one, newest first (a bound, not a sample).
REPEAT_CANDIDATES = 200
