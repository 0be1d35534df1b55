"""
The access matrix: every URL of the portal against every kind of person who may ask for it.

The URLs come from the URL configuration itself, so a URL without a row in TABLE fails
`test_every_url_of_the_portal_has_a_row_in_the_matrix`: whoever adds a page says here who may
open it. Each row builds its URL from one shared scenario (`scenario`) and gives, for each
persona, what they get: a status, a redirect to sign in (LOGIN), or a redirect elsewhere.

Admin pages are checked as a group: a sample of every registered model's pages and every custom
admin page, which only staff reach. State-changing POSTs by someone who may not make them are in
ATTEMPTS: refused, and nothing in the database changed.
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from companies.models import ContactPerson, Organization
from events.models import Registration
from programs.models import Commitment, Evidence, Opportunity, Realization, ReportingPeriod
from tests.factories import (
    make_commitment,
    make_event,
    make_kelurahan,
    make_opportunity,
    make_realization,
    make_registration,
    make_sector,
    make_sign_in_attempt,
    make_theme,
)
from tests.programs.uploads import image_bytes, pdf_bytes, photo

pytestmark = pytest.mark.django_db

# Every row gives one outcome per persona, in this order.
PERSONAS = ("anonymous", "partner_a", "partner_b", "officer", "other_officer", "staff")
LOGIN = "302 to sign in"
ADMIN_LOGIN = "302 to the admin's sign-in"


def to(url_name):
    """A redirect to another page (not to a sign-in page)."""
    return lambda: f"302 to {reverse(url_name)}"


def to_dataset(name):
    """A permanent redirect to an open dataset's CSV download."""
    return lambda: f"301 to {reverse('opendata:download', args=[name, 'csv'])}"


# --- the personas and the scenario they act in -------------------------------------------------


@pytest.fixture
def personas(partner_a, partner_b, agency_officer, other_agency_officer, staff):
    """Who asks: nobody signed in; a representative of company A, one of company B; an officer
    of `agency`, which receives A's pledges; an officer of another agency; Bappeda staff."""
    return dict(
        zip(
            PERSONAS,
            (None, partner_a, partner_b, agency_officer, other_agency_officer, staff),
            strict=True,
        )
    )


