"""`generate_province --counties N --seed S`: a province of N counties in an empty database, to try Anjian at scale.

The work is anjian.demo.province (planned from the seed, written in bulk); this command checks the database is
empty, reports each county as it is written and prints the logins of the offices.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from anjian.core.management.commands.load_demo import pad
from anjian.demo.generator import DEFAULT_SEED
from anjian.demo.province.build import PASSWORD, Sizes, generate, occupied
from anjian.demo.province.places import MAX_COUNTIES


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Generate a province of N counties (units, hazards, visits, risk points) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=1, help=f"Number of counties, 1 to {MAX_COUNTIES}.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seed of the generator.")
        sizes = Sizes()
        for name, default in (
            ("units", sizes.units),
            ("hazards", sizes.hazards),
            ("visits", sizes.visits),
            ("risk-points", sizes.risk_points),
        ):
            parser.add_argument(f"--{name}-per-county", type=positive, default=default, help=f"Default {default}.")

    def handle(self, *args, counties=1, seed=DEFAULT_SEED, **options):
        if not 1 <= counties <= MAX_COUNTIES:
            raise CommandError(f"Choose from 1 to {MAX_COUNTIES} counties.")
        reason = occupied()
        if reason:
            raise CommandError(
                f"The database already holds data ({reason}). generate_province only fills an empty database: "
                "start from a fresh one (created and migrated)."
            )
        sizes = Sizes(
            units=options["units_per_county"],
            hazards=options["hazards_per_county"],
            visits=options["visits_per_county"],
            risk_points=options["risk_points_per_county"],
        )
        started = time.monotonic()

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        counts, logins = generate(counties, seed, sizes, say)
        say(f"Province generated in {time.monotonic() - started:.1f} s (seed {seed}): {counts_line(counts)}.")
        self.stdout.write(f"\nLogins (password for all: {PASSWORD}); each department and town has its officers too,")
        self.stdout.write("e.g. yingji_360732, town_360732104 (and their second: …_2).")
        for username, role, scope in logins:
            self.stdout.write(f"{username:<16} {role:<14} {pad(scope, 28)}{PASSWORD}")


def counts_line(counts: dict) -> str:
    """Rows written by kind, named as the models name them (in English, as the rest of the command's output)."""
    with translation.override("en"):
        return ", ".join(f"{n} {model._meta.verbose_name_plural}" for model, n in counts.items())
