from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    # A dot keeps the file's address apart from every organisation's slug.
    path("direktori.csv", views.organization_list_csv, name="organization_list_csv"),
    # Two segments: no organisation's slug can hide the page.
    path("perangkat-daerah/kontak/", views.agency_contacts, name="agency_contacts"),
    path("<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("<slug:slug>/ubah/", views.organization_edit, name="organization_edit"),
]
