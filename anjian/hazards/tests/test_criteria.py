"""The criteria library: every CSV loads verbatim, reloading changes nothing, revisions supersede."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from anjian.hazards import services
from anjian.hazards.criteria import criteria_dir, load_criteria, search_criteria
from anjian.hazards.models import Criterion, CriterionDocument
from anjian.org import services as org_services

# The README table of reference/criteria/ ("64 items + 第十四条" is 65 rows, and so on).
README_ROWS = {
    "industry_trade.csv": 64 + 1,
    "hazardous_chemicals.csv": 20,
    "fireworks.csv": 20,
    "non_coal_mine.csv": 64 + 8,
    "construction.csv": 51 + 2,
    "town_gas.csv": 20 + 2,
    "civil_explosives.csv": 17,
    "special_equipment.csv": 47,
}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def sectors(db):
    return {s.code: s for s in org_services.load_sectors()}


@pytest.fixture
def library(sectors):
    return load_criteria()


def test_every_csv_loads_with_its_rows_verbatim(library):
    files = sorted(criteria_dir().glob("*.csv"))
    assert {f.name for f in files} == set(README_ROWS)
    for path in files:
        rows = csv_rows(path)
        assert len(rows) == README_ROWS[path.name], path.name
        stored = list(
            Criterion.objects.filter(document__sector__code=rows[0]["sector_code"])
            .order_by("document_id", "order")
            .values_list("document__title", "document__doc_number", "article", "item", "text")
        )
        assert stored == [(r["document"], r["doc_number"], r["article"], r["item"], r["text"]) for r in rows]
    assert Criterion.objects.count() == sum(README_ROWS.values())
    assert CriterionDocument.objects.count() == 9  # eight files, one holding a supplement


def test_known_items_and_provenance(library):
    first = Criterion.objects.filter(document__doc_number="应急管理部令第10号").order_by("order").first()
    assert (first.article, first.item, first.order) == ("第三条", "（一）", 1)
    assert first.text == "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的；"
    doc = first.document
    assert doc.title == "工贸企业重大事故隐患判定标准" and doc.sector.code == "industry_trade"
    assert str(doc.effective_date) == "2023-05-15"
    assert "C_PDDB_3.json" in doc.source and "C_PDDB_14.json" in doc.source
    gb = CriterionDocument.objects.get(doc_number="GB 45067-2024")
    assert gb.items.count() == 47 and gb.items.order_by("order").first().item == "a)"


def test_the_supplement_stands_beside_the_main_mine_standard(library):
    mine = CriterionDocument.objects.filter(sector__code="non_coal_mine")
    assert {(d.doc_number, d.items.count(), d.in_force) for d in mine} == {
        ("矿安〔2022〕88号", 64, True),
        ("矿安〔2024〕41号", 8, True),
    }


def test_loading_twice_changes_nothing(library):
    before = list(Criterion.objects.order_by("pk").values_list("pk", "document_id", "article", "item", "text", "order"))
    documents = list(CriterionDocument.objects.order_by("pk").values())
    again = load_criteria()
    assert all(not r.created and r.items_created == r.items_updated == 0 for r in again.values())
    assert (
        list(Criterion.objects.order_by("pk").values_list("pk", "document_id", "article", "item", "text", "order"))
        == before
    )
    assert list(CriterionDocument.objects.order_by("pk").values()) == documents


def test_a_new_version_supersedes_and_old_items_stay_for_graded_hazards(world, tmp_path):
    load_criteria()
    old_doc = CriterionDocument.objects.get(doc_number="矿安〔2022〕88号")
    old_item = old_doc.items.get(order=1)
    county = world.users["county"]
    hazard = services.register_hazard(county, world.enterprises["mine"], description="安全出口不畅", source="expert")
    services.perform(county, hazard, "assess", grade="major", criterion=old_item.pk)

    rows = [r for r in csv_rows(criteria_dir() / "non_coal_mine.csv") if r["doc_number"] == "矿安〔2022〕88号"]
    for r in rows:
        r["doc_number"], r["effective_date"] = "矿安〔2030〕1号", "2030-01-01"
    rows[0]["text"] = "修订后的条文。"
    with (tmp_path / "non_coal_mine.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = load_criteria(tmp_path)

    new_doc = CriterionDocument.objects.get(doc_number="矿安〔2030〕1号")
    old_doc.refresh_from_db()
    assert old_doc.superseded_by == new_doc and new_doc.in_force and not old_doc.in_force
    assert result[str(new_doc)].supersedes == [str(old_doc)]
    assert CriterionDocument.objects.get(doc_number="矿安〔2024〕41号").in_force  # the supplement is untouched
    hazard.refresh_from_db()
    assert hazard.criterion == old_item and old_doc.items.count() == 64
    assert old_item in search_criteria(in_force_only=False, sector="non_coal_mine")
    assert old_item not in search_criteria(sector="non_coal_mine")
    assert list(search_criteria("修订后的条文"))[0].document == new_doc

    load_criteria()  # reloading the reference files does not bring the old version back into force
    old_doc.refresh_from_db()
    assert old_doc.superseded_by == new_doc


def test_an_older_version_loaded_later_is_superseded_by_the_newer(sectors, tmp_path):
    shutil.copy(criteria_dir() / "town_gas.csv", tmp_path / "town_gas.csv")
    load_criteria(tmp_path)
    rows = csv_rows(tmp_path / "town_gas.csv")
    for r in rows:
        r["doc_number"], r["effective_date"] = "建城〔2010〕1号", "2010-01-01"
    with (tmp_path / "town_gas.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    load_criteria(tmp_path)
    old = CriterionDocument.objects.get(doc_number="建城〔2010〕1号")
    assert old.superseded_by.doc_number == "建城规〔2023〕4号" and old.superseded_by.in_force


def test_search_by_keywords_ands_the_words_and_filters_by_sector(library):
    hits = list(search_criteria("粉尘"))
    assert hits and all("粉尘" in c.text or "粉尘" in c.article for c in hits)
    both = list(search_criteria("粉尘  除尘系统"))
    assert both and all("粉尘" in c.text and "除尘系统" in c.text for c in both)
    assert set(both) < set(hits)
    assert {c.text[:9] for c in search_criteria("除尘系统 锁气卸灰")} == {"铝镁等金属粉尘、木"}
    trade_only = list(search_criteria("爆炸", sector="industry_trade"))
    assert trade_only and {c.document.sector.code for c in trade_only} == {"industry_trade"}
    assert len(search_criteria("爆炸")) > len(trade_only)
    assert list(search_criteria("爆炸", sector=trade_only[0].document.sector)) == trade_only
    assert not search_criteria("粉尘 不存在的词语").exists()
    ordered = list(search_criteria(sector="special_equipment"))
    assert [c.order for c in ordered] == list(range(1, 48))
    assert search_criteria("第十四条", sector="industry_trade").count() == 1  # the article is searched too


def test_command_prints_counts_per_document(sectors):
    out = io.StringIO()
    call_command("load_criteria", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert any(line.startswith("工贸企业重大事故隐患判定标准（应急管理部令第10号）") and "65" in line for line in lines)
    assert any(line.startswith("金属非金属矿山重大事故隐患判定标准补充情形（矿安〔2024〕41号）") for line in lines)
    assert len(lines) == 10  # nine documents and the total
