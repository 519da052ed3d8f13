import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from anjian.org.models import Department, IndustryCommittee, SafetyCommittee, Section, Sector, User
from anjian.registry import services


def test_a_history_row_cannot_be_edited_or_deleted(world):
    mine = world.enterprises["mine"]
    services.save_enterprise(mine, {"principal": "张三"})
    row = mine.history.first()
    row.principal = "伪造"
    for attempt in (row.save, row.delete, mine.history.all().delete):
        with pytest.raises(PermissionDenied), transaction.atomic():
            attempt()
    assert mine.history.first().principal == "张三"


def test_deleting_a_record_keeps_its_history(world):
    school = world.enterprises["school"]
    pk = school.pk
    school.delete()
    model = type(world.enterprises["mine"]).history.model
    assert list(model.objects.filter(id=pk).values_list("history_type", flat=True)) == ["-", "+"]


@pytest.mark.parametrize("model", [Sector, Section, Department, SafetyCommittee, IndustryCommittee, User])
def test_every_organisation_record_is_tracked(model):
    assert hasattr(model, "history")


def test_user_history_never_stores_passwords(world):
    fields = {f.name for f in User.history.model._meta.get_fields()}
    assert "password" not in fields and "username" in fields
