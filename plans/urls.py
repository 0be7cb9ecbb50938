from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("lap/", views.plan_create, name="plan_create"),
    path("nam/<int:year>/", views.plan_year, name="plan_year"),
    path("phien-ban/<int:pk>/", views.version_detail, name="version_detail"),
    path("phien-ban/<int:pk>/so-sanh/", views.version_compare, name="version_compare"),
    path("phien-ban/<int:pk>/tai/<slug:fmt>/", views.version_export, name="version_export"),
    path("phien-ban/<int:version_pk>/them-noi-dung/", views.item_edit, name="item_create"),
    path("phien-ban/<int:pk>/<slug:action>/", views.version_action, name="version_action"),
    path("noi-dung/<int:pk>/sua/", views.item_edit, name="item_edit"),
    path("noi-dung/<int:pk>/xoa/", views.item_delete, name="item_delete"),
    path("noi-dung/<int:pk>/<slug:direction>/", views.item_move, name="item_move"),
]