@pytest.fixture
def scenario(company_a, company_b, agency):
    """One of everything a URL can point at, owned by A, B or `agency`."""
    theme = make_theme(slug="tema-akses")
    need = make_opportunity(agency=agency, theme=theme, title="Ambulans desa", kecamatan=None)
    approved = make_commitment(partner=company_a, opportunity=need, status="approved")
    report = make_realization(commitment=approved)  # submitted: waits for the agency
    handed_over = make_realization(commitment=approved, status="confirmed")
    handed_over.bast_document.save("bast.pdf", ContentFile(pdf_bytes()))
    event = make_event(slug="forum-akses", date=timezone.localdate() + timedelta(days=30))
    kelurahan = make_kelurahan()
    ContactPerson.objects.create(organization=agency, name="Rina", phone="0812000111")
    make_sector()
    period = ReportingPeriod.objects.create(
        name="Semester akses", start_date=timezone.localdate(), end_date=timezone.localdate()
    )
    s = SimpleNamespace(
        company_a=company_a,
        agency=agency,
        theme=theme,
        need=need,
        draft_need=make_opportunity(agency=agency, theme=theme, status="draft"),
        proposed=make_commitment(partner=company_a, opportunity=need, status="proposed"),
        approved=approved,
        b_pledge=make_commitment(partner=company_b, opportunity=need, status="proposed"),
        report=report,
        evidence=Evidence.objects.create(
            realization=report,
            file=ContentFile(image_bytes("PNG"), name="foto.png"),
            content_type="image/png",
        ),
        returned_report=make_realization(
            commitment=approved, status="returned", return_note="Foto kurang jelas."
        ),
        handed_over=handed_over,
        verified_report=make_realization(commitment=approved, status="verified"),
        event=event,
        registration=make_registration(event=event, organization=company_a),
        kecamatan=kelurahan.kecamatan,
        period=period,
        sign_in_attempt=make_sign_in_attempt(),
    )
    yield s
    for evidence in Evidence.objects.all():
        evidence.file.delete(save=False)
    for scanned in Realization.objects.exclude(bast_document=""):
        scanned.bast_document.delete(save=False)


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One way to ask for a URL and what each persona gets (in PERSONAS order)."""

    expect: tuple
    kwargs: Any = None  # scenario -> the URL's kwargs
    query: Any = None  # scenario -> the query string's parameters
    method: str = "GET"
    label: str = ""


def pk(name):
    return lambda s: {"pk": getattr(s, name).pk}


def slug(name):
    return lambda s: {"slug": getattr(s, name).slug}


def badge(s):
    return {"slug": s.event.slug, "code": s.registration.checkin_code}


# The rows most pages share.
PUBLIC = (200,) * 6
NOT_FOUND = (404,) * 6
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)
ANY_PARTNER = (LOGIN, 200, 200, 403, 403, 403)
A_ONLY = (LOGIN, 200, 404, 403, 403, 403)  # A's own pledge or report
ANY_OFFICER = (LOGIN, 403, 403, 200, 200, 403)
AGENCY_ONLY = (LOGIN, 403, 403, 200, 404, 403)  # `agency`'s own need or report
STAFF_ONLY = (LOGIN, 403, 403, 403, 403, 200)

TABLE = {
    # Public pages, for everyone; private rows are not found on them.
    "home": Case(PUBLIC),
    "companies:organization_list": Case(PUBLIC),
    # The directory's former CSV address: its open dataset now.
    "companies:organization_list_csv": Case((to_dataset("organizations"),) * 6),
    "companies:organization_detail": Case(PUBLIC, slug("company_a")),
    "programs:theme_list": Case(PUBLIC),
    "programs:theme_detail": Case(PUBLIC, slug("theme")),
    "programs:theme_opportunity_feed": Case(PUBLIC, slug("theme")),
    "programs:opportunity_list": Case(PUBLIC),
    "programs:opportunity_feed": Case(PUBLIC),
    "programs:opportunity_detail": [
        Case(PUBLIC, pk("need")),
        Case(NOT_FOUND, pk("draft_need"), label="a draft need"),
    ],
    "programs:commitment_list": Case(PUBLIC),
    "programs:commitment_detail": [
        Case(PUBLIC, pk("approved")),
        Case(NOT_FOUND, pk("proposed"), label="a proposed pledge"),
    ],
    "programs:evidence_file": Case(
        (404, 200, 404, 200, 404, 200), pk("evidence"), label="unverified"
    ),
    "programs:statistics": Case(PUBLIC),
    "programs:gap_map": Case(PUBLIC),
    "events:event_list": Case(PUBLIC),
    "events:event_detail": Case(PUBLIC, slug("event")),
    "events:event_calendar": Case(PUBLIC, slug("event")),
    "sitemap": Case(PUBLIC),
    "robots_txt": Case(PUBLIC),
    "healthz": [Case(PUBLIC), Case((405,) * 6, method="POST")],
    "readyz": Case(PUBLIC),
    "open_data": Case(PUBLIC),
    # Open data (h15): downloads and the API hold public rows only.
    "opendata:datapackage": Case(PUBLIC),
    "opendata:download": [
        Case(PUBLIC, lambda s, fmt=fmt: {"name": "commitments", "fmt": fmt}, label=fmt)
        for fmt in ("csv", "xlsx", "json")
    ]
    + [Case(NOT_FOUND, lambda s: {"name": "pengguna", "fmt": "csv"}, label="no such dataset")],
    "api_docs": Case(PUBLIC),
    # django-ninja's root exists to be reversed; it answers 404 (the documentation is api_docs).
    "api:api-root": Case(NOT_FOUND),
    "api:openapi-json": Case(PUBLIC),
    **{
        f"api:{name}_list": Case(PUBLIC)
        for name in (
            "organizations",
            "opportunities",
            "commitments",
            "realizations",
            "events",
            "themes",
            "kecamatan",
        )
    },
    "api:organizations_detail": Case(PUBLIC, lambda s: {"id": s.company_a.pk}),
    "api:opportunities_detail": [
        Case(PUBLIC, lambda s: {"id": s.need.pk}),
        Case(NOT_FOUND, lambda s: {"id": s.draft_need.pk}, label="a draft need"),
    ],
    "api:commitments_detail": [
        Case(PUBLIC, lambda s: {"id": s.approved.pk}),
        Case(NOT_FOUND, lambda s: {"id": s.proposed.pk}, label="a proposed pledge"),
    ],
    "api:realizations_detail": [
        Case(PUBLIC, lambda s: {"id": s.verified_report.pk}),
        Case(NOT_FOUND, lambda s: {"id": s.report.pk}, label="an unverified report"),
    ],
    "api:events_detail": Case(PUBLIC, lambda s: {"id": s.event.pk}),
    "api:themes_detail": Case(PUBLIC, lambda s: {"id": s.theme.pk}),
    "api:kecamatan_detail": Case(PUBLIC, lambda s: {"id": s.kecamatan.pk}),
    "api:statistics_summary": Case(PUBLIC),
    "api:statistics_by_theme": Case(PUBLIC),
    "api:statistics_by_year": Case(PUBLIC),
    "api:statistics_by_kecamatan": Case(PUBLIC),
    "api:statistics_by_partner_kind": Case(PUBLIC),
    # Accounts (h11).
    "accounts:login": Case((200,) + (to("programs:dashboard"),) * 5),
    "accounts:register": Case((200,) + (to("accounts:join"),) * 5),
    "accounts:logout": [Case((405,) * 6), Case((to("home"),) * 6, method="POST")],
    "accounts:account": Case(SIGNED_IN),
    "accounts:join": Case(SIGNED_IN),
    "accounts:password_change": Case(SIGNED_IN),
    "accounts:password_change_done": Case(SIGNED_IN),
    "accounts:password_reset": Case(PUBLIC),
    "accounts:password_reset_done": Case(PUBLIC),
    "accounts:password_reset_confirm": Case(
        PUBLIC, lambda s: {"uidb64": "MQ", "token": "bukan-token"}, label="a wrong link"
    ),
    "accounts:password_reset_complete": Case(PUBLIC),
    # Organisations' own profiles and the agency contact directory (h11).
    "companies:organization_edit": [
        Case((LOGIN, 200, 404, 404, 404, 404), slug("company_a"), label="A"),
        Case((LOGIN, 404, 404, 200, 404, 404), slug("agency"), label="the agency"),
    ],
    "companies:agency_contacts": Case(SIGNED_IN),
    # The partner workspace (h12).
    "programs:dashboard": Case(
        (LOGIN, 200, 200, to("programs:agency_dashboard"), to("programs:agency_dashboard"), 200)
    ),
    "programs:pledge_create": [
        Case(ANY_PARTNER),
        Case(ANY_PARTNER, query=lambda s: {"theme": s.theme.slug}, label="a theme"),
        Case(
            (LOGIN, 404, 404, 403, 403, 403),
            query=lambda s: {"opportunity": s.draft_need.pk},
            label="a draft need",
        ),
    ],
    "programs:opportunity_pledge": [
        Case(ANY_PARTNER, pk("need")),
        Case((LOGIN, 404, 404, 403, 403, 403), pk("draft_need"), label="a draft need"),
    ],
    "programs:workspace_commitment": [
        Case(A_ONLY, pk("approved")),
        Case((LOGIN, 404, 200, 403, 403, 403), pk("b_pledge"), label="B's pledge"),
    ],
    "programs:commitment_cancel": Case(A_ONLY, pk("approved")),
    "programs:realization_create": Case(A_ONLY, pk("approved")),
    "programs:realization_resubmit": Case(A_ONLY, pk("returned_report")),
    "programs:handover_document": Case((LOGIN, 200, 404, 200, 404, 200), pk("handed_over")),
    # The agency workspace (h13); the POST-only steps answer a GET with 405.
    "programs:agency_dashboard": Case(ANY_OFFICER),
    "programs:agency_opportunity_create": Case(ANY_OFFICER),
    "programs:agency_opportunity": Case(AGENCY_ONLY, pk("draft_need")),
    "programs:agency_opportunity_edit": Case(AGENCY_ONLY, pk("draft_need")),
    "programs:agency_opportunity_submit": Case((LOGIN, 403, 403, 405, 405, 403), pk("draft_need")),
    "programs:agency_opportunity_withdraw": Case(AGENCY_ONLY, pk("need")),
    "programs:agency_realization": Case(AGENCY_ONLY, pk("report")),
    "programs:agency_realization_confirm": Case((LOGIN, 403, 403, 405, 405, 403), pk("report")),
    "programs:agency_realization_return": Case((LOGIN, 403, 403, 405, 405, 403), pk("report")),
    # Events (h14): members register their own organisation; staff run the door.
    "events:registration_create": Case((LOGIN, 200, 200, 200, 200, 403), slug("event")),
    "events:registration_badge": Case((LOGIN, 200, 404, 404, 404, 200), badge, label="A's"),
    "events:registration_cancel": Case((LOGIN, 405, 405, 405, 405, 405), badge),
    "events:checkin": Case(STAFF_ONLY, slug("event")),
    "events:checkin_confirm": Case((LOGIN, 403, 403, 403, 403, 405), slug("event")),
    "events:attendee_csv": Case(STAFF_ONLY, slug("event")),
    "events:attendee_xlsx": Case(STAFF_ONLY, slug("event")),
    "events:attendance_sheet": Case(STAFF_ONLY, slug("event")),
    # Reporting periods: who reported, for Bappeda staff only.
    "programs:period_compliance": Case(STAFF_ONLY, pk("period")),
    "programs:period_compliance_csv": Case(STAFF_ONLY, pk("period")),
    "programs:period_compliance_xlsx": Case(STAFF_ONLY, pk("period")),
}
# Django's language switch (it only sets a cookie) and the admin, checked as a group below.
NOT_IN_TABLE = {"set_language"}
# Unnamed patterns that may exist: the admin's own redirects and DEBUG's media files.
UNNAMED_ALLOWED = ("admin/", "^media/")


def rows():
    for name, entry in TABLE.items():
        cases = entry if isinstance(entry, list) else [entry]
        for case in cases:
            yield pytest.param(name, case, id=f"{name}[{case.label}]" if case.label else name)


# --- asking and reading the answer -------------------------------------------------------------


def _url_patterns(resolver=None, namespace=(), prefix=""):
    """(name with its namespaces, route) of every pattern of the URL configuration."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from _url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (":".join(namespace + (pattern.name,)) if pattern.name else None), route


