from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("new/", views.new_visit, name="new"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("<int:pk>/results/", views.record, name="record"),
    path("<int:pk>/results/<int:result_pk>/hazard/", views.to_hazard, name="to_hazard"),
    path("<int:pk>/results/<int:result_pk>/photo/", views.result_photo, name="photo"),
    path("<int:pk>/results/<int:result_pk>/photo/thumb/", views.result_photo, {"size": "thumb"}, name="photo_thumb"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/signatures/<int:signature_pk>/image/", views.signature_image, name="signature_image"),
    path("actions/", views.ActionListView.as_view(), name="actions"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/preview/", views.action_preview, name="action_preview"),
    path("actions/<int:pk>/typical/", views.mark_typical, name="mark_typical"),
    path("typical/", views.typical, name="typical"),
    path("documents/", views.DocumentListView.as_view(), name="documents"),
    path("documents/issue/", views.issue, name="issue"),
    path("documents/<int:pk>/pdf/", views.document_print, name="document_pdf"),
    path("units/<int:unit_pk>/trace/", views.trace, name="trace"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("checklists/", views.checklist_list, name="checklists"),
    path("checklists/<int:pk>/edit/", views.checklist_edit, name="checklist_edit"),
    path("figures/", views.figures, name="figures"),
    path("figures/<slug:key>/", views.figure_rows, name="figure_rows"),
]
