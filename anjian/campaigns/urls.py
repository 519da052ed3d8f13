from django.urls import re_path

from . import views

app_name = "campaigns"
ID = r"(?P<pk>[0-9]{1,18})"  # longer numbers are no record's id: 404, never an overflow

urlpatterns = [
    re_path(r"^$", views.campaign_list, name="list"),
    re_path(r"^assessment/$", views.assessment_page, name="assessment"),
    re_path(rf"^{ID}/$", views.detail, name="detail"),
    re_path(rf"^{ID}/dispatch/$", views.dispatch_table, name="dispatch"),
    re_path(rf"^{ID}/ranking/$", views.ranking_page, name="ranking"),
    re_path(rf"^{ID}/dispatch/rows/$", views.rows, name="rows"),
    re_path(rf"^{ID}/dispatch\.(?P<extension>xlsx|pdf)$", views.dispatch_file, name="dispatch_file"),
    re_path(
        rf"^{ID}/reports/(?P<participant_pk>[0-9]{{1,18}})/(?P<period>[0-9]{{4}}-[0-9]{{2}})/$",
        views.report,
        name="report",
    ),
    re_path(r"^reports/(?P<report_pk>[0-9]{1,18})/return/$", views.return_report, name="return"),
    re_path(rf"^{ID}/notices/new/$", views.notice_new, name="notice_new"),
    re_path(rf"^notices/{ID}/$", views.notice_page, name="notice"),
    re_path(rf"^notices/{ID}\.(?P<extension>docx|pdf)$", views.notice_file, name="notice_file"),
]

# Tasks measured from the records
from . import task_views  # noqa: E402

TASK = r"(?P<task_pk>[0-9]{1,18})"
urlpatterns += [
    re_path(rf"^{ID}/tasks/{TASK}/$", task_views.task_page, name="task"),
    re_path(rf"^{ID}/tasks/{TASK}/rows/$", task_views.task_rows, name="task_rows"),
]

# 千家示范: the demonstration sites of a campaign (兴安办〔2024〕80号 二（四）)
from . import demo_site_views  # noqa: E402

SITE = r"(?P<site_pk>[0-9]{1,18})"
urlpatterns += [
    re_path(rf"^{ID}/demo-sites/$", demo_site_views.demo_sites_page, name="demo_sites"),
    re_path(rf"^{ID}/demo-sites\.xlsx$", demo_site_views.demo_sites_xlsx, name="demo_sites_xlsx"),
    re_path(rf"^demo-sites/{SITE}/edit/$", demo_site_views.demo_site_edit, name="demo_site_edit"),
    re_path(rf"^demo-sites/{SITE}/advance/$", demo_site_views.demo_site_advance, name="demo_site_advance"),
]
