"""The campaign templates in ``anjian/campaigns/catalogue`` are data transcribed from the notices.

These tests read JSON only and need no database; a task's bound figure is looked up in the figures registry.
"""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from anjian.core import figures

CATALOGUE = Path(__file__).resolve().parent.parent / "catalogue"
FILES = sorted(CATALOGUE.glob("*.json"))
SEEDS = Path("/work/shared/seeds")

KINDS = {"special_rectification", "consolidation", "ge_shi_bai_qian_wan"}
PERS = {"quarter", "month", "half_year", "year", "campaign", None}
TOP_KEYS = {"code", "title", "kind", "document", "period", "stages", "rhythm", "deadlines", "groups", "tasks"}
DOCUMENT_KEYS = {"name", "number", "issuer", "date"}
STAGE_KEYS = {"name", "start", "end", "content", "cite"}
RHYTHM_KEYS = {"words", "monthly_report_day", "first_report_month", "cumulative", "forms", "cite"}
DEADLINE_KEYS = {"what", "date", "cite"}
GROUP_KEYS = {"number", "title", "stages", "monthly_report_day", "cite"}
TASK_KEYS = {
    "number",
    "group",
    "title",
    "content",
    "lead",
    "responsible",
    "deadline",
    "ongoing",
    "target",
    "measure",
    "metric",
    "cite",
}
TARGET_KEYS = {"text", "value", "unit", "per"}
FORBIDDEN_IN_CITE = ("seed", "种子", ".txt")


def load(path):
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def by_code(code):
    return load(CATALOGUE / f"{code}.json")


def parse_date(value, where):
    assert isinstance(value, str), f"{where}: {value!r} is not a string"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f"{where}: {value!r} is not YYYY-MM-DD"
    day = dt.date.fromisoformat(value)
    assert dt.date(2000, 1, 1) <= day <= dt.date(2030, 12, 31), f"{where}: {value} outside 2000–2030"
    return day


def optional_date(value, where):
    return None if value is None else parse_date(value, where)


def check_cite(cite, number, where):
    assert isinstance(cite, str) and cite.strip(), f"{where}: empty cite"
    assert "〔" in cite and number in cite, f"{where}: cite {cite!r} does not name {number}"
    lowered = cite.lower()
    for word in FORBIDDEN_IN_CITE:
        assert word not in lowered, f"{where}: cite {cite!r} names a file, not the notice"


def check_stages(stages, number, where):
    assert isinstance(stages, list)
    for i, stage in enumerate(stages):
        here = f"{where} stage {i}"
        assert set(stage) == STAGE_KEYS, here
        assert stage["name"] and stage["content"], here
        start = parse_date(stage["start"], here)
        end = parse_date(stage["end"], here)
        assert start <= end, here
        check_cite(stage["cite"], number, here)


def test_catalogue_is_not_empty():
    codes = {p.stem for p in FILES}
    assert {"major-hazards-2023", "consolidation-2022", "ge-shi-bai-qian-wan"} <= codes


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_template_shape(path):
    data = load(path)
    assert set(data) == TOP_KEYS
    assert data["code"] == path.stem
    assert data["title"]
    assert data["kind"] in KINDS

    doc = data["document"]
    assert set(doc) == DOCUMENT_KEYS
    number = doc["number"]
    assert doc["name"] and doc["issuer"]
    assert re.fullmatch(r".+〔\d{4}〕\d+号", number), number
    optional_date(doc["date"], "document.date")

    period = data["period"]
    assert set(period) == {"start", "end"}
    start = optional_date(period["start"], "period.start")
    end = optional_date(period["end"], "period.end")
    if start and end:
        assert start <= end

    check_stages(data["stages"], number, "campaign")

    rhythm = data["rhythm"]
    assert set(rhythm) == RHYTHM_KEYS
    assert isinstance(rhythm["words"], list) and all(isinstance(w, str) for w in rhythm["words"])
    assert rhythm["monthly_report_day"] is None or 1 <= rhythm["monthly_report_day"] <= 31
    if rhythm["first_report_month"] is not None:
        parse_date(rhythm["first_report_month"] + "-01", "rhythm.first_report_month")
    assert isinstance(rhythm["cumulative"], bool)
    assert isinstance(rhythm["forms"], list)
    check_cite(rhythm["cite"], number, "rhythm")

    for i, deadline in enumerate(data["deadlines"]):
        here = f"deadline {i}"
        assert set(deadline) == DEADLINE_KEYS, here
        assert deadline["what"], here
        optional_date(deadline["date"], here)
        check_cite(deadline["cite"], number, here)

    group_numbers = [g["number"] for g in data["groups"]]
    assert len(group_numbers) == len(set(group_numbers)), "group numbers repeat"
    for group in data["groups"]:
        here = f"group {group['number']}"
        assert set(group) == GROUP_KEYS, here
        assert group["title"], here
        check_stages(group["stages"], number, here)
        day = group["monthly_report_day"]
        assert day is None or 1 <= day <= 31, here
        check_cite(group["cite"], number, here)

    task_numbers = [t["number"] for t in data["tasks"]]
    assert task_numbers, "no tasks"
    assert len(task_numbers) == len(set(task_numbers)), "task numbers repeat"
    for t in data["tasks"]:
        here = f"task {t['number']}"
        assert set(t) == TASK_KEYS, here
        assert t["group"] in group_numbers, here
        assert t["title"] and t["content"], here
        assert t["lead"] is None or (isinstance(t["lead"], str) and t["lead"]), here
        assert isinstance(t["responsible"], list) and all(isinstance(r, str) and r for r in t["responsible"]), here
        optional_date(t["deadline"], here)
        assert isinstance(t["ongoing"], bool), here
        if t["ongoing"] is False:
            assert t["deadline"] is not None, f"{here}: not ongoing but no deadline"
        if t["metric"] is not None:  # bound to a figure from records: its target says what and for whom
            assert t["metric"] in figures.known(), here
            assert t["target"] and t["target"]["value"] and isinstance(t["target"].get("each"), bool), here
        assert t["measure"] is None or (isinstance(t["measure"], str) and t["measure"]), here
        target = t["target"]
        if target is not None:
            assert TARGET_KEYS <= set(target) <= TARGET_KEYS | {"each"}, here
            assert target["text"], here
            assert target["value"] is None or isinstance(target["value"], int | float), here
            assert target["per"] in PERS, here
        check_cite(t["cite"], number, here)


