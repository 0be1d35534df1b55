from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    # A dot keeps the file's address apart from every organisation's slug.
    path("direktori.csv", views.organization_list_csv, name="organization_list_csv"),
    path("<slug:slug>/", views.organization_detail, name="organization_detail"),
]