def outcome(response, asked):
    """What a persona got: the status, or where a redirect sends them."""
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end, so the file is closed
    if response.status_code not in (301, 302):
        return response.status_code
    target = urlsplit(response.url)
    for login, said in ((reverse("accounts:login"), LOGIN), (reverse("admin:login"), ADMIN_LOGIN)):
        if target.path == login:
            assert parse_qs(target.query)["next"] == [asked], response.url
            return said
    return f"{response.status_code} to {response.url}"


def ask(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.generic(method, url) if data is None else client.post(url, data)
    return response


def expected(outcomes):
    return {who: value() if callable(value) else value for who, value in outcomes.items()}


# What the database holds, to show that a request changed nothing. Users are left out: signing
# in stamps their last login.
WATCHED = [
    Organization,
    ContactPerson,
    Opportunity,
    Commitment,
    Realization,
    Evidence,
    ReportingPeriod,
    Registration,
    apps.get_model("companies", "Membership"),
    apps.get_model("events", "Event"),
]


def stored_rows():
    models = WATCHED + [m.history.model for m in WATCHED if hasattr(m, "history")]
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in models}


# --- the matrix --------------------------------------------------------------------------------


def test_every_url_of_the_portal_has_a_row_in_the_matrix():
    names = {name for name, _ in _url_patterns() if name}
    unnamed = [route for name, route in _url_patterns() if not name]
    portal = {name for name in names if not name.startswith("admin:")} - NOT_IN_TABLE

    assert sorted(portal - TABLE.keys()) == [], "URLs without a row: say who may open them"
    assert sorted(TABLE.keys() - names) == [], "rows for URLs that no longer exist"
    assert [r for r in unnamed if not r.startswith(UNNAMED_ALLOWED)] == [], "name every URL"


