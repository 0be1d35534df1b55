from django.urls import path

from . import feeds, views, views_agency, views_partner, views_reporting

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
    path("peta-kebutuhan/", views.gap_map, name="gap_map"),
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
    # The handover scan of a report: for its partner, the receiving agency and staff.
    path("dasbor/laporan/<int:pk>/bast/", views.handover_document, name="handover_document"),
    # Signed in: agency officers' needs, the pledges to them and the handover of reported work.
    path("dasbor/perangkat-daerah/", views_agency.agency_dashboard, name="agency_dashboard"),
    path(
        "dasbor/perangkat-daerah/peluang/baru/",
        views_agency.agency_opportunity_create,
        name="agency_opportunity_create",
    ),
    path(
        "dasbor/perangkat-daerah/peluang/<int:pk>/",
        views_agency.agency_opportunity,
        name="agency_opportunity",
    ),
    path(
        "dasbor/perangkat-daerah/peluang/<int:pk>/ubah/",
        views_agency.agency_opportunity_edit,
        name="agency_opportunity_edit",
    ),
    path(
        "dasbor/perangkat-daerah/peluang/<int:pk>/kirim/",
        views_agency.agency_opportunity_submit,
        name="agency_opportunity_submit",
    ),
    path(
        "dasbor/perangkat-daerah/peluang/<int:pk>/tarik/",
        views_agency.agency_opportunity_withdraw,
        name="agency_opportunity_withdraw",
    ),
    path(
        "dasbor/perangkat-daerah/laporan/<int:pk>/",
        views_agency.agency_realization,
        name="agency_realization",
    ),
    path(
        "dasbor/perangkat-daerah/laporan/<int:pk>/konfirmasi/",
        views_agency.agency_realization_confirm,
        name="agency_realization_confirm",
    ),
    path(
        "dasbor/perangkat-daerah/laporan/<int:pk>/kembalikan/",
        views_agency.agency_realization_return,
        name="agency_realization_return",
    ),
    # Bappeda staff: who reported in a reporting period.
    path(
        "dasbor/periode/<int:pk>/kepatuhan/",
        views_reporting.period_compliance,
        name="period_compliance",
    ),
    path(
        "dasbor/periode/<int:pk>/kepatuhan.csv",
        views_reporting.period_compliance_download,
        {"file_format": "csv"},
        name="period_compliance_csv",
    ),
    path(
        "dasbor/periode/<int:pk>/kepatuhan.xlsx",
        views_reporting.period_compliance_download,
        {"file_format": "xlsx"},
        name="period_compliance_xlsx",
    ),
]
