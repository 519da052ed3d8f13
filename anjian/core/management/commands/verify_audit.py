"""`anjian verify_audit`: recompute every sign-off chain and name the first broken row of each; exit status 1 when
any is broken. `--seal-missing` first seals rows written before the chains existed (once, after an upgrade)."""

from django.core.management.base import BaseCommand, CommandError

from anjian.core import chain


class Command(BaseCommand):
    help = "Check the sign-off chains (hazard steps, signatures, enforcement documents, report submissions)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal-missing", action="store_true", help="Seal rows that have no seal yet (after an upgrade only)."
        )

    def handle(self, *args, seal_missing=False, **options):
        if seal_missing:
            self.stdout.write(f"sealed {chain.seal_missing()} rows written before the chains")
        checked, problems = chain.check()
        for p in problems:
            self.stdout.write(f"BROKEN {p.model} #{p.object_id} chain {p.chain or '—'}: {p.reason}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {checked} links checked")
        self.stdout.write(f"OK: {checked} links checked, every chain intact")