@pytest.mark.parametrize(("name", "case"), list(rows()))
def test_who_gets_what(client, personas, scenario, name, case):
    url = reverse(name, kwargs=case.kwargs(scenario) if case.kwargs else None)
    if case.query:
        url += "?" + urlencode(case.query(scenario))
    before = stored_rows()

    got = {who: outcome(ask(client, user, case.method, url), url) for who, user in personas.items()}

    assert got == expected(dict(zip(PERSONAS, case.expect, strict=True)))
    assert stored_rows() == before, "asking for the page changed the database"


# --- the admin, as a group ---------------------------------------------------------------------

STANDARD_ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")
# What Bappeda staff get where it is not the page itself.
STAFF_IN_ADMIN = {
    # Reports and evidence come from partners on the portal, never typed in the admin.
    "admin:programs_realization_add": 403,
    "admin:programs_evidence_add": 403,
    # Failed sign-ins are recorded by the sign-in page; staff read and delete them.
    "admin:axes_accessattempt_add": 403,
    # Reference data: Bappeda reads and corrects it, never adds to it.
    "admin:regions_kecamatan_add": 403,
    "admin:regions_kelurahan_add": 403,
    "admin:programs_theme_add": 403,
    # Permission groups are for superusers only.
    "admin:auth_group_changelist": 403,
    "admin:auth_group_add": 403,
    "admin:auth_group_change": 403,
    "admin:app_list auth": 404,
    # The second step of an import takes only the confirmed upload.
    "admin:companies_organization_process_import": 405,
    "admin:programs_opportunity_process_import": 405,
    "admin:programs_commitment_process_import": 405,
}


