"""`backup`: a copy that opens on its own and holds the data."""

import json
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from anjian.core.management.commands.backup import dump_json

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the file copy is for SQLite databases")


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_opens_with_the_enterprise_rows(world, tmp_path, capsys):
    path = tmp_path / "copy.sqlite3"
    call_command("backup", str(path))
    assert str(path) in capsys.readouterr().out
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {r[0] for r in db.execute("SELECT name FROM registry_enterprise")}
    assert "王国平烟花爆竹零售店" in names and len(names) == 5


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_default_backup_goes_to_var_backups_with_a_timestamp(world, tmp_path, settings, capsys):
    settings.DATA_DIR = tmp_path
    call_command("backup")
    files = list((tmp_path / "backups").glob("anjian-*-*.sqlite3"))
    assert len(files) == 1 and str(files[0]) in capsys.readouterr().out


def test_json_dump_for_other_databases_uses_natural_keys(world, tmp_path):
    path = tmp_path / "dump.json"
    dump_json(path)
    records = json.loads(path.read_text())
    shops = [
        r for r in records if r["model"] == "registry.enterprise" and r["fields"]["name"] == "王国平烟花爆竹零售店"
    ]
    assert len(shops) == 1
    assert not any(r["model"] == "contenttypes.contenttype" for r in records)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="other databases are dumped as JSON")
@pytest.mark.django_db(transaction=True)
def test_backup_of_a_server_database_is_a_json_dump(world, tmp_path, capsys):
    path = tmp_path / "dump.json"
    call_command("backup", str(path))
    assert str(path) in capsys.readouterr().out
    names = {r["fields"]["name"] for r in json.loads(path.read_text()) if r["model"] == "registry.enterprise"}
    assert "王国平烟花爆竹零售店" in names and len(names) == 5
