"""The visitor's and the partner's journeys again, with the keyboard alone (Tab, arrows, Enter).

Every element Tab reaches on the way must show where focus is.
"""

import re

from playwright.sync_api import expect

from programs.models import Commitment
from tests.browser.conftest import BROWSER, PHONE, open_context
from tests.browser.keyboard import choose, follow, tab_to
from tests.browser.test_journeys import a_partner_with_public_pledges, an_open_need, unique

pytestmark = BROWSER


def test_a_visitor_finds_a_partners_commitment_with_the_keyboard_alone(browser, portal):
    partner = a_partner_with_public_pledges()
    context = open_context(browser, portal, language="id", viewport=PHONE)
    page = context.new_page()
    page.goto("/")

    tab_to(page, ".skip-link")
    tab_to(page, 'nav a[href="/direktori/"]')
    follow(page)
    expect(page).to_have_url(re.compile(r"/direktori/$"))
    tab_to(page, "#id_kind")
    choose(page, "company")
    tab_to(page, "#id_kecamatan")
    choose(page, partner.kecamatan.slug)
    tab_to(page, 'form[role="search"] button[type="submit"]')
    follow(page)
    expect(page).to_have_url(re.compile(r"kind=company"))
    tab_to(page, f'a[href="/direktori/{partner.slug}/"]')
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(partner.name)
    tab_to(page, '#commitments-heading ~ table a[href^="/komitmen/"]')
    title = page.evaluate("document.activeElement.innerText")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab_to(page, 'button[name="language"][value="en"]')
    follow(page)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Realization reports")).to_be_visible()
    context.close()


def test_a_partner_signs_in_and_pledges_with_the_keyboard_alone(page):
    need = an_open_need()
    title = unique("Janji lewat papan ketik")
    page.goto(f"/peluang/{need.pk}/")

    tab_to(page, "main a", name="Sign in to pledge")
    follow(page)
    tab_to(page, "#id_username")
    page.keyboard.type("mitra")
    tab_to(page, "#id_password")
    page.keyboard.type("demo-depok-2026")
    follow(page)

    expect(page).to_have_url(re.compile(rf"/peluang/{need.pk}/janji/"))
    tab_to(page, "#id_title")
    page.keyboard.press("Control+A")
    page.keyboard.type(title)
    tab_to(page, "#id_kind")
    choose(page, "cash")
    tab_to(page, "#id_value")
    page.keyboard.type("15.000.000")
    tab_to(page, "#id_end_date")
    page.keyboard.type("12312026")  # month, day, year: the browser's date field in en-US
    assert page.locator("#id_end_date").input_value() == "2026-12-31"
    tab_to(page, "main [type=submit]")
    follow(page)

    expect(page).to_have_url(re.compile(r"/dasbor/$"))
    proposed = page.get_by_role("table", name=re.compile(r"^Proposed"))
    expect(proposed.get_by_role("link", name=title)).to_be_visible()
    assert Commitment.objects.get(title=title).status == Commitment.Status.PROPOSED
