"""On PostgreSQL the database itself refuses to rewrite the audit trail: a trigger on every history table and on
the signed rows (hazard steps, signatures, enforcement documents, seals) refuses UPDATE and DELETE; report
submissions (returned later) and the security log refuse DELETE and UPDATE respectively. Installed after every
`migrate`, so the tables of apps added later are guarded too. SQLite has no such triggers here: the application
refuses the same changes (core.audit) and the chains (core.chain) reveal what went around it.

Deliberate upkeep (the demo's clock, pruning the security log past its retention, resealing the demo) runs
inside `maintenance()`, which lifts the guard for its own transaction only."""

from __future__ import annotations

from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction

from .audit import is_history_model

FUNCTION = """
CREATE OR REPLACE FUNCTION anjian_refuse_rewrite() RETURNS trigger AS $$
BEGIN
  IF current_setting('anjian.maintenance', true) = 'on' THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  RAISE EXCEPTION 'audit rows cannot be changed or deleted (%: % on %)', TG_OP, TG_TABLE_NAME, TG_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""
# model label → the operations refused on it
SIGNED = {
    "hazards.hazardevent": ("UPDATE", "DELETE"),
    "inspections.signature": ("UPDATE", "DELETE"),
    "inspections.enforcementdocument": ("UPDATE", "DELETE"),
    "core.seal": ("UPDATE", "DELETE"),
    "campaigns.submission": ("DELETE",),
    "core.securityevent": ("UPDATE", "DELETE"),
    "public.reportevent": ("UPDATE", "DELETE"),
    "public.identityview": ("UPDATE", "DELETE"),
}


def guarded_tables() -> dict[str, tuple[str, ...]]:
    tables = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if is_history_model(model):
            tables[model._meta.db_table] = ("UPDATE", "DELETE")
        elif label in SIGNED:
            tables[model._meta.db_table] = SIGNED[label]
    return tables


def install(using: str = "default") -> int:
    """(Re)create the function and one trigger per guarded table; returns how many tables are guarded."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return 0
    tables = guarded_tables()
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION)
        existing = set(conn.introspection.table_names(cursor))
        for table, operations in tables.items():
            if table not in existing:
                continue
            name = conn.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS anjian_guard ON {name}")
            cursor.execute(
                f"CREATE TRIGGER anjian_guard BEFORE {' OR '.join(operations)} ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION anjian_refuse_rewrite()"
            )
    return len(tables)


def installed_after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "core":  # once per migrate run (post_migrate is sent for every app)
        install(using)


@contextmanager
def maintenance():
    """A block in which the guard lets deliberate upkeep through; the setting is local to the transaction and put
    back as it was when the block ends (a savepoint inside a longer transaction lifts the guard for itself only)."""
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(current_setting('anjian.maintenance', true), '')")
            before = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('anjian.maintenance', 'on', true)")
        try:
            yield
        finally:
            if not connection.needs_rollback:  # after an error the savepoint's rollback puts the setting back itself
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('anjian.maintenance', %s, true)", [before or "off"])
