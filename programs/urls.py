from django.urls import path

from . import feeds, views

app_name = "programs"

urlpatterns = [
    path("tema/", views.theme_list, name="theme_list"),
    path("tema/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("tema/<slug:slug>/feed/", feeds.ThemeOpportunityFeed(), name="theme_opportunity_feed"),
    path("peluang/", views.opportunity_list, name="opportunity_list"),
    path("peluang/feed/", feeds.OpportunityFeed(), name="opportunity_feed"),
    path("peluang/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("komitmen/", views.commitment_list, name="commitment_list"),
    path("komitmen/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("statistik/", views.statistics, name="statistics"),
]
