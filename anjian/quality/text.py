"""Chinese text as words (jieba, offline and quiet) and the vagueness test of rules_data."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

from . import rules_data

_lock = threading.Lock()
_jieba: ModuleType | None = None

# Words too common to tell two texts apart.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 对 被 把 将 由 为 有 是 未 不 无 等 其 中 内 上 下 个 之 以 并 且 已 也 于 按 "
    "应 要 时 后 前 并且 或者 以及 进行 存在 没有 按照 规定 要求 情形 情况 问题".split()
)
_WORD = re.compile(r"\w", re.UNICODE)
_NOT_CONTENT = re.compile(r"[\W_]+", re.UNICODE)


def jieba() -> ModuleType:
    """jieba, initialised once per process from its bundled dictionary; its log lines are silenced."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba as module

                module.setLogLevel(logging.WARNING)
                module.initialize()
                _jieba = module
    return _jieba


def tokens(text: str) -> list[str]:
    """The words of `text` for ranking and comparing: search-mode segmentation (安全出口 also gives 安全,
    出口), lower-cased, without punctuation and stop words."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=8192)
def _cached(text: str) -> tuple[str, ...]:
    words = (w.strip().lower() for w in jieba().cut_for_search(text))
    return tuple(w for w in words if w and _WORD.search(w) and w not in STOPWORDS)


def _tokens(text: str) -> tuple[str, ...]:
    # The criteria library's items are kept (bounded); a long free text is not worth keeping.
    return _cached(text) if len(text) <= 400 else _cached.__wrapped__(text)


def jaccard(a: str, b: str) -> float:
    """How much the word sets of two texts overlap, 0 to 1."""
    x, y = set(tokens(a)), set(tokens(b))
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Vagueness:
    phrase: str  # the first vague phrase found, or ""
    remaining: int  # content characters left without the vague phrases and filler words


@cache
def _phrases() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in rules_data.VAGUE_PHRASES)


def vagueness(text: str, min_chars: int) -> Vagueness | None:
    """How `text` says nothing concrete, or None when it does (or is empty: required fields are checked
    elsewhere). Vague: fewer than `min_chars` content characters remain once the vague phrases and filler
    words are removed, and it names no number or measure."""
    text = (text or "").strip()
    if not text or rules_data.NUMBER.search(text):
        return None
    found = [m for m in (p.search(text) for p in _phrases()) if m]
    phrase = min(found, key=lambda m: m.start()).group(0) if found else ""  # the first in the text
    rest = text
    for pattern in _phrases():
        rest = pattern.sub(" ", rest)
    for word in rules_data.FILLER_WORDS:
        rest = rest.replace(word, " ")
    remaining = len(_NOT_CONTENT.sub("", rest))
    if remaining >= min_chars:
        return None
    return Vagueness(phrase, remaining)
