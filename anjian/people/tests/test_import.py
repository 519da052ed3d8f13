"""The Excel import: the template filled in is imported row by row with a report (sheet, row, column, reason),
bad rows never block good ones, a person of another unit is refused, and importing the same file again changes
nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from anjian.people import exports, importer
from anjian.people.models import Certificate, Person, TrainingRecord

from .conftest import id_number, person

pytestmark = pytest.mark.usefixtures("frozen", "english")


def workbook(rows: dict[str, list[list]]) -> io.BytesIO:
    """The template with `rows` appended under each sheet's header."""
    book = load_workbook(io.BytesIO(exports.template_xlsx()))
    for name, lines in rows.items():
        for line in lines:
            book[name].append(line)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def people_row(credit_code, serial, name, categories="", operation="", started="", appointed=""):
    return [credit_code, "", name, id_number(serial), "", categories, operation, appointed, started, ""]


@pytest.fixture
def filled(world):
    mine = world.enterprises["mine"].credit_code
    return {
        "人员": [
            people_row(mine, 1, "李四", "主要负责人", appointed="2024-01-15"),
            people_row(mine, 2, "张焊工", "特种作业人员、新员工", "电焊", started="2024/7/1"),
            [mine, "", "错号码", id_number(3)[:17] + ("0" if id_number(3)[17] != "0" else "1")],  # wrong check digit
            people_row("", 4, "无单位", ""),  # a county user must name the unit
            people_row(world.enterprises["school"].credit_code, 5, "王老师", "校长"),  # not a category
        ],
        "培训记录": [
            [mine, "", id_number(1), "李四", "初次培训", "主要负责人安全资格培训", 48, dt.datetime(2024, 2, 1), "赣州市安全培训中心", "合格"],
            [mine, "", id_number(2), "张焊工", "初次培训", "三级安全教育", -8, "2024-06-20", "", "合格"],
            [mine, "", id_number(9), "查无此人", "初次培训", "三级安全教育", 8, "2024-06-20", "", "合格"],
        ],
        "证书": [
            [mine, "", id_number(1), "李四", "安全生产知识和管理能力考核合格证", "", "GZ2024001", "赣州市应急管理局", "否", "2024-03-01", "", ""],
            [mine, "", id_number(2), "张焊工", "特种作业操作证", "焊接与热切割作业", f"T{id_number(2)}", "吉安市应急管理局", "是", "2024-05-01", "2024-04-01", ""],
            [world.enterprises["park_chem"].credit_code, "", id_number(2), "张焊工", "特种作业操作证", "电工作业", "T2", "赣州市应急管理局", "否", "2024-05-01", "", ""],
        ],
    }  # fmt: skip


def test_a_filled_template_is_imported_row_by_row_and_again_changes_nothing(world, filled):
    person(world, "park_chem", 2, name="同号他人")  # the same ID number at another unit
    result = importer.import_people(workbook(filled), world.users["county"])
    counts = {s.sheet: (s.created, s.updated, s.unchanged, s.failed) for s in result.sheets}
    assert counts == {"人员": (2, 0, 0, 3), "培训记录": (1, 0, 0, 2), "证书": (2, 0, 0, 1)}
    errors = {(e.sheet, e.row_number, e.column): e.message for e in result.errors}
    assert "check character" in errors["人员", 4, "身份证号"]
    assert "Name the unit" in errors["人员", 5, "单位名称"]
    assert "校长" in errors["人员", 6, "人员类别"]
    assert "more than 0" in errors["培训记录", 3, "学时"]
    assert "register the person" in errors["培训记录", 4, "身份证号"]
    assert "expires after issue" in errors["证书", 3, "有效期至"]
    assert Person.objects.filter(enterprise=world.enterprises["mine"]).count() == 2
    welder = Person.objects.get(name="张焊工")
    assert welder.operation_type == "welding" and welder.categories == ["special_operation", "new_staff"]
    assert welder.started_on == dt.date(2024, 7, 1)
    assert TrainingRecord.objects.get().hours == 48
    assert Certificate.objects.filter(person__enterprise=world.enterprises["park_chem"]).count() == 1
    again = importer.import_people(workbook(filled), world.users["county"])
    counts = {s.sheet: (s.created, s.updated, s.unchanged) for s in again.sheets}
    assert counts == {"人员": (0, 0, 2), "培训记录": (0, 0, 1), "证书": (0, 0, 2)}
    assert Person.objects.count() == 3 and TrainingRecord.objects.count() == 1 and Certificate.objects.count() == 2


def test_a_unit_imports_only_its_own(world, filled):
    result = importer.import_people(workbook({"人员": filled["人员"][:2]}), world.users["qiye1"])
    assert {e.column for e in result.errors} == {"统一社会信用代码"}
    assert "within your jurisdiction" in result.errors[0].message
    own = workbook({"人员": [people_row("", 6, "王国平", "主要负责人")]})
    result = importer.import_people(own, world.users["qiye1"])
    assert result.sheets[0].created == 1 and Person.objects.get().enterprise == world.enterprises["shop"]


def test_a_person_of_another_unit_is_named(world):
    other = person(world, "park_chem", 3, name="化工厂员工")
    rows = {"证书": [[world.enterprises["mine"].credit_code, "", other.id_number, "", "特种作业操作证", "电工作业",
                      "T3", "赣州市应急管理局", "否", "2024-05-01", "", ""]]}  # fmt: skip
    result = importer.import_people(workbook(rows), world.users["county"])
    assert "belongs to 化工厂员工 of 江西某某化工有限公司" in result.errors[0].message
    assert not Certificate.objects.exists()


def test_files_that_are_not_workbooks_are_refused_whole(world):
    with pytest.raises(importer.ImportFileError):
        importer.import_people(io.BytesIO(b"PK junk"), world.users["county"])
    empty = io.BytesIO()
    Workbook().save(empty)
    with pytest.raises(importer.ImportFileError):
        importer.import_people(empty, world.users["county"])
