"""How the contest's rows reach the jurisdiction rules (org/jurisdiction.py).

A round and a question belong to the county or the town that organises them (its region): the county office sees
every one of its county, a town its own. A participant lies where they work — their unit's village, the town
they named on a public round, the region of their account — with their unit's sector and department, so the
county, the towns and the departments count participation as they count any record of a unit; a unit sees its
own people's entries. Enterprises see no question (the bank holds the answers)."""

from anjian.org.jurisdiction import Scope, register

from .models import Attempt, DrawnQuestion, Entry, Question, Round

register(Round, Scope(region_path="region__path"))
register(Question, Scope(region_path="region__path"))


def entry_scope(via: str) -> Scope:
    return Scope(
        region_path=f"{via}region__path",
        sector=f"{via}sector_id",
        enterprise=f"{via}enterprise_id",
        department=f"{via}enterprise__responsible_department_id",
        grid=f"{via}enterprise__grid_id",
    )


register(Entry, entry_scope(""))
register(Attempt, entry_scope("entry__"))
register(DrawnQuestion, entry_scope("attempt__entry__"))
