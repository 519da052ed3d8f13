"""The shipped rule table (十个一次 and the campaign check) and the default duty-report template, written by the
migration and again here for a database that lost them (a flushed test database, a restored empty one)."""

from __future__ import annotations

import importlib

from django.apps import apps


def ensure_defaults() -> None:
    """Create the shipped duty items and the default template where missing (existing rows are left alone)."""
    migration = importlib.import_module("anjian.duties.migrations.0002_duty_items_and_default_template")
    migration.load(apps, None)
