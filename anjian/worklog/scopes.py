"""How work records and the roster reach the jurisdiction rules (see org/jurisdiction.py).

A town sees (and is counted for) the rows of its own region; a department the rows naming it; the county
office and leaders all. A department's rows lie at the county's region, so no town counts them, and a town's
rows name no department, so no department counts them.
"""

from anjian.core.media import register_visibility
from anjian.org.jurisdiction import Scope, register, restrict

from .models import TechnicalInspector, WorkRecord

for model in (WorkRecord, TechnicalInspector):
    register(model, Scope(region_path="region__path", department="department_id"))


def record_attachment_visible(user, attachment) -> bool:
    """A record's photo or document: to whoever may see the record."""
    return restrict(user, WorkRecord.objects.filter(attachments=attachment)).exists()


register_visibility(record_attachment_visible)
