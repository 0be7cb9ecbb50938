from django.urls import path

from enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
]
