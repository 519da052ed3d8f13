"""Sign-off chains (等保 2.0 数据完整性): every signed row — a hazard's step, a visit's signature, an enforcement
document, a report's submission — is sealed when written: the SHA-256 of its content, chained to the previous
seal of the same record's chain. `anjian verify_audit` recomputes every chain and names the first broken row;
a row changed behind the application's back (raw SQL, a restored dump) no longer matches its seal.

Apps declare what they seal in their `ready()` with `sealed(model, chain=…, fields=…)`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from .models import ChainCheck, Seal

GENESIS = "0" * 64


@dataclass(frozen=True)
class Sealed:
    model: type[models.Model]
    chain: Callable[[models.Model], str]  # the chain a row belongs to, e.g. "hazard:12"
    fields: tuple[str, ...]  # what the seal covers (the signed content; FKs by id)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


SEALED: dict[str, Sealed] = {}


def sealed(model: type[models.Model], *, chain: Callable[[models.Model], str], fields: tuple[str, ...]) -> None:
    spec = Sealed(model, chain, fields)
    SEALED[spec.label] = spec
    post_save.connect(_on_created, sender=model, dispatch_uid=f"anjian-seal-{spec.label}")


def _value(value) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list | int | float | bool | str) or value is None:
        return value
    return str(value)


def content_hash(spec: Sealed, row: models.Model) -> str:
    """SHA-256 of the sealed fields as canonical JSON (sorted keys, FKs by their id)."""
    data = {}
    for name in spec.fields:
        field = row._meta.get_field(name)
        attname = field.attname if isinstance(field, models.ForeignKey) else name
        data[name] = getattr(row, attname)
    return hash_content(spec.label, row.pk, data)


def hash_content(label: str, pk: int, data: dict) -> str:
    """The content hash of a row given as its sealed fields' values (FKs by id): for loaders that write rows in
    bulk and seal them as they go (anjian.demo.province), the same hash `content_hash` gives the stored row."""
    return hash_text(canonical(label, pk, {name: _value(value) for name, value in data.items()}))


def canonical(label: str, pk: int, plain: dict) -> str:
    """The JSON a content hash is taken of, the values already plain (what `_value` makes of them)."""
    return json.dumps([label, pk, plain], sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous}:{content}".encode()).hexdigest()


def seal(row: models.Model) -> Seal:
    """Append `row` to its chain. Callers hold the lock of the chain's record (the hazard, the visit, the
    document counter, the report), so two links never claim the same predecessor (a fork is refused anyway)."""
    spec = SEALED[row._meta.label_lower]
    name = spec.chain(row)
    last = Seal.objects.filter(chain=name).order_by("-id").values_list("hash", flat=True).first()
    previous = last or GENESIS
    content = content_hash(spec, row)
    return Seal.objects.create(
        chain=name, model=spec.label, object_id=row.pk, content_hash=content, previous_hash=previous,
        hash=link_hash(previous, content),
    )  # fmt: skip


def _on_created(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        seal(sender._default_manager.get(pk=instance.pk))  # as stored: JSON and dates read back as the check reads them


def seal_missing() -> int:
    """Seal the rows written without a seal (bulk loads, rows from before chains existed), oldest first, in bulk.
    Run only by the demo loader and the upgrade command: sealing whatever is there would also seal a forged row."""
    made = 0
    for spec in SEALED.values():
        with transaction.atomic():
            heads = dict(Seal.objects.order_by("id").values_list("chain", "hash"))  # the last link of each chain
            done = Seal.objects.filter(model=spec.label).values("object_id")
            batch: list[Seal] = []
            for row in spec.model._default_manager.exclude(pk__in=done).order_by("pk").iterator(chunk_size=2000):
                name, content = spec.chain(row), content_hash(spec, row)
                previous = heads.get(name, GENESIS)
                link = Seal(chain=name, model=spec.label, object_id=row.pk, content_hash=content,
                            previous_hash=previous, hash=link_hash(previous, content))  # fmt: skip
                heads[name] = link.hash
                batch.append(link)
                if len(batch) >= 2000:
                    made += len(Seal.objects.bulk_create(batch))
                    batch = []
            made += len(Seal.objects.bulk_create(batch))
    return made


def reseal_all() -> int:
    """The demo loader only: its clock moves every stamp of the load after the rows were written (demo.clock),
    so the load's seals are made again over the settled rows, inside the load's transaction."""
    from .pg_guard import maintenance

    with maintenance():
        Seal.objects.all().delete()
        return seal_missing()


@dataclass(frozen=True)
class Problem:
    chain: str
    model: str
    object_id: int
    reason: str


def check(limit: int = 20) -> tuple[int, list[Problem]]:
    """(links checked, the first problems): each chain's first broken link, rows changed since sealed, sealed
    rows gone, and rows never sealed."""
    problems: list[Problem] = []
    checked = 0
    for spec in SEALED.values():
        for problem, counted in _check_model(spec):
            checked += counted
            if problem is not None and len(problems) < limit:
                problems.append(problem)
    report = "\n".join(f"{p.model} #{p.object_id} ({p.chain or '—'}): {p.reason}" for p in problems)
    ChainCheck.objects.create(at=timezone.now(), checked=checked, problems=len(problems), report=report)
    return checked, problems


def _check_model(spec: Sealed) -> Iterator[tuple[Problem | None, int]]:
    heads: dict[str, str] = {}
    broken: set[str] = set()
    seals = Seal.objects.filter(model=spec.label).order_by("chain", "id")
    rows = spec.model._default_manager.all()
    seen: set[int] = set()
    for batch in _batches(seals.iterator(chunk_size=2000), 1000):
        live = rows.in_bulk([s.object_id for s in batch])
        for s in batch:
            seen.add(s.object_id)
            if s.chain in broken:
                continue
            problem = _check_link(spec, s, heads.get(s.chain, GENESIS), live.get(s.object_id))
            heads[s.chain] = s.hash
            if problem is not None:
                broken.add(s.chain)
            yield problem, 1
    for pk in rows.exclude(pk__in=seen).values_list("pk", flat=True)[:100]:
        yield Problem("", spec.label, pk, "never sealed"), 0


def _check_link(spec: Sealed, s: Seal, expected_previous: str, row) -> Problem | None:
    if s.previous_hash != expected_previous or s.hash != link_hash(s.previous_hash, s.content_hash):
        return Problem(s.chain, spec.label, s.object_id, "link does not follow the chain")
    if row is None:
        return Problem(s.chain, spec.label, s.object_id, "sealed row is gone")
    if content_hash(spec, row) != s.content_hash:
        return Problem(s.chain, spec.label, s.object_id, "row changed since it was sealed")
    return None


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def last_check() -> ChainCheck | None:
    return ChainCheck.objects.order_by("-at", "-id").first()