def _admin_pages(model, model_admin):
    """The model's changelist, add and change pages and every custom page of its admin."""
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    obj = model._default_manager.order_by("pk").first()
    pages = [(f"{prefix}_changelist", []), (f"{prefix}_add", []), (f"{prefix}_change", [obj.pk])]
    for pattern in model_admin.get_urls():
        name = pattern.name and f"admin:{pattern.name}"
        if name and not name.endswith(tuple(f"_{view}" for view in STANDARD_ADMIN_VIEWS)):
            pages.append((name, []))
    return pages


@pytest.mark.parametrize("model", [pytest.param(m, id=m._meta.label) for m in admin.site._registry])
def test_every_admin_page_is_for_staff_only(client, personas, scenario, model):
    pages = _admin_pages(model, admin.site._registry[model])
    pages.append(("admin:index", []))
    pages.append(("admin:app_list", [model._meta.app_label]))
    for name, args in pages:
        url = reverse(name, args=args)

        got = {who: outcome(ask(client, user, "GET", url), url) for who, user in personas.items()}

        page = " ".join([name, *map(str, args)]) if name == "admin:app_list" else name
        staff_get = STAFF_IN_ADMIN.get(page, 200)
        assert got == {**dict.fromkeys(PERSONAS, ADMIN_LOGIN), "staff": staff_get}, page


def test_the_admin_sample_holds_the_invitation_and_the_spreadsheet_pages(personas, scenario):
    names = {
        name for model, ma in admin.site._registry.items() for name, _ in _admin_pages(model, ma)
    }

    assert {
        "admin:accounts_user_invite",
        "admin:companies_organization_import",
        "admin:companies_organization_export",
        "admin:programs_commitment_import",
        "admin:programs_opportunity_export",
        # Overlaps of needs and pledges by kelurahan, theme and year: Bappeda's page only.
        "admin:programs_commitment_overlaps",
    } <= names


# --- changes tried by someone who may not make them --------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """A state-changing POST: refused for the personas in `refused`, done by `rightful`."""

    url_name: str
    kwargs: Any
    data: Any  # scenario -> the form's fields, as the rightful persona would send them
    refused: dict
    rightful: str
    done: Any  # scenario -> whether the change happened
    query: str = ""


def _status(model, name, status):
    return lambda s: model.objects.get(pk=getattr(s, name).pk).status == status


def _report_data(s):
    return {
        "date": "2026-06-01",
        "value": "1.000.000",
        "narrative": "Diserahkan.",
        "evidence": photo(),
    }


# Who is refused a change to A's pledge or report on the portal (staff decide in the admin), and
# a change to `agency`'s need or report.
NOT_A = {"anonymous": LOGIN, "officer": 403, "other_officer": 403, "staff": 403}
NOT_THE_AGENCY = {
    "anonymous": LOGIN,
    "partner_a": 403,
    "partner_b": 403,
    "other_officer": 404,
    "staff": 403,
}

