"""The seeded checklists: one per sector from seed 004 (二)1(1)–(15), and the general spot check of
attachment 4 (企业主体责任落实抽查). Loaded from anjian/reference/checklists.csv, idempotent.

A checklist is found again by its name and sector, an item by its text within the checklist, so a
second load changes nothing and never duplicates; items the county added by hand are kept.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction

from anjian.org.models import Sector

from .models import Checklist, ChecklistItem

GENERAL_CHECKLIST = "企业主体责任落实抽查"
NOTICE = "兴国县高兴镇 高府发〔2023〕14号"  # seed 004, cited as people know it
GENERAL_SOURCE = f"{NOTICE} 附件4"


def checklists_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "checklists.csv"


def read_rows(path: Path | None = None) -> dict[tuple[str, str], list[dict]]:
    """The items of each (sector code, checklist name), in file order."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with (path or checklists_path()).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            grouped[(row["sector"].strip(), row["checklist"].strip())].append(row)
    return grouped


def checklist_source(sector_code: str, rows: list[dict]) -> str:
    return GENERAL_SOURCE if not sector_code else rows[0]["source"]


@transaction.atomic
def load_checklists(path: Path | None = None) -> list[Checklist]:
    """Create or update the seeded checklists and their items; returns them in file order."""
    sectors = {s.code: s for s in Sector.objects.all()}
    loaded = []
    for (code, name), rows in read_rows(path).items():
        sector = sectors.get(code) if code else None
        if code and sector is None:
            raise ValueError(f"checklists.csv names an unknown sector {code!r}: load the sectors first")
        source = checklist_source(code, rows)
        checklist, created = Checklist.objects.get_or_create(name=name, sector=sector, defaults={"source": source})
        if not created and checklist.source.startswith("seed "):  # the developers' wording of earlier loads
            checklist.source = source
            checklist.save(update_fields=["source"])
        existing = {item.text: item for item in checklist.items.all()}
        for order, row in enumerate(rows, start=1):
            text = row["text"].strip()
            item = existing.get(text)
            values = {"order": order, "group": row["group"].strip(), "source": row["source"].strip()}
            if item is None:
                ChecklistItem.objects.create(checklist=checklist, text=text, **values)
            elif any(getattr(item, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(item, k, v)
                item.save()
        loaded.append(checklist)
    return loaded


def checklist_for(sector) -> Checklist | None:
    """The active checklist of a sector (the general one when the sector has none)."""
    found = Checklist.objects.filter(is_active=True, sector=sector).order_by("id").first()
    return found or Checklist.objects.filter(is_active=True, sector=None).order_by("id").first()
