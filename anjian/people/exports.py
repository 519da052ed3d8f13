"""Excel files of the people app: each list as shown (people, training, certificates, permits), the welders'
ledger of 高府发〔2023〕14号 三（一）5 and the three posts' certification rate. Streamed (core.xlsx); ID numbers are
masked in every file; headers and labels are Chinese whatever the page's language (people/words.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from anjian.core import xlsx

from . import words
from .rates import RateRow
from .rules import hours_text
from .validators import mask_within

Column = tuple[str, int, Callable[[Any], object]]


def _date(value) -> str:
    return value.isoformat() if value else ""


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _town(enterprise) -> str:
    region = enterprise.region
    return region.parent.name if region.level == "village" and region.parent_id else region.name


def _book(title: str, columns: list[Column], rows: Iterable, footer: list[str] = ()) -> bytes:
    book = xlsx.workbook()
    sheet = xlsx.TableSheet(
        book, title[:31], [6] + [w for _h, w, _v in columns], title=title,
        header=["序号"] + [h for h, _w, _v in columns], header_fill=xlsx.HEADER_FILL,
    )  # fmt: skip
    for n, row in enumerate(rows, start=1):
        sheet.append([n] + [value(row) for _h, _w, value in columns])
    if footer:
        sheet.footer(footer)
    return xlsx.save(book)


def _stamp() -> str:
    return f"导出日期：{timezone.localdate():%Y-%m-%d}"


PEOPLE_COLUMNS: list[Column] = [
    ("姓名", 10, lambda p: p.name),
    ("身份证号", 22, lambda p: p.masked_id_number),
    ("单位名称", 30, lambda p: p.enterprise.name),
    ("所属乡镇", 12, lambda p: _town(p.enterprise)),
    ("岗位", 14, lambda p: p.post),
    ("人员类别", 20, lambda p: "、".join(words.CATEGORY[c] for c in p.categories)),
    ("特种作业类别", 16, lambda p: words.OPERATION.get(p.operation_type, "")),
    ("任职日期", 12, lambda p: _date(p.appointed_on)),
    ("上岗日期", 12, lambda p: _date(p.started_on)),
    ("离岗日期", 12, lambda p: _date(p.left_on)),
    ("应培训学时", 10, lambda p: hours_text(p.training_required_hours)),
    ("已培训学时", 10, lambda p: hours_text(p.training_hours)),
    ("差额学时", 10, lambda p: hours_text(p.training_short_hours)),
    ("培训情况", 14, lambda p: words.COMPLIANCE[p.compliance]),
]


def people_xlsx(people: QuerySet) -> bytes:
    """The people list (annotated by rules.with_compliance), as filtered."""
    rows = people.select_related("enterprise__region__parent").iterator(chunk_size=2000)
    return _book("从业人员安全培训情况", PEOPLE_COLUMNS, rows, [_stamp()])


TRAINING_COLUMNS: list[Column] = [
    ("姓名", 10, lambda t: t.person.name),
    ("单位名称", 30, lambda t: t.person.enterprise.name),
    ("培训类型", 12, lambda t: words.TRAINING_KIND[t.kind]),
    ("培训课程", 30, lambda t: t.course),
    ("学时", 8, lambda t: hours_text(t.hours)),
    ("培训日期", 12, lambda t: _date(t.date)),
    ("培训机构", 20, lambda t: t.provider),
    ("考核结果", 10, lambda t: words.RESULT[t.result]),
]


def training_xlsx(records: QuerySet) -> bytes:
    rows = records.select_related("person__enterprise").iterator(chunk_size=2000)
    return _book("从业人员安全培训记录", TRAINING_COLUMNS, rows, [_stamp()])


CERTIFICATE_COLUMNS: list[Column] = [
    ("持证人", 10, lambda c: c.person.name),
    ("身份证号", 22, lambda c: c.person.masked_id_number),
    ("单位名称", 30, lambda c: c.person.enterprise.name),
    ("证书类型", 22, lambda c: words.CERTIFICATE_KIND[c.kind]),
    ("作业类别", 16, lambda c: words.OPERATION.get(c.operation_type, "")),
    ("证书编号", 22, lambda c: c.masked_number),
    ("发证机关", 18, lambda c: c.issuer),
    ("外地取证", 8, lambda c: words.YES if c.issued_elsewhere else words.NO),
    ("发证日期", 12, lambda c: _date(c.issued_on)),
    ("有效期至", 12, lambda c: _date(c.expires_on)),
    ("下次复审", 12, lambda c: _date(c.next_review_on)),
    ("状态", 12, lambda c: words.STATUS[c.status]),
]


def certificates_xlsx(certificates: QuerySet) -> bytes:
    """The certificate list (annotated by certificates.with_status), as filtered."""
    rows = certificates.select_related("person__enterprise").iterator(chunk_size=2000)
    return _book("安全生产资格证书和特种作业操作证台账", CERTIFICATE_COLUMNS, rows, [_stamp()])


PERMIT_COLUMNS: list[Column] = [
    ("单位名称", 26, lambda p: p.enterprise.name),
    ("作业类型", 12, lambda p: words.PERMIT_KIND[p.kind]),
    ("审批单编号", 14, lambda p: p.number),
    ("作业地点", 20, lambda p: p.place),
    ("开始时间", 17, lambda p: _moment(p.starts_at)),
    ("结束时间", 17, lambda p: _moment(p.ends_at)),
    ("作业人员", 10, lambda p: p.worker.name),
    (
        "作业人员证书编号",
        22,
        lambda p: mask_within(p.certificate.number, p.worker.id_number) if p.certificate_id else "",
    ),
    ("监护人", 10, lambda p: p.guardian.name),
    ("审批人", 10, lambda p: p.approver.name),
    ("安全措施", 40, lambda p: p.measures),
]


def permits_xlsx(permits: QuerySet) -> bytes:
    """动火等特种作业存单: the permits as filtered (高府发〔2023〕14号 附件4 注2 checks them)."""
    rows = permits.select_related("enterprise", "worker", "guardian", "approver", "certificate")
    return _book("动火等特殊作业审批存单", PERMIT_COLUMNS, rows.iterator(chunk_size=2000), [_stamp()])


def _held(person, attribute: str) -> str:
    held = person.held_certificates[0] if person.held_certificates else None
    value = getattr(held, attribute) if held else ""
    return _date(value) if attribute == "expires_on" else value


WELDER_COLUMNS: list[Column] = [
    ("姓名", 10, lambda p: p.name),
    ("身份证号", 22, lambda p: p.masked_id_number),
    ("单位名称", 30, lambda p: p.enterprise.name),
    ("所属乡镇", 12, lambda p: _town(p.enterprise)),
    ("岗位", 12, lambda p: p.post),
    ("持证情况", 10, lambda p: words.STANDING[p.standing]),
    ("证书编号", 22, lambda p: mask_within(_held(p, "number"), p.id_number)),
    ("发证机关", 18, lambda p: _held(p, "issuer")),
    ("有效期至", 12, lambda p: _held(p, "expires_on")),
]


def welders_xlsx(welders: QuerySet, place: str) -> bytes:
    """电焊作业人员安全管理台账 (高府发〔2023〕14号 三（一）5) of `place`: rates.welders' rows."""
    rows = welders.select_related("enterprise__region__parent").iterator(chunk_size=2000)
    footer = ["填报单位（盖章）：", "填报人：", "联系电话：", _stamp()]
    return _book(f"{place}电焊作业人员安全管理台账", WELDER_COLUMNS, rows, footer)


