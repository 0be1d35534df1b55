"""
The portal's main journeys in a real browser, each as the person who makes it: a visitor on a
phone, a partner's representative, an agency officer and Bappeda staff.
"""

import re
import uuid

from django.core import mail
from playwright.sync_api import expect

from companies.models import Organization
from events.models import Registration
from programs.models import Commitment, Opportunity, Realization, Theme
from tests.browser.conftest import (
    BROWSER,
    PHONE,
    jpeg_photo,
    open_context,
    sign_in,
    sign_in_to_admin,
)
from tests.factories import make_commitment, make_event, make_opportunity, make_registration

pytestmark = BROWSER


def unique(text):
    """Each test makes its own rows in the shared demo database; a suffix tells them apart."""
    return f"{text} {uuid.uuid4().hex[:6]}"


def demo_partner():
    return Organization.objects.get(memberships__user__username="mitra")


def demo_agency():
    return Organization.objects.get(memberships__user__username="dinas")


def a_partner_with_public_pledges():
    return (
        Organization.objects.filter(
            kind=Organization.Kind.COMPANY,
            kecamatan__isnull=False,
            commitments__in=Commitment.objects.public(),
        )
        .select_related("kecamatan")
        .order_by("name")
        .first()
    )


def an_open_need():
    return Opportunity.objects.open().order_by("pk").first()


# --- 1. a visitor ------------------------------------------------------------------------------


def test_a_visitor_on_a_phone_finds_a_partners_commitment_and_reads_it_in_english(browser, portal):
    partner = a_partner_with_public_pledges()
    context = open_context(browser, portal, language="id", viewport=PHONE)
    page = context.new_page()

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Direktori"
    ).click()
    expect(page).to_have_url(re.compile(r"/direktori/$"))

    page.locator("#id_kind").select_option("company")
    page.locator("#id_kecamatan").select_option(partner.kecamatan.slug)
    page.get_by_role("search").get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(r"kind=company"))
    page.get_by_role("link", name=partner.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(partner.name)

    pledges = page.locator("#commitments-heading + table")
    first = pledges.get_by_role("row").nth(1).get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    url = page.url

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("heading", name="Realization reports")).to_be_visible()
    context.close()


# --- 2. and 3. a pledge, from the partner to Bappeda's approval --------------------------------


def test_a_partner_pledges_to_an_open_need_and_sees_it_proposed_on_the_dashboard(page):
    need = an_open_need()
    title = unique("Bantuan tunai dari mitra")

    sign_in(page, "mitra")
    page.goto(f"/peluang/{need.pk}/")
    page.get_by_role("link", name="Pledge to this need").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What you give").select_option("cash")
    page.get_by_label("Value (Rp)").fill("25.000.000")
    page.get_by_label("Period end").fill("2026-12-31")
    page.get_by_role("button", name="Send the pledge to Bappeda").click()

    expect(page).to_have_url(re.compile(r"/dasbor/$"))
    proposed = page.get_by_role("table", name=re.compile(r"^Proposed"))
    expect(proposed.get_by_role("link", name=title)).to_be_visible()
    pledge = Commitment.objects.get(title=title)
    assert (pledge.status, pledge.partner, pledge.opportunity) == ("proposed", demo_partner(), need)


def test_bappeda_approves_a_pledge_in_the_admin_and_the_partner_gets_the_email(page):
    pledge = make_commitment(
        partner=demo_partner(), opportunity=an_open_need(), title=unique("Janji")
    )

    sign_in_to_admin(page)
    page.goto("/admin/programs/commitment/?status__exact=proposed")
    page.get_by_role("checkbox", name=re.compile(re.escape(pledge.title))).check()
    page.get_by_label("Action:").select_option(label="Approve selected pledges")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("1")
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.APPROVED
    [email] = [m for m in mail.outbox if pledge.title in m.subject + m.body]
    assert email.to == ["mitra@example.org"]


# --- 4. a report, signed off by three parties --------------------------------------------------


