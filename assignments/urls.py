from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
]
