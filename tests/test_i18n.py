"""The Chinese translation is complete: a string added anywhere without a translation fails here.

Needs GNU gettext (xgettext, msgmerge, msgfmt): `apt-get install gettext`.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR).parent
PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
IGNORE = [".venv", "var", "node_modules", ".git", "htmlcov"]


def entries(po_text: str) -> list[dict]:
    """The entries of a .po file (stdlib only): msgctxt, msgid, msgid_plural, msgstr(s), flags, obsolete."""
    result = []
    for block in po_text.split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
                continue
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                if key.startswith("msgstr"):
                    entry["msgstr"].append(m.group(2))
                else:
                    entry[key] = m.group(2)
            elif line.startswith('"') and key:
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += line[1:-1]
                else:
                    entry[key] += line[1:-1]
        if "msgid" in entry and not entry.get("obsolete"):
            result.append(entry)
    return result


def keys(po_text: str) -> set[tuple[str | None, str]]:
    return {(e.get("msgctxt"), e["msgid"]) for e in entries(po_text) if e["msgid"]}


@pytest.fixture(scope="module")
def gettext_tools():
    missing = [t for t in ("xgettext", "msgmerge", "msgfmt") if shutil.which(t) is None]
    if missing:
        pytest.fail(f"GNU gettext is needed for the i18n checks (apt-get install gettext): missing {missing}")


def test_every_source_string_is_in_the_catalog(gettext_tools, tmp_path, settings, monkeypatch):
    """makemessages over a copy of the source (without its locale directory, which makemessages would
    otherwise write into), then compare its msgids with the committed .po."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT / "anjian", source / "anjian", ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.csv")
    )
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [str(source / "locale")]
    call_command("makemessages", locale=["zh_Hans"], ignore_patterns=IGNORE, verbosity=0)
    fresh = (source / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    missing = keys(fresh) - keys(PO.read_text(encoding="utf-8"))
    assert not missing, (
        "Strings not in anjian/locale/zh_Hans/LC_MESSAGES/django.po — run "
        "`manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var`, translate, then compilemessages: "
        f"{sorted(missing, key=str)}"
    )


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalog = entries(PO.read_text(encoding="utf-8"))
    assert len(catalog) > 100
    header = catalog[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    untranslated = [e["msgid"] for e in catalog[1:] if not e["msgstr"] or any(not s for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in catalog[1:] if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_the_compiled_catalog_matches_the_po(gettext_tools, tmp_path):
    """The committed .mo is the compiled .po (compared by content: git does not keep file times)."""
    assert MO.exists(), "run `manage.py compilemessages`"
    fresh = tmp_path / "django.mo"
    msgfmt = shutil.which("msgfmt") or "msgfmt"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True)  # noqa: S603  (fixed args)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog, (
            "django.mo is older than django.po: run `manage.py compilemessages`"
        )
