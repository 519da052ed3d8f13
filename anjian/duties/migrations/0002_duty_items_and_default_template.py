"""The rule table as the notice states it: the ten periodic duties of the principal, 十个一次 (兴国县高兴镇
高府发〔2023〕14号 三（一）1), and the principal's check during the campaign (三（一）3), in force from May to
December 2023 (四、整治步骤); and the default template of the principal's duty report (一报告、双签字), which says
it is a default. The county office edits both; a revised list is new data, not code."""

import datetime as dt

from django.db import migrations

SOURCE = "高府发〔2023〕14号 三（一）1"
# code, name (the notice's wording), frequency, frequency for high-risk units, the notice's sentence
DUTY_ITEMS = [
    ("review_meeting", "主持召开一次安全生产工作讲评会", "month", "month", "每月主持召开一次安全生产工作讲评会"),
    (
        "hazard_check",
        "对本单位重大事故隐患排查整治情况检查1次",
        "quarter",
        "month",
        "每季度至少对本单位重大事故隐患排查整治情况检查 1 次（高危行业领域企业每月至少 1 次）",
    ),
    ("study", "主持研究一次安全生产工作", "quarter", "quarter", "每季度……至少主持研究一次安全生产工作"),
    ("lecture", "给员工上一次安全生产辅导课", "half_year", "half_year", "每半年至少给员工上一次安全生产辅导课"),
    (
        "summary_meeting",
        "主持召开一次安全生产总结表彰动员会",
        "year",
        "year",
        "每年至少主持召开一次安全生产总结表彰动员会",
    ),
    ("congress_report", "向职代会作一次安全生产工作述职", "year", "year", "每年至少……向职代会作一次安全生产工作述职"),
    (
        "responsibility_letters",
        "组织签订一次全员岗位安全生产责任书（员工承诺书）",
        "year",
        "year",
        "每年至少……组织签订一次全员岗位安全生产责任书（员工承诺书）",
    ),
    ("contest", "组织一次安全生产知识技能竞赛", "year", "year", "每年至少……组织一次安全生产知识技能竞赛"),
    ("drill", "组织一次安全生产应急救援演练", "year", "year", "每年至少……组织一次安全生产应急救援演练"),
    ("training", "组织一次安全生产知识技能培训", "year", "year", "每年至少……组织一次安全生产知识技能培训"),
]
CAMPAIGN_ITEM = (
    "campaign_check",
    "带队全面检查重大事故隐患排查整治情况",
    "quarter",
    "month",
    "专项排查整治期间，高危行业企业主要负责人每月至少1次、其他行业企业主要负责人每季度至少1次带队全面检查重大事故隐患排查整治情况"
    "（专项排查整治从2023年5月至2023年12月，四、整治步骤）",
)
DEFAULT_TEMPLATE = {
    "name": "主要负责人履职报告（默认模板）",
    "period": "quarter",
    "sections": ["本期履行安全生产职责情况（“十个一次”）", "重大事故隐患排查整治情况", "存在的问题及下步措施"],
    "signatories": ["主要负责人", "安全生产管理负责人"],
    "note": "默认模板：信安办字〔2022〕30号、高府发〔2023〕14号要求落实“一报告、双签字”制度，但未规定报告的内容、"
    "周期和签字人。本模板的章节、签字人和周期由平台预设，县安委办可以修改。",
}


def load(apps, schema_editor):
    DutyItem = apps.get_model("duties", "DutyItem")
    ReportTemplate = apps.get_model("duties", "ReportTemplate")
    for order, (code, name, frequency, high_risk, sentence) in enumerate(DUTY_ITEMS, start=1):
        DutyItem.objects.get_or_create(
            code=code,
            defaults={"name": name, "cite": SOURCE, "frequency": frequency, "high_risk_frequency": high_risk,
                      "order": order, "note": sentence},
        )  # fmt: skip
    code, name, frequency, high_risk, sentence = CAMPAIGN_ITEM
    DutyItem.objects.get_or_create(
        code=code,
        defaults={"name": name, "cite": "高府发〔2023〕14号 三（一）3", "frequency": frequency,
                  "high_risk_frequency": high_risk, "order": len(DUTY_ITEMS) + 1, "note": sentence,
                  "active_from": dt.date(2023, 5, 1), "active_until": dt.date(2023, 12, 31)},
    )  # fmt: skip
    if not ReportTemplate.objects.filter(is_default=True).exists():
        ReportTemplate.objects.create(is_default=True, **DEFAULT_TEMPLATE)


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
