from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("<slug:slug>/", views.organization_detail, name="organization_detail"),
]
