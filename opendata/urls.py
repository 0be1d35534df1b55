from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("datapackage.json", views.datapackage, name="datapackage"),
    re_path(r"^(?P<name>[a-z_]+)\.(?P<fmt>csv|xlsx|json)$", views.download, name="download"),
]
