"""What the offices record of their own work: the rows of 组织推动情况 and 帮扶和精准执法情况 in attachment 4 of
兴国县高兴镇 高府发〔2023〕14号 (the 调度表), the meetings of 江西应急管理简报 2024年第20期 and the publicity and
training of 兴安办〔2024〕80号."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkKind(models.TextChoices):
    # 安委会会议: the county safety committee studies and dispatches at least once a quarter (简报 2024年第20期 二).
    COMMITTEE_MEETING = "committee_meeting", _("Safety committee meeting")
    # 安委办会议: its office at least once a month (简报 2024年第20期 二).
    OFFICE_MEETING = "office_meeting", _("Safety committee office meeting")
    # 组织专题学习安全生产十五条硬措施 (高府发〔2023〕14号 三（三）1、2).
    FIFTEEN_MEASURES_STUDY = "fifteen_measures_study", _("Study of the fifteen hard measures")
    # 主要负责同志专题研究 (高府发〔2023〕14号 三（三）2).
    PRINCIPAL_STUDY = "principal_study", _("Study session led by the principal leader")
    # 负责同志现场督导检查: the principal leader at least once (高府发〔2023〕14号 三（三）2).
    FIELD_SUPERVISION = "field_supervision", _("On-site supervision by leaders")
    # 县安委会成员单位负责同志到企业宣讲 (高府发〔2023〕14号 三（三）2): names the enterprise visited.
    BRIEFING = "briefing", _("Briefing at an enterprise")
    # 执法人员专题培训: by the end of June (高府发〔2023〕14号 三（二）2); people are 人次.
    STAFF_TRAINING = "staff_training", _("Training of enforcement staff")
    # 组织开展考核巡查督导检查 (高府发〔2023〕14号 三（三）8).
    ASSESSMENT_INSPECTION = "assessment_inspection", _("Assessment patrol and supervisory inspection")
    # 重点帮扶乡镇区指导: names the town guided.
    TOWN_GUIDANCE = "town_guidance", _("Guidance of a key town")
    # 约谈通报有关乡镇区 (高府发〔2023〕14号 三（二）5): names the town.
    TOWN_ADMONITION = "town_admonition", _("Admonition or notice of a town")
    # 责任倒查追责问责 (高府发〔2023〕14号 三（二）5): people are the persons held accountable.
    ACCOUNTABILITY = "accountability", _("Accountability traced back")
    # 宣传报道/专栏: 20 columns, 100 units publicised (兴安办〔2024〕80号 二（三）1).
    PUBLICITY = "publicity", _("Publicity report or column")
    # 群众性培训: 千人培训 (兴安办〔2024〕80号 二（四）2); people are 人次.
    MASS_TRAINING = "mass_training", _("Training of the public")


# Kinds that count people, and those that must say how many (人次 trained, persons held accountable).
PEOPLE_KINDS = (WorkKind.STAFF_TRAINING, WorkKind.MASS_TRAINING, WorkKind.ACCOUNTABILITY)
PEOPLE_REQUIRED = (WorkKind.STAFF_TRAINING, WorkKind.ACCOUNTABILITY)
# Kinds that name the town concerned, and the kind that names the enterprise visited.
TOWN_KINDS = (WorkKind.TOWN_GUIDANCE, WorkKind.TOWN_ADMONITION)
ENTERPRISE_KINDS = (WorkKind.BRIEFING,)

# What the notices ask, shown under the kind when it is chosen.
KIND_NOTES = {
    WorkKind.COMMITTEE_MEETING: _("At least once a quarter."),
    WorkKind.OFFICE_MEETING: _("At least once a month."),
    WorkKind.STAFF_TRAINING: _("By the end of June (高府发〔2023〕14号 三（二）2); give the number trained (人次)."),
    WorkKind.ACCOUNTABILITY: _("Give the number of persons held accountable."),
    WorkKind.PUBLICITY: _("20 columns and 100 units publicised (兴安办〔2024〕80号)."),
    WorkKind.MASS_TRAINING: _("千人培训 (兴安办〔2024〕80号): give the number trained (人次)."),
}


class InspectorKind(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")  # 专职
    PART_TIME = "part_time", _("Part-time")  # 兼职
