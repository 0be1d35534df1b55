"""
axe-core on every page of the portal, in Indonesian and in English: no violation of serious or
critical impact.

The pages are the access matrix's (tests/test_access_matrix.py): every URL a visitor, a partner's
representative, an agency officer or Bappeda staff opens with a 200 and gets HTML, so a new page
is checked as soon as it has its row. Each is opened as the first of them who may see it, with
the demo data and one of everything a URL can point at (`scenario`). Some admin pages and the
"not found" page are added. axe-core comes bundled with axe-playwright-python (nothing is
downloaded); Playwright hands it to the page through the DevTools protocol, which the Content
Security Policy does not restrict.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Organization
from events.models import Event
from programs.models import Evidence, ReportingPeriod, Theme
from regions.models import Kecamatan
from tests.browser.conftest import BROWSER, open_context
from tests.factories import (
    make_commitment,
    make_opportunity,
    make_realization,
    make_registration,
    make_sign_in_attempt,
)
from tests.programs.uploads import image_bytes, pdf_bytes
from tests.test_access_matrix import PERSONAS, TABLE

pytestmark = BROWSER

# Who opens the pages (the matrix's personas that stand for a kind of person) as a demo user.
DEMO_USERS = {"anonymous": None, "partner_a": "mitra", "officer": "dinas", "staff": "bappeda"}
SERIOUS = ("serious", "critical")
# Parts of pages drawn by a vendored library, not by the portal's templates: Swagger UI's
# operation list (its own markup and colours; the page around it is checked).
NOT_OURS = {"api_docs": {"exclude": [["#swagger-ui"]]}}
ADMIN_PAGES = [
    ("admin:index", None),
    ("admin:programs_commitment_changelist", None),
    ("admin:programs_realization_changelist", None),
    ("admin:programs_opportunity_changelist", None),
    ("admin:programs_opportunity_change", "need"),
    ("admin:companies_organization_changelist", None),
    ("admin:events_registration_changelist", None),
]


@pytest.fixture(scope="module")
def scenario(portal, django_db_blocker):
    """The access matrix's scenario in the demo data: A is the demo partner, the agency the
    demo officer's, so the demo users see what the matrix's personas see."""
    with django_db_blocker.unblock():
        company_a = Organization.objects.get(memberships__user__username="mitra")
        agency = Organization.objects.get(memberships__user__username="dinas")
        company_b = Organization.objects.partners().exclude(pk=company_a.pk).first()
        theme = Theme.objects.order_by("number").first()
        need = make_opportunity(agency=agency, theme=theme, title="Ambulans desa (uji)")
        approved = make_commitment(partner=company_a, opportunity=need, status="approved")
        report = make_realization(commitment=approved)
        handed_over = make_realization(commitment=approved, status="confirmed")
        handed_over.bast_document.save("bast.pdf", ContentFile(pdf_bytes()))
        event = Event.objects.filter(date__gte=timezone.localdate()).order_by("date").first()
        registration = event.registrations.filter(organization=company_a).first()
        period = ReportingPeriod.objects.order_by("pk").first()
        return SimpleNamespace(
            company_a=company_a,
            agency=agency,
            theme=theme,
            need=need,
            draft_need=make_opportunity(agency=agency, theme=theme, status="draft"),
            proposed=make_commitment(partner=company_a, opportunity=need),
            approved=approved,
            b_pledge=make_commitment(partner=company_b, opportunity=need),
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
            registration=registration or make_registration(event=event, organization=company_a),
            kecamatan=Kecamatan.objects.order_by("name").first(),
            period=period
            or ReportingPeriod.objects.create(
                name="Semester uji",
                start_date=timezone.localdate() - timedelta(days=30),
                end_date=timezone.localdate(),
            ),
            sign_in_attempt=make_sign_in_attempt(),
        )


def matrix_pages(scenario):
    """(who, address) of every GET in the matrix that one of DEMO_USERS opens with a 200."""
    for name, entry in TABLE.items():
        for case in entry if isinstance(entry, list) else [entry]:
            outcomes = dict(zip(PERSONAS, case.expect, strict=True))
            who = next((p for p in DEMO_USERS if outcomes[p] == 200), None)
            if case.method != "GET" or who is None:
                continue
            try:
                url = reverse(name, kwargs=case.kwargs(scenario) if case.kwargs else None)
            except AttributeError as error:
                pytest.fail(f"{name}: the accessibility scenario lacks what its row uses ({error})")
            if case.query:
                url += "?" + urlencode(case.query(scenario))
            yield name, who, url


def signed_in_context(browser, portal, who, language):
    context = open_context(browser, portal, language=language)
    if DEMO_USERS[who]:
        client = Client()
        client.force_login(
            User.objects.get(username=DEMO_USERS[who]),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": portal.url}]
        )
    return context


def serious_violations(page, name, context=None):
    """axe-core's violations of serious or critical impact on the open page, one line each."""
    kwargs = {"context": context} if context else {}
    result = Axe().run(page, **kwargs).response
    return [
        f"{name} {page.url}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(node["target"]) + " " + node["html"][:120] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def check(browser, portal, language, pages):
    """Open each (name, who, url) as `who` and collect what axe finds; how many were HTML."""
    contexts, found, checked = {}, [], 0
    try:
        for name, who, url in pages:
            if who not in contexts:
                contexts[who] = signed_in_context(browser, portal, who, language)
                contexts[who].new_page()
            page = contexts[who].pages[0]
            answer = page.request.get(url, max_redirects=0)
            if answer.status not in (200, 404) or "text/html" not in answer.headers["content-type"]:
                continue  # downloads, feeds, JSON: no page to read
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language, url
            found += serious_violations(page, name, NOT_OURS.get(name))
            checked += 1
    finally:
        for context in contexts.values():
            context.close()
    return found, checked


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_of_the_portal_has_no_serious_accessibility_violation(
    browser, portal, scenario, language
):
    pages = [*matrix_pages(scenario), ("not found", "anonymous", "/tidak-ada-di-sini/")]

    found, checked = check(browser, portal, language, pages)

    assert found == [], "\n".join(found)
    assert checked >= 40, "the matrix's HTML pages were not reached"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_admin_pages_bappeda_works_in_have_no_serious_accessibility_violation(
    browser, portal, scenario, language
):
    pages = [
        (name, "staff", reverse(name, args=[getattr(scenario, arg).pk] if arg else None))
        for name, arg in ADMIN_PAGES
    ]

    found, checked = check(browser, portal, language, pages)

    assert found == [], "\n".join(found)
    assert checked == len(ADMIN_PAGES)