GROUP_HEADERS = {"enterprise": "单位名称", "town": "乡镇（区）", "sector": "行业领域"}


def rate_xlsx(rows: list[RateRow], total: RateRow, by: str, place: str) -> bytes:
    """三项岗位人员持证上岗情况: the rate by unit, town or sector, and the total, against 100%."""
    columns: list[Column] = [
        (GROUP_HEADERS[by], 30, lambda r: r.label or "合计"),
        ("三项岗位人员（人）", 14, lambda r: r.required),
        ("持证上岗（人）", 12, lambda r: r.certified),
        ("未持证（人）", 12, lambda r: r.uncertified),
        ("持证上岗率", 12, lambda r: f"{r.rate}%" if r.rate is not None else "—"),
        ("目标", 8, lambda r: "100%"),
    ]
    footer = ["三项岗位：高危行业企业的主要负责人、安全管理人员和特种作业人员（信安办字〔2022〕30号）。", _stamp()]
    return _book(f"{place}三项岗位人员持证上岗情况", columns, [*rows, total], footer)


TEMPLATE_NOTES = [
    "每行一人、一条培训记录或一本证书；单位写统一社会信用代码或单位名称（单位用户可不填）。",
    "身份证号18位（GB 11643），系统校验校验码，显示时隐去中间10位。",
    "日期写作 2024-01-05；学时大于0、不超过200，可保留一位小数。",
    "同一文件重复导入不会重复登记：人员按单位+身份证号、培训按人员+类型+课程+日期、证书按人员+类型+作业类别+编号+发证日期对应。",
]


def template_xlsx() -> bytes:
    """The import template: one sheet a kind of row (the importer's headers) and a sheet of the allowed words."""
    from .importer import SHEETS

    book = xlsx.workbook()
    allowed = {
        "人员类别（可多个，用、分隔）": words.CATEGORY.values(),
        "特种作业类别 / 作业类别": words.OPERATION.values(),
        "培训类型": words.TRAINING_KIND.values(),
        "考核结果": words.RESULT.values(),
        "证书类型": words.CERTIFICATE_KIND.values(),
        "外地取证": (words.YES, words.NO),
    }
    notes = xlsx.TableSheet(
        book, "说明", [36, 70], title="从业人员、培训记录和证书导入模板说明", header=["项目", "可填写的内容"]
    )
    for line in TEMPLATE_NOTES:
        notes.append(["说明", line])
    for name, values in allowed.items():
        notes.append([name, "、".join(values)])
    for name, headers in SHEETS.items():
        xlsx.TableSheet(book, name, [max(12, 2.4 * len(h) + 2) for h in headers], header=list(headers),
                        header_fill=xlsx.HEADER_FILL)  # fmt: skip
    return xlsx.save(book)
