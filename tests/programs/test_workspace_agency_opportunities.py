"""An agency officer posts a need, corrects the draft, submits it to Bappeda or withdraws it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Commitment, Opportunity
from programs.services import opportunity_update
from tests.factories import make_commitment, make_kelurahan, make_opportunity, make_theme
from tests.programs.agency_helpers import queries_to_get

CREATE_URL = reverse("programs:agency_opportunity_create")
Status = Opportunity.Status


def _url(name, need):
    return reverse(f"programs:{name}", args=[need.pk])


@pytest.fixture
def officer_client(client, agency_officer):
    client.force_login(agency_officer)
    return client


@pytest.fixture
def theme(db):
    return make_theme()


def _need_data(theme, /, **overrides):
    data = {
        "title": "Ambulans untuk puskesmas",
        "description": "Dua ambulans untuk layanan gawat darurat.",
        "theme": theme.pk,
        "kind": "goods",
        "budget": "1.500.000.000",
        "quantity": "2",
        "unit": "unit",
        "beneficiaries_target": "5000",
        "year": "2026",
        "needed_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "kecamatan": "",
        "kelurahan": "",
    }
    data.update(overrides)
    return data


# --- create -----------------------------------------------------------------------------------


def test_an_officer_posts_a_need_which_is_saved_as_a_draft_of_their_agency(
    officer_client, agency, agency_officer, theme
):
    response = officer_client.post(CREATE_URL, _need_data(theme))

    need = Opportunity.objects.get()
    assert response.status_code == 302
    assert response.url == _url("agency_opportunity", need)
    assert need.status == Status.DRAFT
    assert need.agency == agency
    assert need.created_by == agency_officer
    assert need.budget == 1_500_000_000
    assert (need.quantity, need.unit) == (2, "unit")


def test_the_create_page_is_a_form_for_officers(officer_client):
    response = officer_client.get(CREATE_URL)

    assert response.status_code == 200
    assert 'name="budget"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500.000", 1_500_000), ("1500000", 1_500_000), ("Rp 1.500.000", 1_500_000), ("0", 0)],
)
def test_the_budget_is_typed_the_indonesian_way(officer_client, theme, typed, stored):
    officer_client.post(CREATE_URL, _need_data(theme, budget=typed))

    assert Opportunity.objects.get().budget == stored


BAD_INPUT = [
    ({"budget": "-5.000"}, "budget"),
    ({"budget": "satu juta"}, "budget"),
    ({"budget": "1,5 juta"}, "budget"),
    ({"budget": ""}, "budget"),
    ({"title": ""}, "title"),
    ({"quantity": ""}, "quantity"),
    ({"unit": ""}, "unit"),
    ({"quantity": "0"}, "quantity"),
    ({"kind": "cash"}, "quantity"),  # cash carries no quantity
    ({"needed_by": "2020-01-01"}, "needed_by"),
    ({"theme": "999999"}, "theme"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUT, ids=[str(c) for c, _ in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_on_the_field_and_nothing_saved(
    officer_client, theme, change, field
):
    data = _need_data(theme, **change)
    response = officer_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Opportunity.objects.exists()
    # What was typed is still there to correct.
    assert data["title"] in response.content.decode()


def test_a_cash_need_has_no_quantity(officer_client, theme):
    officer_client.post(CREATE_URL, _need_data(theme, kind="cash", quantity="", unit=""))

    need = Opportunity.objects.get()
    assert (need.kind, need.quantity, need.unit) == ("cash", None, "")


def test_the_kelurahan_must_lie_in_the_kecamatan_chosen(officer_client, theme):
    kelurahan, elsewhere = make_kelurahan(), make_kelurahan()
    response = officer_client.post(
        CREATE_URL,
        _need_data(theme, kecamatan=elsewhere.kecamatan.pk, kelurahan=kelurahan.pk),
    )

    assert "kelurahan" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_a_kelurahan_alone_places_the_need_in_its_kecamatan(officer_client, theme):
    kelurahan = make_kelurahan()
    officer_client.post(CREATE_URL, _need_data(theme, kelurahan=kelurahan.pk))

    need = Opportunity.objects.get()
    assert (need.kelurahan, need.kecamatan) == (kelurahan, kelurahan.kecamatan)


# --- edit a draft -----------------------------------------------------------------------------


def test_an_officer_corrects_a_draft(officer_client, agency, agency_officer, theme):
    need = make_opportunity(agency=agency, theme=theme, status=Status.DRAFT, title="Lama")
    form_page = officer_client.get(_url("agency_opportunity_edit", need))
    assert form_page.status_code == 200
    assert 'value="100.000.000"' in form_page.content.decode()

    response = officer_client.post(
        _url("agency_opportunity_edit", need), _need_data(theme, title="Baru", budget="2.000.000")
    )

    need.refresh_from_db()
    assert response.status_code == 302
    assert (need.title, need.budget, need.status) == ("Baru", 2_000_000, Status.DRAFT)
    assert need.history.first().history_user == agency_officer


def test_a_draft_keeps_its_needed_by_date_even_when_it_has_passed(officer_client, agency, theme):
    past = timezone.localdate() - timedelta(days=3)
    need = make_opportunity(agency=agency, theme=theme, status=Status.DRAFT, needed_by=past)

    officer_client.post(
        _url("agency_opportunity_edit", need),
        _need_data(theme, title="Judul baru", needed_by=past.isoformat()),
    )

    need.refresh_from_db()
    assert need.title == "Judul baru"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.WITHDRAWN])
def test_a_need_cannot_be_changed_once_sent(officer_client, agency, theme, status):
    need = make_opportunity(agency=agency, theme=theme, status=status, title="Terkirim")

    page = officer_client.get(_url("agency_opportunity_edit", need))
    post = officer_client.post(_url("agency_opportunity_edit", need), _need_data(theme))

    assert page.status_code == post.status_code == 302
    need.refresh_from_db()
    assert need.title == "Terkirim"


def test_the_update_function_refuses_anything_but_a_draft(agency, agency_officer, refused):
    need = make_opportunity(agency=agency, status=Status.SUBMITTED)

    with refused(need):
        opportunity_update(opportunity=need, actor=agency_officer, title="Diam-diam")


def test_the_update_function_refuses_an_officer_of_another_agency(
    agency, other_agency_officer, refused
):
    need = make_opportunity(agency=agency, status=Status.DRAFT)

    with refused(need):
        opportunity_update(opportunity=need, actor=other_agency_officer, title="Bukan milikmu")


def test_the_update_function_sets_only_what_an_agency_describes(agency, agency_officer):
    need = make_opportunity(agency=agency, status=Status.DRAFT)

    with pytest.raises(TypeError):
        opportunity_update(opportunity=need, actor=agency_officer, status=Status.PUBLISHED)


# --- submit -----------------------------------------------------------------------------------


def test_create_edit_and_submit_a_need_to_bappeda(officer_client, agency_officer, theme, stamped):
    officer_client.post(CREATE_URL, _need_data(theme))
    need = Opportunity.objects.get()
    officer_client.post(_url("agency_opportunity_edit", need), _need_data(theme, budget="900.000"))

    response = officer_client.post(_url("agency_opportunity_submit", need), follow=True)

    need.refresh_from_db()
    assert need.status == Status.SUBMITTED
    assert need.budget == 900_000
    stamped(need, agency_officer)
    assert response.redirect_chain[-1][0] == _url("agency_opportunity", need)
    assert "Bappeda" in str(list(response.context["messages"])[0])


def test_submitting_is_a_post_never_a_get(officer_client, agency):
    need = make_opportunity(agency=agency, status=Status.DRAFT)

    response = officer_client.get(_url("agency_opportunity_submit", need))

    assert response.status_code == 405
    need.refresh_from_db()
    assert need.status == Status.DRAFT


def test_submitting_twice_says_why_the_second_is_refused(officer_client, agency, settings):
    settings.LANGUAGE_CODE = "en"
    need = make_opportunity(agency=agency, status=Status.SUBMITTED)

    response = officer_client.post(_url("agency_opportunity_submit", need), follow=True)

    (message,) = response.context["messages"]
    assert message.level_tag == "error"
    assert "while its status is “Submitted”" in str(message)
    need.refresh_from_db()
    assert need.status == Status.SUBMITTED


def test_bappedas_return_note_shows_on_a_returned_draft(officer_client, agency, staff):
    from programs.services import opportunity_return

    need = make_opportunity(agency=agency, status=Status.SUBMITTED)
    opportunity_return(opportunity=need, actor=staff, note="Lengkapi rincian anggaran.")

    page = officer_client.get(_url("agency_opportunity", need)).content.decode()

    assert "Lengkapi rincian anggaran." in page


# --- withdraw ---------------------------------------------------------------------------------


def test_an_officer_withdraws_a_need_with_a_reason(officer_client, agency, agency_officer):
    need = make_opportunity(agency=agency)

    assert officer_client.get(_url("agency_opportunity_withdraw", need)).status_code == 200
    response = officer_client.post(
        _url("agency_opportunity_withdraw", need), {"reason": "Sudah dianggarkan APBD."}
    )

    need.refresh_from_db()
    assert response.status_code == 302
    assert need.status == Status.WITHDRAWN
    assert need.withdrawal_reason == "Sudah dianggarkan APBD."


def test_withdrawing_without_a_reason_is_refused(officer_client, agency):
    need = make_opportunity(agency=agency)

    response = officer_client.post(_url("agency_opportunity_withdraw", need), {"reason": "  "})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    need.refresh_from_db()
    assert need.status == Status.PUBLISHED


def test_a_need_with_standing_pledges_is_not_withdrawn_and_the_page_says_why(
    officer_client, agency
):
    need = make_opportunity(agency=agency)
    make_commitment(opportunity=need, status=Commitment.Status.APPROVED)

    response = officer_client.post(_url("agency_opportunity_withdraw", need), {"reason": "Batal."})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    need.refresh_from_db()
    assert need.status == Status.PUBLISHED


# --- who may ----------------------------------------------------------------------------------


PAGES = [
    ("agency_opportunity", "get"),
    ("agency_opportunity_edit", "get"),
    ("agency_opportunity_edit", "post"),
    ("agency_opportunity_submit", "post"),
    ("agency_opportunity_withdraw", "get"),
    ("agency_opportunity_withdraw", "post"),
]


@pytest.mark.parametrize(("name", "method"), PAGES)
def test_another_agencys_need_is_not_found(
    client, other_agency_officer, agency, theme, name, method
):
    need = make_opportunity(agency=agency, status=Status.DRAFT, title="Milik dinas lain")
    client.force_login(other_agency_officer)

    response = getattr(client, method)(_url(name, need), {"reason": "x", **_need_data(theme)})

    assert response.status_code == 404
    need.refresh_from_db()
    assert (need.status, need.title) == (Status.DRAFT, "Milik dinas lain")


@pytest.mark.parametrize(("name", "method"), [*PAGES, ("agency_opportunity_create", "post")])
@pytest.mark.parametrize("persona", ["partner_a", "staff"])
def test_partners_and_staff_cannot_use_the_agency_pages(
    client, request, agency, theme, name, method, persona
):
    need = make_opportunity(agency=agency, status=Status.DRAFT, title="Draf")
    client.force_login(request.getfixturevalue(persona))
    url = CREATE_URL if name == "agency_opportunity_create" else _url(name, need)

    response = getattr(client, method)(url, {"reason": "x", **_need_data(theme)})

    assert response.status_code == 403
    assert Opportunity.objects.get() == need
    need.refresh_from_db()
    assert (need.status, need.title) == (Status.DRAFT, "Draf")


@pytest.mark.parametrize(("name", "method"), [*PAGES, ("agency_opportunity_create", "get")])
def test_a_visitor_is_sent_to_sign_in(anonymous, agency, name, method):
    need = make_opportunity(agency=agency, status=Status.DRAFT)
    url = CREATE_URL if name == "agency_opportunity_create" else _url(name, need)

    response = getattr(anonymous, method)(url)

    assert response.status_code == 302
    assert "next=" in response.url


def test_the_needs_page_takes_as_many_queries_with_many_pledges(officer_client, agency):
    need = make_opportunity(agency=agency, needed_by=date(2026, 12, 1))
    make_commitment(opportunity=need)
    few = queries_to_get(officer_client, _url("agency_opportunity", need))
    for _ in range(10):
        make_commitment(opportunity=need)
    many = queries_to_get(officer_client, _url("agency_opportunity", need))

    assert many == few
