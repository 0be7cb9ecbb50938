from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
]
