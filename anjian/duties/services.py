"""The duties' services in one place, for the views, the API, the commands, the scheduler and other apps: the
rules live in the topic modules (calendar, reports, lists, list_import, contracts, reminders); this module only
names them.

For the scheduler (notifications.scans), daily:
- `generate_occurrences(today) -> int`: the current periods' occurrences of every operating unit;
- `remind_due(today) -> int`: tell enterprise users what falls due within three days or is overdue.

For the emergency and people apps: `follow(user, code, record, unit, day, others)` keeps the `drill` and
`training` duties done by the unit's drills and trainings (evidence.py).
"""

from .calendar import generate_occurrences, mark_done, save_item, status_q
from .contracts import change_contract, record_contract
from .evidence import DRILL, TRAINING, done_by, follow
from .list_import import import_items
from .lists import acknowledge_delivery, deliver_many, record_delivery, save_list
from .reminders import remind, remind_due
from .reports import acknowledge, create_report, edit_report, save_template, sign

__all__ = [
    "DRILL",
    "TRAINING",
    "acknowledge",
    "acknowledge_delivery",
    "change_contract",
    "create_report",
    "deliver_many",
    "done_by",
    "edit_report",
    "follow",
    "generate_occurrences",
    "import_items",
    "mark_done",
    "record_contract",
    "record_delivery",
    "remind",
    "remind_due",
    "save_item",
    "save_list",
    "save_template",
    "sign",
    "status_q",
]