def test_a_report_with_a_photo_is_confirmed_by_the_agency_verified_and_then_public(
    browser, portal, tmp_path
):
    agency = demo_agency()
    need = make_opportunity(agency=agency, theme=Theme.objects.order_by("number").last())
    pledge = make_commitment(
        partner=demo_partner(), opportunity=need, status="approved", title=unique("Kursi roda")
    )
    photo = jpeg_photo(tmp_path / "serah-terima.jpg")

    partner = open_context(browser, portal).new_page()
    sign_in(partner, "mitra")
    partner.goto(f"/dasbor/komitmen/{pledge.pk}/")
    partner.get_by_role("link", name="Report what was delivered").click()
    partner.get_by_label("Date realised").fill("2026-06-01")
    partner.get_by_label("Value realised (Rp)").fill("7.500.000")
    partner.get_by_label("What was done").fill("Sepuluh kursi roda diserahkan ke panti.")
    partner.get_by_label("Evidence (photos or PDF)").set_input_files(photo)
    partner.get_by_role("button", name="Send the report").click()
    report = Realization.objects.get(commitment=pledge)
    assert report.status == Realization.Status.SUBMITTED

    officer = open_context(browser, portal).new_page()
    sign_in(officer, "dinas")
    officer.get_by_role("link", name=re.compile(re.escape(pledge.title))).first.click()
    officer.get_by_label("Handover (BAST) number").fill("027/BAST/DINSOS/2026")
    officer.get_by_label("Handover (BAST) date").fill("2026-06-02")
    officer.get_by_role("button", name="Confirm the handover").click()
    report.refresh_from_db()
    assert report.status == Realization.Status.CONFIRMED

    staff = open_context(browser, portal).new_page()
    sign_in_to_admin(staff)
    staff.goto("/admin/programs/realization/?status__exact=confirmed")
    staff.get_by_role("checkbox", name=re.compile(re.escape(pledge.title))).check()
    staff.get_by_label("Action:").select_option(label="Verify selected reports")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Realization.Status.VERIFIED

    visitor = open_context(browser, portal).new_page()
    visitor.goto(f"/komitmen/{pledge.pk}/")
    reports = visitor.get_by_role("region", name="Realization reports")
    expect(reports).to_contain_text("Rp 7.500.000")
    photo_shown = reports.get_by_role("img", name=re.compile(re.escape(pledge.title)))
    expect(photo_shown).to_be_visible()
    assert photo_shown.evaluate("img => img.complete && img.naturalWidth") == 320


# --- 5. a need, from the agency to the public --------------------------------------------------


def test_an_agency_posts_a_need_bappeda_publishes_it_and_the_public_sees_it(browser, portal):
    title = unique("Tenda darurat untuk posko bencana")

    officer = open_context(browser, portal).new_page()
    sign_in(officer, "dinas")
    officer.goto("/dasbor/perangkat-daerah/peluang/baru/")
    officer.get_by_label("Title").fill(title)
    officer.get_by_label("Theme").select_option(label="6. Disaster management")
    officer.get_by_label("What is needed").select_option("goods")
    officer.get_by_label("Quantity needed").fill("20")
    officer.get_by_label("Unit", exact=True).fill("unit")
    officer.get_by_label("Estimated budget (Rp)").fill("60.000.000")
    officer.get_by_role("button", name=re.compile("Save")).click()
    officer.get_by_role("button", name="Submit to Bappeda").click()
    need = Opportunity.objects.get(title=title)
    assert need.status == Opportunity.Status.SUBMITTED

    staff = open_context(browser, portal).new_page()
    sign_in_to_admin(staff)
    staff.goto("/admin/programs/opportunity/?status__exact=submitted")
    staff.get_by_role("checkbox", name=re.compile(re.escape(title))).check()
    staff.get_by_label("Action:").select_option(label="Publish selected needs")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_be_visible()

    visitor = open_context(browser, portal).new_page()
    visitor.goto("/peluang/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_role("table", name=re.compile("ledger"))).to_contain_text("Rp 60.000.000")


# --- 6. the event day --------------------------------------------------------------------------


def test_staff_check_a_registration_in_by_its_code_and_the_event_page_counts_it(page):
    event = make_event(name=unique("Forum uji"), slug=unique("forum-uji").replace(" ", "-"))
    arriving, absent = (
        make_registration(event=event, organization=organization)
        for organization in Organization.objects.filter(kind="company").order_by("pk")[:2]
    )
    page.goto(f"/acara/{event.slug}/")
    attendance = page.get_by_role("region", name="Attendance")
    expect(attendance.get_by_role("row", name=re.compile("^Total"))).to_contain_text("2")

    sign_in_to_admin(page)
    page.goto(f"/acara/{event.slug}/check-in/")
    page.get_by_label("Code, name or organisation").fill(arriving.checkin_code)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Check in").click()

    arriving.refresh_from_db()
    assert arriving.checked_in_at is not None
    page.goto(f"/acara/{event.slug}/")
    expect(attendance.get_by_role("row", name=re.compile("^Total"))).to_contain_text("1")
    expect(attendance).to_contain_text("counted from check-ins")
    assert Registration.objects.get(pk=absent.pk).checked_in_at is None
