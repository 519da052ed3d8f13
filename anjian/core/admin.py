from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Anjian administration")
admin.site.site_title = _("Anjian")
admin.site.index_title = _("Work Safety Supervision Platform")
