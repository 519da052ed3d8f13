"""The kinds of 安全生产执法文书, in one table: each kind's name, its code in the number and its layout.

A number reads 〔county〕〔department〕〔code〕〔year〕sequence号, e.g. 兴应急责改〔2026〕12号 for the twelfth
责令限期整改指令书 of 兴国县应急管理局 in 2026: each kind runs its own sequence per department and year
(documents.py). The texts are the printed form's own words (Chinese, like the form); `basis` is the
default legal basis and decision, which the officer may replace when issuing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import DocumentKind

# The notice of remedies printed on every decision (行政复议法: 60 日; 行政诉讼法: 6 个月).
REMEDY = (
    "如不服本{title}，可以依法在六十日内向{government}或者上一级主管部门申请行政复议，或者在六个月内依法向"
    "{court}提起行政诉讼，但本{title}不停止执行，法律另有规定的除外。"
)


@dataclass(frozen=True)
class KindSpec:
    code: str  # 文书代字 in the number
    title: str  # 文书名称, printed as the document's heading
    facts_heading: str  # what introduces the facts found
    basis: str  # the default legal basis and decision
    unit_line: str  # the unit's signature line
    deadline: bool = False  # whether the document sets a deadline (整改期限), required then
    remedy: bool = False  # whether it is a decision that can be appealed
    visit_signature: bool = False  # whether it is the visit record the representative signed on site


KINDS: dict[str, KindSpec] = {
    DocumentKind.INSPECTION_RECORD: KindSpec(
        code="检记",
        title="现场检查记录",
        facts_heading="检查情况：",
        basis="以上情况经被检查单位现场负责人核对无误。",
        unit_line="被检查单位现场负责人（签名）",
        visit_signature=True,
    ),
    DocumentKind.RECTIFICATION_ORDER: KindSpec(
        code="责改",
        title="责令限期整改指令书",
        facts_heading="经查，你单位存在下列问题：",
        basis=(
            "依据《中华人民共和国安全生产法》第六十五条第一款第（二）项、第（三）项的规定，现责令你单位对上述问题"
            "限期整改完毕，达到有关法律、法规、规章和国家标准或者行业标准规定的要求。整改期间，你单位应当采取措施，"
            "确保安全生产。对安全生产违法行为，将依法予以行政处罚。"
        ),
        unit_line="被检查单位负责人（签名）",
        deadline=True,
        remedy=True,
    ),
    DocumentKind.REVIEW_OPINION: KindSpec(
        code="复查",
        title="整改复查意见书",
        facts_heading="经对你单位整改情况进行复查，提出如下意见：",
        basis="经复查，上述问题已整改完毕，符合有关法律、法规、规章和国家标准或者行业标准规定的要求。",
        unit_line="被复查单位负责人（签名）",
    ),
    DocumentKind.ON_SITE_MEASURE: KindSpec(
        code="现决",
        title="现场处理措施决定书",
        facts_heading="本机关在现场检查中，发现你单位存在下列安全生产违法行为或者事故隐患：",
        basis=(
            "依据《中华人民共和国安全生产法》第六十五条第一款第（三）项的规定，现作出如下现场处理决定：责令立即"
            "排除事故隐患；事故隐患排除前或者排除过程中无法保证安全的，从危险区域内撤出作业人员，暂时停产停业或者"
            "停止使用相关设施、设备。"
        ),
        unit_line="被检查单位负责人（签名）",
        remedy=True,
    ),
    DocumentKind.PENALTY_NOTICE: KindSpec(
        code="罚告",
        title="行政处罚告知书",
        facts_heading="经查，你单位存在下列违法行为：",
        basis=(
            "以上事实违反了《中华人民共和国安全生产法》的有关规定。本机关拟依法对你单位作出行政处罚。依据《中华人民"
            "共和国行政处罚法》第四十四条、第四十五条的规定，你单位有权进行陈述和申辩；符合听证条件的，有权要求听证。"
        ),
        unit_line="被处罚单位负责人（签名）",
    ),
    DocumentKind.PENALTY_DECISION: KindSpec(
        code="罚",
        title="行政处罚决定书",
        facts_heading="经查，你单位存在下列违法行为：",
        basis=(
            "以上事实违反了《中华人民共和国安全生产法》的有关规定，依据《中华人民共和国安全生产法》的有关规定，"
            "决定给予行政处罚。罚款限于收到本决定书之日起十五日内缴至指定银行；逾期不缴纳的，每日按罚款数额的"
            "百分之三加处罚款。"
        ),
        unit_line="被处罚单位负责人（签名）",
        remedy=True,
    ),
    DocumentKind.SUSPENSION_ORDER: KindSpec(
        code="停整",
        title="责令停产停业整顿决定书",
        facts_heading="经查，你单位存在下列安全生产违法行为：",
        basis=(
            "依据《中华人民共和国安全生产法》的有关规定，现责令你单位停产停业整顿。整顿期间不得从事生产经营活动；"
            "整顿完毕经审查同意后，方可恢复生产经营。"
        ),
        unit_line="被处罚单位负责人（签名）",
        deadline=True,
        remedy=True,
    ),
    DocumentKind.REFERRAL_LETTER: KindSpec(
        code="移",
        title="涉嫌犯罪案件移送书",
        facts_heading="经查，下列单位或者人员涉嫌犯罪：",
        basis=(
            "依据《行政执法机关移送涉嫌犯罪案件的规定》，现将本案移送你单位审查。涉嫌罪名依照《中华人民共和国刑法》"
            "有关规定（含第一百三十四条之一 危险作业罪）认定。"
        ),
        unit_line="接收单位（签名）",
    ),
}


def spec(kind: str) -> KindSpec:
    return KINDS[kind]
