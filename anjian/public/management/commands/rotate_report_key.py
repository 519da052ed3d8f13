"""`rotate_report_key`: re-seal every reporter's name and phone under the first key of ANJIAN_REPORT_KEY (or of the
key file), after a new key was put first; the old keys can be dropped afterwards (public.sealing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anjian.public import sealing
from anjian.public.models import PublicReport


class Command(BaseCommand):
    help = "Re-encrypt the sealed identities of public reporters under the current first key."

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            rows = PublicReport.objects.exclude(name_sealed="", phone_sealed="").select_for_update()
            for report in rows.only("pk", "name_sealed", "phone_sealed").iterator():
                try:
                    report.name_sealed = sealing.reseal(report.name_sealed)
                    report.phone_sealed = sealing.reseal(report.phone_sealed)
                except sealing.Unreadable as exc:
                    raise CommandError(
                        f"Report {report.pk} cannot be opened with any key given: nothing was changed."
                    ) from exc
                report.save(update_fields=["name_sealed", "phone_sealed"])
                done += 1
        self.stdout.write(f"{done} reports re-sealed.")
