"""Check the campaign companions of bench/sql.py against the app: the numbers the hand-written SQL computes
for attachment 4 must be those of anjian/campaigns/services.py, or its timing compares unlike things.

Run: .venv/bin/python bench/check_campaign_sql.py [--units N] [--data-dir DIR] [--pg URL]   (options as bench/pages.py)

With --pg, on that PostgreSQL database (the demo is loaded into it when it is empty, and reused after) and with
the statements in PostgreSQL's words, as bench/scale.py times them.

Compares, for the demo campaign's latest closed month:
  - the county total: services.rollup()'s total with sql.campaign_rollup, and services.dispatch() without a
    participant with sql.campaign_dispatch (every cell of attachment 4 is computed);
  - a town (gaoxing's) and a department (yingji's): services.dispatch() with sql.campaign_dispatch(…, True);
  - every participant the roll-up recounts (not signed): its row with sql.campaign_rollup's, and every row's
    state;
  - every participant, for the computed cells: services.dispatch() with the participant statements.
Prints each comparison and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sql  # noqa: E402 - bench/sql.py, beside this file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300, help="load_demo --enterprises N (default 300)")
    parser.add_argument("--data-dir", default=None, help="keep and reuse the database in this directory")
    parser.add_argument("--pg", default=None, help="a PostgreSQL database URL instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as scratch:
        data_dir = args.data_dir or scratch
        os.environ["ANJIAN_DATA_DIR"] = data_dir
        Path(data_dir, "static").mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        if args.pg:
            os.environ["DATABASE_URL"] = args.pg
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        sys.exit(0 if run(args) else 1)


def number(key: str, value):
    """A value as the app holds it: amounts to two places, counts whole, None for nothing."""
    from anjian.campaigns.dispatch import CELLS

    if value is None:
        return None
    text = str(round(value, 2)) if isinstance(value, float) else str(value)
    return Decimal(text).quantize(Decimal("0.01")) if CELLS[key].money else int(Decimal(text))


def computed_by_unit(cursor, statements: list[str], params: dict) -> dict:
    """{unit: {cell key: value}} from the statements of sql.campaign_cells (a unit with no rows: zeros)."""
    values: dict = {}
    for statement, keys in zip(statements, sql.CAMPAIGN_CELLS.values(), strict=True):
        cursor.execute(statement, params)
        for unit, *row in cursor.fetchall():
            for key, value in zip(keys, row, strict=True):
                values.setdefault(str(unit), {})[key] = number(key, value or 0)  # (PostgreSQL's ids come as text)
    return values


def with_zeros(found: dict) -> dict:
    values = {key: 0 for keys in sql.CAMPAIGN_CELLS.values() for key in keys}
    values["penalty_amount"] = Decimal("0.00")
    values.update(found)
    values["spot_checked"] = values["units_checked"]
    return values


def compare(label: str, app: dict, mine: dict) -> bool:
    keys = sorted(set(app) | set(mine))
    wrong = [f"{k}: app {app.get(k)!r}, sql {mine.get(k)!r}" for k in keys if app.get(k) != mine.get(k)]
    print(f"{label:<48} {len(keys):>3} cells: {'same' if not wrong else 'DIFFERENT'}")
    for line in wrong:
        print(f"    {line}")
    return not wrong


def run(args: argparse.Namespace) -> bool:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from anjian.campaigns import services
    from anjian.campaigns.dispatch import CELLS
    from anjian.campaigns.models import Campaign, Participant
    from anjian.org.models import User

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO(), if_empty=bool(args.data_dir or args.pg), enterprises=args.units)
    cursor = connection.cursor()
    params = sql.context(cursor, timezone.localdate(), settings.TIME_ZONE)
    campaign = Campaign.objects.select_related("region").get(pk=params["campaign"])
    month = dt.date.fromisoformat(params["campaign_period"])
    county = User.objects.get(username="county")
    print(f"campaign {campaign.pk}, {month:%Y-%m}, frame {params['campaign_start']} – {params['campaign_end']}")
    typed_keys = [k for k, c in CELLS.items() if not c.computed]
    ok = True

    # The roll-up: its statements as bench/pages.py runs them.
    standing, *cells = sql.campaign_rollup("county", pg=bool(args.pg))
    cursor.execute(standing, params)
    rows = cursor.fetchall()
    recounted = computed_by_unit(cursor, cells, params)
    rollup = services.rollup(county, campaign, month)
    mine = with_zeros(recounted.get("total", {}))
    ok &= compare("county total (rollup)", rollup.total, mine)
    states = [(r.name, r.state) for r in rollup.rows]
    same = states == [(name, state) for _id, name, state, _signed, _json in rows]
    print(
        f"{'the rows, their order and states (rollup)':<48} {len(states):>3} rows:  {'same' if same else 'DIFFERENT'}"
    )
    ok &= same
    for (pk, name, state, is_signed, stored), row in zip(rows, rollup.rows, strict=True):
        stored = json.loads(stored) if isinstance(stored, str) else stored or {}  # (PostgreSQL: jsonb, decoded)
        if not is_signed:  # recounted, with its draft's typed figures
            values = with_zeros(recounted.get(str(pk), {})) | {k: number(k, stored.get(k)) for k in typed_keys}
            ok &= compare(f"  recounted: {name} ({state or 'not due'})", row.values, values)
        else:  # as signed
            signed = {key: number(key, value) for key, value in stored.items()}
            ok &= compare(f"  signed: {name} ({state})", row.values, signed)

    # The county's table (the API without a participant).
    found = computed_by_unit(cursor, sql.campaign_dispatch("county", pg=bool(args.pg)), params)
    app = {c.cell.key: c.value for c in services.dispatch(county, campaign, month)}
    ok &= compare("county total (dispatch)", app, with_zeros(found.get("total", {})))

    # A town and a department; then every participant's computed cells.
    yingji = User.objects.get(username="yingji").assignments.exclude(department=None).first().department
    named = {
        campaign.participants.get(pk=params["campaign_participant"]).pk: "town: gaoxing",
        campaign.participants.get(department=yingji).pk: "department: yingji",
    }
    for participant in Participant.objects.filter(campaign=campaign).select_related("region", "department"):
        one = params | {"campaign_participant": participant.pk}
        cells = sql.campaign_dispatch("county", participant=True, pg=bool(args.pg))
        found = with_zeros(computed_by_unit(cursor, cells, one).get(str(participant.pk), {}))
        app = {c.cell.key: c.value for c in services.dispatch(county, campaign, month, participant)}
        label = named.get(participant.pk, "  participant")
        ok &= compare(f"{label} (dispatch) {participant.name}", app, found)
    print("all the same" if ok else "DIFFERENCES: see above")
    return ok


if __name__ == "__main__":
    main()
