from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.task_list, name="index"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/tien-do/", views.progress_create, name="progress_create"),
    path("<int:pk>/hoat-dong/", views.task_activity_create, name="task_activity_create"),
    path("hoat-dong/", views.activity_list, name="activity_list"),
    path("hoat-dong/them/", views.activity_create, name="activity_create"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path(
        "hoat-dong/<int:pk>/minh-chung/",
        views.activity_evidence_add,
        name="activity_evidence_add",
    ),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("doanh-nghiep/tim/", views.enterprise_search, name="enterprise_search"),
]
