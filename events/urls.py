from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<slug:slug>/", views.event_detail, name="event_detail"),
    path("<slug:slug>/kalender.ics", views.event_calendar, name="event_calendar"),
    path("<slug:slug>/daftar/", views.registration_create, name="registration_create"),
    path("<slug:slug>/lencana/<str:code>/", views.registration_badge, name="registration_badge"),
    path(
        "<slug:slug>/lencana/<str:code>/batal/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<slug:slug>/check-in/", views.checkin, name="checkin"),
    path("<slug:slug>/check-in/hadir/", views.checkin_confirm, name="checkin_confirm"),
    path(
        "<slug:slug>/peserta.csv",
        views.attendee_download,
        {"file_format": "csv"},
        name="attendee_csv",
    ),
    path(
        "<slug:slug>/peserta.xlsx",
        views.attendee_download,
        {"file_format": "xlsx"},
        name="attendee_xlsx",
    ),
    path("<slug:slug>/daftar-hadir/", views.attendance_sheet, name="attendance_sheet"),
]
