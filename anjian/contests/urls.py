from django.urls import path, re_path

from .views import bank, public, reports, rounds, take

app_name = "contests"
PK = r"(?P<pk>[0-9]{1,18})"  # larger ids overflow the database's integer column
KEY = r"(?P<key>[A-Za-z0-9_-]{1,24})"
urlpatterns = [
    path("", rounds.index, name="index"),
    path("new/", rounds.round_new, name="round_new"),
    re_path(rf"^{PK}/$", rounds.round_detail, name="round"),
    re_path(rf"^{PK}/edit/$", rounds.round_edit, name="round_edit"),
    re_path(rf"^{PK}/(?P<action>open|close)/$", rounds.round_transition, name="round_transition"),
    re_path(rf"^{PK}/results\.xlsx$", rounds.results_xlsx, name="results"),
    re_path(rf"^{PK}/leaderboard/$", reports.leaderboard, name="leaderboard"),
    re_path(rf"^{PK}/take/$", take.take, name="take"),
    re_path(rf"^attempts/{PK}/$", take.attempt_detail, name="attempt"),
    re_path(rf"^attempts/{PK}/answer/$", take.answer, name="answer"),
    re_path(rf"^attempts/{PK}/submit/$", take.submit, name="submit"),
    path("questions/", bank.QuestionListView.as_view(), name="questions"),
    path("questions/new/", bank.question_new, name="question_new"),
    re_path(rf"^questions/{PK}/active/$", bank.question_active, name="question_active"),
    path("questions/import/", bank.import_questions, name="import"),
    path("questions/template.xlsx", bank.import_template, name="template"),
    path("participation/", reports.participation, name="participation"),
    re_path(rf"^p/{KEY}/$", public.public_round, name="public"),
    re_path(rf"^p/{KEY}/answer/$", public.public_answer, name="public_answer"),
    re_path(rf"^p/{KEY}/submit/$", public.public_submit, name="public_submit"),
    re_path(rf"^p/{KEY}/leaderboard/$", public.public_board, name="public_board"),
]
