from django.urls import path, re_path

from .views import people, permits, records, reports

app_name = "people"
PK = r"(?P<pk>[0-9]{1,18})"  # larger ids overflow the database's integer column
WHAT = "training|certificate|absence"  # the kinds of a person's records (views.records.KINDS)
urlpatterns = [
    path("", people.PersonListView.as_view(), name="list"),
    path("export.xlsx", people.PersonListView.as_view(export="xlsx"), name="export"),
    path("new/", people.person_new, name="new"),
    re_path(rf"^{PK}/$", people.person_detail, name="detail"),
    re_path(rf"^{PK}/edit/$", people.person_edit, name="edit"),
    re_path(rf"^{PK}/(?P<what>{WHAT})/new/$", records.record_new, name="record_new"),
    re_path(rf"^(?P<what>{WHAT})/{PK}/edit/$", records.record_edit, name="record_edit"),
    re_path(rf"^(?P<what>{WHAT})/{PK}/delete/$", records.record_delete, name="record_delete"),
    path("training/", records.TrainingListView.as_view(), name="training"),
    path("training/export.xlsx", records.TrainingListView.as_view(export="xlsx"), name="training_export"),
    path("certificates/", records.CertificateListView.as_view(), name="certificates"),
    path("certificates/export.xlsx", records.CertificateListView.as_view(export="xlsx"), name="certificates_export"),
    path("permits/", permits.PermitListView.as_view(), name="permits"),
    path("permits/export.xlsx", permits.PermitListView.as_view(export="xlsx"), name="permits_export"),
    path("permits/new/", permits.permit_new, name="permit_new"),
    re_path(rf"^permits/{PK}/$", permits.permit_detail, name="permit_detail"),
    path("welders/", reports.welders, name="welders"),
    path("certification-rate/", reports.certification_rate, name="rate"),
    path("import/", reports.import_people, name="import"),
    path("import/template.xlsx", reports.import_template, name="template"),
]
