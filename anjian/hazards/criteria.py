"""The library of major-hazard determination criteria (重大事故隐患判定标准): loading and searching.

The CSVs of reference/criteria/ are the only source: every item is stored as published (never
paraphrased), with the document's number, date and provenance, so a grading can name the item it meets.

Versions. A standard is identified by its sector and title; its versions differ by document number
(and usually effective date). When a CSV brings a (title, number) not yet stored while another version
of the same title and sector exists, both are kept and the older gets `superseded_by` the newer:
the newer is the one with the later effective date, or, where either date is missing, the one loaded
last. Items of the old version stay, so hazards graded under them keep pointing at them.
A supplement is not a version: 矿安〔2024〕41号 has its own title (…判定标准补充情形), so it stands beside
矿安〔2022〕88号 and both stay in force. A row of a document already stored (same title and number)
is matched by its position: a corrected transcription updates the item in place.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cmp_to_key
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anjian.org.models import Sector

from .models import Criterion, CriterionDocument

COLUMNS = ("sector_code", "document", "doc_number", "effective_date", "article", "item", "text", "source")


@dataclass
class DocumentLoad:
    """What loading one document did (for the command's report and for tests)."""

    document: CriterionDocument
    created: bool
    items: int
    items_created: int = 0
    items_updated: int = 0
    supersedes: list[str] | None = None


def criteria_dir() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "criteria"


def _read(path: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    """The rows of one CSV grouped by (title, number), in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(
                _("%(file)s lacks the columns %(columns)s.")
                % {"file": path.name, "columns": ", ".join(sorted(missing))}
            )
        documents: dict[tuple[str, str], list[dict[str, str]]] = {}
        for row in reader:
            documents.setdefault((row["document"], row["doc_number"]), []).append(row)
    return documents


def load_criteria(directory: Path | None = None) -> dict[str, DocumentLoad]:
    """Load every CSV of `directory` (default reference/criteria/); idempotent. Keyed by "title（number）"."""
    directory = Path(directory) if directory else criteria_dir()
    loaded: dict[str, DocumentLoad] = {}
    with transaction.atomic():
        for path in sorted(directory.glob("*.csv")):
            for (title, number), rows in _read(path).items():
                result = _load_document(title, number, rows)
                loaded[str(result.document)] = result
    return loaded


def _document_fields(rows: list[dict[str, str]]) -> dict:
    code = rows[0]["sector_code"]
    sector = Sector.objects.filter(code=code).first()
    if sector is None:
        raise ValueError(_("Unknown sector code “%(code)s”.") % {"code": code})
    date = rows[0]["effective_date"].strip()
    sources = list(dict.fromkeys(r["source"] for r in rows if r["source"]))  # distinct, in order
    return {
        "sector": sector,
        "effective_date": dt.date.fromisoformat(date) if date else None,
        "source": "\n".join(sources),
    }


def _load_document(title: str, number: str, rows: list[dict[str, str]]) -> DocumentLoad:
    fields = _document_fields(rows)
    document, created = CriterionDocument.objects.get_or_create(title=title, doc_number=number, defaults=fields)
    changed = [name for name, value in fields.items() if getattr(document, name) != value]
    if changed:
        for name in changed:
            setattr(document, name, fields[name])
        document.save(update_fields=changed)
    result = DocumentLoad(document=document, created=created, items=len(rows))
    _load_items(document, rows, result)
    result.supersedes = [str(d) for d in _link_versions(document)]
    return result


def _load_items(document: CriterionDocument, rows: list[dict[str, str]], result: DocumentLoad) -> None:
    existing = {c.order: c for c in document.items.all()}
    for order, row in enumerate(rows, start=1):
        values = {"article": row["article"], "item": row["item"], "text": row["text"]}
        item = existing.pop(order, None)
        if item is None:
            Criterion.objects.create(document=document, order=order, **values)
            result.items_created += 1
        elif any(getattr(item, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(item, k, v)
            item.save(update_fields=list(values))
            result.items_updated += 1
    # Rows the corrected file no longer has: dropped unless a hazard was graded under them.
    Criterion.objects.filter(pk__in=[c.pk for c in existing.values()], hazards__isnull=True).delete()


def _newer(a: CriterionDocument, b: CriterionDocument) -> int:
    if a.effective_date and b.effective_date and a.effective_date != b.effective_date:
        return -1 if a.effective_date < b.effective_date else 1
    return -1 if a.pk < b.pk else (1 if a.pk > b.pk else 0)


def _link_versions(document: CriterionDocument) -> list[CriterionDocument]:
    """Chain the versions of this title in this sector, oldest → newest; returns those `document` supersedes."""
    versions = sorted(
        CriterionDocument.objects.filter(sector=document.sector_id, title=document.title), key=cmp_to_key(_newer)
    )
    for older, newer in zip(versions, versions[1:], strict=False):
        if older.superseded_by_id != newer.pk:
            older.superseded_by = newer
            older.save(update_fields=["superseded_by"])
    if versions[-1].superseded_by_id is not None:
        versions[-1].superseded_by = None
        versions[-1].save(update_fields=["superseded_by"])
    index = next(i for i, v in enumerate(versions) if v.pk == document.pk)
    return versions[:index]


def search_criteria(text: str = "", sector=None, in_force_only: bool = True) -> QuerySet[Criterion]:
    """Items whose text or article contains every word of `text` (any database: icontains, ANDed)."""
    qs = Criterion.objects.select_related("document", "document__sector")
    for word in (text or "").split():
        qs = qs.filter(Q(text__icontains=word) | Q(article__icontains=word))
    if sector is not None and sector != "":
        if isinstance(sector, Sector):
            qs = qs.filter(document__sector=sector)
        elif isinstance(sector, int) or str(sector).isdigit():
            qs = qs.filter(document__sector_id=int(sector))
        else:
            qs = qs.filter(document__sector__code=sector)
    if in_force_only:
        qs = qs.filter(document__superseded_by__isnull=True)
    return qs.order_by("document__sector__order", "document_id", "order")
