from django.urls import path

from . import feeds, views, views_partner

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
    # Signed in: the dashboard of every role, and the partner's pledges and reports.
    path("dasbor/", views_partner.dashboard, name="dashboard"),
    path("dasbor/janji/baru/", views_partner.pledge_create, name="pledge_create"),
    path("peluang/<int:pk>/janji/", views_partner.opportunity_pledge, name="opportunity_pledge"),
    path(
        "dasbor/komitmen/<int:pk>/", views_partner.workspace_commitment, name="workspace_commitment"
    ),
    path(
        "dasbor/komitmen/<int:pk>/batal/", views_partner.commitment_cancel, name="commitment_cancel"
    ),
    path(
        "dasbor/komitmen/<int:pk>/laporan/",
        views_partner.realization_create,
        name="realization_create",
    ),
    path(
        "dasbor/laporan/<int:pk>/perbaiki/",
        views_partner.realization_resubmit,
        name="realization_resubmit",
    ),
]
