"""Suggest the major-hazard criterion items (重大事故隐患判定标准) a hazard's description matches, offline.

The in-force items of the library are segmented with jieba and ranked with BM25 (rank-bm25) against the
description. The index is built lazily, once per process for a given library (and sector): the items are
read on every call (a few hundred short rows) and the index is rebuilt only when they changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from anjian.hazards.models import Criterion

from .text import tokens

DEFAULT_LIMIT = 5
MAX_LIMIT = 20


@dataclass(frozen=True)
class Suggestion:
    id: int
    document: str
    doc_number: str
    article: str
    item: str
    text: str
    score: float


@dataclass
class _Index:
    rows: list[tuple]
    bm25: BM25Okapi | None


_lock = threading.Lock()
_indexes: dict[tuple, _Index] = {}

FIELDS = ("pk", "document__title", "document__doc_number", "article", "item", "text", "document__sector_id")


def _library(sector_id: int | None) -> list[tuple]:
    qs = Criterion.objects.filter(document__superseded_by__isnull=True)
    if sector_id is not None:
        qs = qs.filter(document__sector_id=sector_id)
    return list(qs.order_by("document__sector__order", "document_id", "order").values_list(*FIELDS))


def _index(sector_id: int | None) -> _Index:
    rows = _library(sector_id)
    key = (sector_id, hash(tuple(rows)))
    found = _indexes.get(key)
    if found is None:
        corpus = [tokens(f"{r[5]}") for r in rows]
        found = _Index(rows, BM25Okapi(corpus) if any(corpus) else None)
        with _lock:
            for old in [k for k in _indexes if k[0] == sector_id]:  # one index per sector is enough
                _indexes.pop(old, None)
            _indexes[key] = found
    return found


def suggest(text: str, sector_id: int | None = None, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """The items best matching `text`, best first, at most `limit`; items sharing no word are left out."""
    limit = max(1, min(limit, MAX_LIMIT))
    index = _index(sector_id)
    query = tokens(text)
    if index.bm25 is None or not query:
        return []
    scores = index.bm25.get_scores(query)
    ranked = sorted(range(len(index.rows)), key=lambda i: (-scores[i], i))
    out = []
    for i in ranked[:limit]:
        if scores[i] <= 0:
            break
        pk, title, number, article, item, item_text, _sector = index.rows[i]
        out.append(Suggestion(pk, title, number, article, item, item_text, round(float(scores[i]), 4)))
    return out
