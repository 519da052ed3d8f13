"""`export_enterprises FILE.xlsx [--sector CODE] [--region CODE] [--signboards]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anjian.org.models import Region, Sector
from anjian.registry.exports import enterprises_xlsx, signboards_xlsx
from anjian.registry.models import Enterprise
from anjian.registry.services import enterprises_in


class Command(BaseCommand):
    help = "Export the enterprise list, or the signboard table of attachment 2, to an xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file to write")
        parser.add_argument("--sector", help="sector code or name, e.g. fireworks or 烟花爆竹")
        parser.add_argument("--region", help="region code or name; a town includes everything under it")
        parser.add_argument("--signboards", action="store_true", help="write the signboard table (attachment 2)")

    def handle(self, *args, **options):
        qs = Enterprise.objects.all()
        sector = None
        if options["sector"]:
            sector = (
                Sector.objects.filter(code=options["sector"]).first()
                or Sector.objects.filter(name=options["sector"]).first()
            )
            if sector is None:
                raise CommandError(_("Unknown sector “%(value)s”.") % {"value": options["sector"]})
            qs = qs.filter(sector=sector)
        region = None
        if options["region"]:
            region = (
                Region.objects.filter(code=options["region"]).first()
                or Region.objects.filter(name=options["region"]).first()
            )
            if region is None:
                raise CommandError(_("Unknown region “%(value)s”.") % {"value": options["region"]})
            qs = enterprises_in(region, qs)
        if options["signboards"]:
            title = f"{sector.name if sector else ''}安全生产责任公示牌"
            if region is not None:
                title = f"{region.name}{title}"
            data = signboards_xlsx(qs, title)
        else:
            data = enterprises_xlsx(qs)
        path = Path(options["file"])
        path.write_bytes(data)
        self.stdout.write(_("%(count)d enterprises written to %(path)s") % {"count": qs.count(), "path": path})
