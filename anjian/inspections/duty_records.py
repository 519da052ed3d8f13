"""What the unit's own records say behind a failed duty item of the spot check (附件4: 企业主要负责人未带队检查,
电焊等人员无证上岗作业, 外包外租安全管理混乱, 未按规定开展应急演练): the overdue duty, the uncertified welder, the disorderly
contract, the drill missing — found by the apps that keep those records (core.spot_checks), as the viewer may see
them, on the day of the visit. One query a kind of record, whatever the number of failed items."""

from __future__ import annotations

from anjian.core import spot_checks

from .choices import ItemResult
from .figures import SPOT_CHECK_ITEMS
from .models import Inspection, InspectionResult

ITEM_OF_TEXT = {text: key for key, (_label, texts) in SPOT_CHECK_ITEMS.items() for text in texts}


def item_of(result: InspectionResult) -> str | None:
    """The spot-check item a result answers (its text as the checklist words it), or None."""
    return ITEM_OF_TEXT.get((result.text or "").strip())


def records_behind(user, inspection: Inspection, results=None) -> dict[int, list[spot_checks.Found]]:
    """{result id: [Found]} for the failed results of `inspection` that are a duty item of the spot check; each
    Found is a kind of record with the records missing (none: the records show nothing missing) and the page of
    the unit's records of that kind."""
    results = list(inspection.results.all() if results is None else results)
    failed = {}
    for r in results:
        item = item_of(r)
        if r.result == ItemResult.FAIL and item is not None and spot_checks.sources(item):  # an app keeps records
            failed[r.pk] = item
    if not failed:
        return {}
    wanted = {item: {inspection.unit_id} for item in set(failed.values())}
    found = spot_checks.behind(user, wanted, inspection.visit_date)
    return {pk: found.get((item, inspection.unit_id), []) for pk, item in failed.items()}
