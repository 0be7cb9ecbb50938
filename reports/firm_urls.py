"""Addresses of the enterprise's own area (/co-so/) and of DOIT's review of its submissions."""

from django.urls import path

from reports import firm_views as v

app_name = "firms"

urlpatterns = [
    path("", v.overview, name="overview"),
    path("thong-tin/<int:pk>/", v.profile, name="profile"),
    path("nhiem-vu/", v.tasks, name="tasks"),
    path("tap-huan/", v.trainings, name="trainings"),
    path("giai-phap/", v.options, name="options"),
    path("danh-gia/them/<int:facility>/", v.assessment_edit, name="assessment_new"),
    path("danh-gia/<int:pk>/sua/", v.assessment_edit, name="assessment_edit"),
    path("danh-gia/<int:assessment>/giai-phap/them/", v.option_edit, name="option_new"),
    path("giai-phap/<int:pk>/", v.option_edit, name="option_edit"),
    path("giai-phap/<int:pk>/minh-chung/", v.option_evidence_add, name="option_evidence_add"),
    path("minh-chung/<int:pk>/", v.evidence_download, name="evidence_download"),
    path("bao-cao/", v.report_list, name="report_list"),
    path("bao-cao/lap/<int:year>/", v.report_start, name="report_start"),
    path("bao-cao/<int:pk>/", v.report_detail, name="report_detail"),
    # DOIT
    path("tham-tra/", v.review_queue, name="review_queue"),
    path("tham-tra/nhac/", v.review_remind, name="review_remind"),
    path("tham-tra/<int:pk>/", v.review_detail, name="review_detail"),
    path("tham-tra/<int:pk>/<slug:action>/", v.review_action, name="review_action"),
]
