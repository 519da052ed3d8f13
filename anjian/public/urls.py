from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    # The reporter's pages: no account.
    path("report/", views.report, name="report"),
    path("report/towns/", views.towns, name="report_towns"),
    path("report/track/", views.track, name="track"),
    path("report/track/answer/", views.track_answer, name="track_answer"),
    # The public register of typical enforcement cases: no account.
    path("cases/", views.cases, name="cases"),
    path("cases/<slug:slug>/", views.case, name="case"),
    # The receiving units' pages.
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/export.xlsx", views.ReportListView.as_view(export="xlsx"), name="report_export"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/act/<slug:action>/", views.report_action, name="report_action"),
    path("reports/<int:pk>/hazard/", views.open_hazard, name="open_hazard"),
    path("reports/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("reports/<int:pk>/reward/", views.reward_propose, name="reward_propose"),
    path("rewards/", views.RewardListView.as_view(), name="reward_list"),
    path("rewards/<int:pk>/", views.reward_detail, name="reward_detail"),
    path("rewards/<int:pk>/<slug:step>/", views.reward_step, name="reward_step"),
    path("publications/", views.CaseListView.as_view(), name="case_list"),
    path("publications/draft/<int:action_pk>/", views.case_draft, name="case_draft"),
    path("publications/<int:pk>/", views.case_detail, name="case_detail"),
    path("publications/<int:pk>/publish/", views.case_publish, name="case_publish"),
    path("publications/<int:pk>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("identity-views/", views.identity_views, name="identity_views"),
    path("policy/", views.policy, name="policy"),
    path("stats/", views.stats, name="stats"),
]
