"""Views of risk graded control: risk points, assessments, the risk package, the regional map, reviews, sources."""

from .assess import assess
from .package import download, package, save_zones, site_plan_image, upload_site_plan
from .points import RiskDatabaseView, RiskPointDetailView, RiskPointListView, point_edit, point_notice_board
from .regional import regional_map, review_list, upload_region_map
from .sources import source_detail, source_edit, source_list

__all__ = [
    "RiskDatabaseView",
    "RiskPointDetailView",
    "RiskPointListView",
    "assess",
    "download",
    "package",
    "point_edit",
    "point_notice_board",
    "regional_map",
    "review_list",
    "save_zones",
    "site_plan_image",
    "source_detail",
    "source_edit",
    "source_list",
    "upload_region_map",
    "upload_site_plan",
]