def test_major_hazards_layers():
    data = by_code("major-hazards-2023")
    assert data["document"]["number"] == "高府发〔2023〕14号"
    assert data["kind"] == "special_rectification"
    assert [g["number"] for g in data["groups"]] == ["（一）", "（二）", "（三）"]

    top = {}
    for t in data["tasks"]:
        m = re.fullmatch(r"(（[一二三]）)(\d+)", t["number"])
        if m:
            assert t["group"] == m.group(1)
            top.setdefault(m.group(1), []).append(int(m.group(2)))
    assert top == {"（一）": list(range(1, 10)), "（二）": list(range(1, 12)), "（三）": list(range(1, 11))}

    subs = [t for t in data["tasks"] if t["number"].startswith("（二）1（")]
    assert [t["number"] for t in subs] == [f"（二）1（{i}）" for i in range(1, 16)]
    for t in subs:
        assert t["group"] == "（二）"
        assert any(r.startswith("责任领导：") for r in t["responsible"]), t["number"]
        assert any(r.startswith("责任干部：") for r in t["responsible"]), t["number"]


def test_major_hazards_schedule():
    data = by_code("major-hazards-2023")
    assert len(data["stages"]) == 4
    assert [s["start"] for s in data["stages"]] == ["2023-05-01", "2023-06-01", "2023-08-01", "2023-12-01"]
    assert [s["end"] for s in data["stages"]] == ["2023-05-31", "2023-07-31", "2023-11-30", "2023-12-31"]
    rhythm = data["rhythm"]
    assert rhythm["monthly_report_day"] == 20
    assert rhythm["words"] == ["周调度", "月小结", "季通报", "年总结"]
    assert rhythm["first_report_month"] == "2023-05"
    assert rhythm["cumulative"] is True
    dates = {d["date"] for d in data["deadlines"]}
    assert {"2023-05-31", "2023-06-25", "2023-06-30", "2023-12-10"} <= dates

    tasks = {t["number"]: t for t in data["tasks"]}
    assert tasks["（一）1"]["title"] == "落实企业主要负责人第一责任人责任"
    assert tasks["（三）10"]["target"]["value"] == 10
    assert tasks["（三）10"]["target"]["per"] == "quarter"
    assert tasks["（二）3"]["target"]["per"] == "quarter"
    assert tasks["（二）2"]["deadline"] == "2023-06-30"


FIREWORKS_ROWS = 6  # rows of 附件《2022年烟花爆竹三年行动“巩固提升”攻坚战目标任务清单》


def fireworks_list(data):
    return [t for t in data["tasks"] if t["number"].startswith("烟花爆竹·清单")]


def test_fireworks_target_list():
    data = by_code("consolidation-2022")
    rows = fireworks_list(data)
    assert len(rows) == FIREWORKS_ROWS
    assert [t["number"] for t in rows] == [f"烟花爆竹·清单{i}" for i in range(1, FIREWORKS_ROWS + 1)]
    for t in rows:
        assert t["group"] == "烟花爆竹"
        assert t["lead"] and t["responsible"] and t["measure"]
        assert t["ongoing"] is (t["deadline"] is None)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not on this machine")
def test_fireworks_target_list_matches_seed_table():
    (seed,) = SEEDS.glob("001_*.txt")
    text = seed.read_text(encoding="utf-8")
    table = text[text.index("攻坚战目标任务清单\n\n序号") :]
    table = table[: table.index("\n# ")]
    rows = [line.split("\t") for line in table.splitlines() if re.match(r"\d+\t", line)]
    assert len(rows) == FIREWORKS_ROWS
    tasks = fireworks_list(by_code("consolidation-2022"))
    assert [t["title"] for t in tasks] == [r[1].strip() for r in rows]


def test_consolidation_sub_plans():
    data = by_code("consolidation-2022")
    groups = {g["number"]: g for g in data["groups"]}
    assert len(groups) == 8  # “等8个子方案”
    assert groups["矿山安全"]["monthly_report_day"] == 25
    assert groups["企业主体责任"]["monthly_report_day"] == 20
    assert groups["科技强安"]["monthly_report_day"] == 20
    mines = [t for t in data["tasks"] if re.fullmatch(r"矿山安全·（[一二三四五六七八九十]+）\d+", t["number"])]
    assert len(mines) == 19


def test_ge_shi_bai_qian_wan_targets():
    data = by_code("ge-shi-bai-qian-wan")
    assert data["document"]["number"] == "兴安办〔2024〕80号"
    tasks = {t["number"]: t for t in data["tasks"]}
    assert tasks["（四）1"]["target"]["value"] == 1000
    assert tasks["（二）1"]["target"]["value"] == 3120
    assert tasks["（三）3"]["deadline"] == "2024-11-30"