ATTEMPTS = {
    "cancel another partner's pledge": Attempt(
        "programs:commitment_cancel",
        pk("approved"),
        lambda s: {"reason": "Anggaran dialihkan."},
        refused={**NOT_A, "partner_b": 404},
        rightful="partner_a",
        done=_status(Commitment, "approved", "cancelled"),
    ),
    "report on another partner's pledge": Attempt(
        "programs:realization_create",
        pk("approved"),
        _report_data,
        refused={**NOT_A, "partner_b": 404},
        rightful="partner_a",
        done=lambda s: s.approved.realizations.count() == 5,
    ),
    "correct another partner's report": Attempt(
        "programs:realization_resubmit",
        pk("returned_report"),
        lambda s: {**_report_data(s), "evidence": []},
        refused={**NOT_A, "partner_b": 404},
        rightful="partner_a",
        done=_status(Realization, "returned_report", "submitted"),
    ),
    "pledge in another partner's name": Attempt(
        "programs:opportunity_pledge",
        pk("need"),
        lambda s: {
            "title": "Bantuan",
            "kind": "cash",
            "value": "5.000.000",
            "start_date": "2026-12-01",
            "end_date": "2026-12-31",
        },
        query="org=pt-alfa-contoh",
        refused={**NOT_A, "partner_b": 404},
        rightful="partner_a",
        done=lambda s: s.company_a.commitments.count() == 3,
    ),
    "confirm a report to another agency": Attempt(
        "programs:agency_realization_confirm",
        pk("report"),
        lambda s: {"bast_number": "027/BAST/2026", "bast_date": "2026-06-03"},
        refused=NOT_THE_AGENCY,
        rightful="officer",
        done=_status(Realization, "report", "confirmed"),
    ),
    "return a report to another agency": Attempt(
        "programs:agency_realization_return",
        pk("report"),
        lambda s: {"note": "Foto buram."},
        refused=NOT_THE_AGENCY,
        rightful="officer",
        done=_status(Realization, "report", "returned"),
    ),
    "submit another agency's draft need": Attempt(
        "programs:agency_opportunity_submit",
        pk("draft_need"),
        lambda s: {},
        refused=NOT_THE_AGENCY,
        rightful="officer",
        done=_status(Opportunity, "draft_need", "submitted"),
    ),
    "withdraw another agency's need": Attempt(
        "programs:agency_opportunity_withdraw",
        pk("draft_need"),
        lambda s: {"reason": "Sudah terpenuhi dari APBD."},
        refused=NOT_THE_AGENCY,
        rightful="officer",
        done=_status(Opportunity, "draft_need", "withdrawn"),
    ),
    "register another organisation for an event": Attempt(
        "events:registration_create",
        slug("event"),
        lambda s: {
            "organization": s.company_a.pk,
            "representative_name": "Dewi",
            "phone": "0812-3456-7890",
            "email": "dewi@example.org",
        },
        # The form offers one's own organisations only: another's id is refused on the form.
        refused={**NOT_A, "partner_b": 200, "officer": 200, "other_officer": 200},
        rightful="partner_a",
        done=lambda s: s.company_a.registrations.count() == 2,
    ),
    "edit another organisation's profile": Attempt(
        "companies:organization_edit",
        slug("company_a"),
        lambda s: {
            "profile-description": "Diubah.",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
        refused={"anonymous": LOGIN, "partner_b": 404, "officer": 404, "staff": 404},
        rightful="partner_a",
        done=lambda s: Organization.objects.get(pk=s.company_a.pk).description == "Diubah.",
    ),
    "cancel another organisation's registration": Attempt(
        "events:registration_cancel",
        badge,
        lambda s: {},
        # Staff may cancel any registration (they run the event).
        refused={"anonymous": LOGIN, "partner_b": 404, "officer": 404, "other_officer": 404},
        rightful="partner_a",
        done=lambda s: Registration.objects.get(pk=s.registration.pk).cancelled_at is not None,
    ),
    "check in without being staff": Attempt(
        "events:checkin_confirm",
        slug("event"),
        lambda s: {"code": s.registration.checkin_code},
        refused={
            "anonymous": LOGIN,
            "partner_a": 403,
            "partner_b": 403,
            "officer": 403,
            "other_officer": 403,
        },
        rightful="staff",
        done=lambda s: Registration.objects.get(pk=s.registration.pk).checked_in_at is not None,
    ),
}


def _attempt_url(attempt, s):
    url = reverse(attempt.url_name, kwargs=attempt.kwargs(s))
    return f"{url}?{attempt.query}" if attempt.query else url


@pytest.mark.parametrize("attempt", [pytest.param(a, id=k) for k, a in ATTEMPTS.items()])
def test_a_change_by_someone_who_may_not_make_it_is_refused_and_changes_nothing(
    client, personas, scenario, attempt
):
    url = _attempt_url(attempt, scenario)
    for who, refusal in attempt.refused.items():
        before = stored_rows()

        response = ask(client, personas[who], "POST", url, attempt.data(scenario))

        assert (who, outcome(response, url)) == (who, refusal)
        assert stored_rows() == before, who


@pytest.mark.parametrize("attempt", [pytest.param(a, id=k) for k, a in ATTEMPTS.items()])
def test_the_same_change_by_the_rightful_persona_is_made(client, personas, scenario, attempt):
    url = _attempt_url(attempt, scenario)
    assert not attempt.done(scenario)

    response = ask(client, personas[attempt.rightful], "POST", url, attempt.data(scenario))

    assert response.status_code == 302
    assert attempt.done(scenario)
