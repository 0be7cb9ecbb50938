"""Events: public pages (no login) and DOIT's pages in the portal (included by ``public.urls``)."""

from django.urls import path

from public import views_events as v

urlpatterns = [
    path("su-kien/", v.event_list, name="event_list"),
    path("su-kien/rss/", v.events_rss, name="events_rss"),
    path("su-kien/atom/", v.events_atom, name="events_atom"),
    path("su-kien/<int:pk>/", v.event_detail, name="event_detail"),
    path("su-kien/<int:pk>/dang-ky/", v.event_register, name="event_register"),
    path("su-kien/<int:pk>/da-dang-ky/", v.event_registered, name="event_registered"),
    # DOIT, signed in
    path("cong-khai/su-kien/", v.manage_events, name="manage_events"),
    path(
        "cong-khai/su-kien/hoat-dong/<int:activity_pk>/",
        v.manage_event_new,
        name="manage_event_new",
    ),
    path("cong-khai/su-kien/<int:pk>/", v.manage_event, name="manage_event"),
    path("cong-khai/su-kien/<int:pk>/sua/", v.manage_event_edit, name="manage_event_edit"),
    path(
        "cong-khai/su-kien/<int:pk>/dang-ky.csv",
        v.manage_registrations_csv,
        name="manage_registrations_csv",
    ),
    path(
        "cong-khai/dang-ky/<int:pk>/tinh-trang/",
        v.manage_registration_status,
        name="manage_registration_status",
    ),
]
