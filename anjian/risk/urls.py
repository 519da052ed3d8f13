from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.RiskPointListView.as_view(), name="point_list"),
    path("database/", views.RiskDatabaseView.as_view(), name="database"),
    path("points/new/", views.point_edit, name="point_new"),
    path("points/<int:pk>/", views.RiskPointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("points/<int:pk>/assess/", views.assess, name="assess"),
    path("points/<int:pk>/notice-board.pdf", views.point_notice_board, name="notice_board"),
    path("enterprises/<int:pk>/package/", views.package, name="package"),
    path("enterprises/<int:pk>/package/site-plan/", views.upload_site_plan, name="site_plan_upload"),
    path("enterprises/<int:pk>/package/site-plan/image/", views.site_plan_image, name="site_plan_image"),
    path("enterprises/<int:pk>/package/zones/", views.save_zones, name="zones"),
    path("enterprises/<int:pk>/package/<str:name>", views.download, name="download"),
    path("map/", views.regional_map, name="regional_map"),
    path("map/upload/", views.upload_region_map, name="region_map_upload"),
    path("reviews/", views.review_list, name="reviews"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_edit, name="source_new"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
]
