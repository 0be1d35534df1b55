"""
What the fuzz tests found, written down as plain cases, and bytes no test client sends as text.
"""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from .conftest import body_of, example, row_counts, stored

pytestmark = pytest.mark.django_db


# --- the admin's lists: forged row ids and date-hierarchy years ---------------------------------


@pytest.mark.parametrize("row_id", ["<script>alert(1)</script>", "2026-06-01", str(2**63), "-1e9"])
def test_a_forged_row_id_in_a_bulk_action_shows_the_list_again(client, scene, row_id):
    url = reverse("admin:programs_commitment_changelist")
    client.force_login(scene.staff)
    before, rows = row_counts(), stored([scene.proposed])
    response = client.post(
        url,
        {
            "action": "reject_commitments",
            "_selected_action": [scene.proposed.pk, row_id],
            "apply": "1",
            "reason": "Tidak sesuai.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert [m.level for m in get_messages(response.wsgi_request)] == [messages.WARNING]
    assert row_counts() == before
    assert stored([scene.proposed]) == rows


def test_the_rows_ticked_in_the_list_still_go_through(client, scene):
    client.force_login(scene.staff)
    response = client.post(
        reverse("admin:programs_commitment_changelist"),
        {
            "action": "reject_commitments",
            "_selected_action": [scene.proposed.pk],
            "apply": "1",
            "reason": "Tidak sesuai.",
        },
    )
    assert response.status_code == 302
    scene.proposed.refresh_from_db()
    assert scene.proposed.status == "rejected"


@pytest.mark.parametrize(
    ("admin_list", "year_param"),
    [
        ("admin:events_event_changelist", "date__year"),
        ("admin:programs_realization_changelist", "date__year"),
        ("admin:programs_evidence_changelist", "created_at__year"),
        ("admin:companies_membership_changelist", "created_at__year"),
    ],
)
def test_a_date_hierarchy_year_no_date_holds_is_a_wrong_filter(
    client, scene, admin_list, year_param
):
    client.force_login(scene.staff)
    field = year_param.removesuffix("__year")
    url = reverse(admin_list)
    for query in (
        f"{year_param}=9999",
        f"{year_param}=2147483648",
        f"{year_param}=9999&{field}__month=12&{field}__day=31",
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 302, query
        assert response["Location"] == f"{url}?e=1", query


# --- bytes that are not UTF-8 -------------------------------------------------------------------

BAD_BYTES = ["%FF%FE", "%ED%A0%80", "%C0%AF", "%00", "%E2%80%AE%3Cscript%3E"]


FILTERED_PAGES = [
    "/direktori/?q={}&theme={}",
    "/peluang/?q={}&budget_min={}",
    "/komitmen/?q={}&year={}",
    "/data/opportunities.csv?q={}&kecamatan={}",
    "/data/commitments.json?q={}&year={}",
]


@pytest.mark.parametrize("raw", BAD_BYTES)
def test_bytes_that_are_not_utf8_in_a_filter_are_no_server_error(client, scene, raw):
    for page in FILTERED_PAGES:
        response = client.get(page.format(raw, raw))
        assert response.status_code == 200, page
        assert "\u202e<script>" not in body_of(response), page


@pytest.mark.parametrize("raw", BAD_BYTES)
def test_bytes_that_are_not_utf8_in_a_form_save_nothing(client, scene, raw):
    with example(client, scene.partner_a):
        before = row_counts()
        response = client.generic(
            "POST",
            reverse("programs:commitment_cancel", args=[scene.proposed.pk]),
            f"reason=&title={raw}".encode(),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert row_counts() == before


# --- text longer than a column: a sign-in name, a reason kept in a step's history ---------------


def test_a_sign_in_with_a_name_longer_than_any_account_is_refused_not_a_server_error(client, scene):
    from axes.models import AccessAttempt

    name = "x" * 10_000
    response = client.post(reverse("accounts:login"), {"username": name, "password": "salah"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == name[:255]


def test_a_long_reason_is_kept_whole_in_the_history_of_the_step(client, scene):
    reason = "Anggaran dialihkan ke program lain. " * 50  # 1,800 characters
    client.force_login(scene.partner_a)
    response = client.post(
        reverse("programs:commitment_cancel", args=[scene.proposed.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    scene.proposed.refresh_from_db()
    assert scene.proposed.status == "cancelled"
    assert scene.proposed.history.first().history_change_reason == reason.strip()


# --- values no query can hold: NUL characters, "²", numbers beyond 64 bits ----------------------


def test_a_pledge_link_to_no_need_or_theme_is_not_found(client, scene):
    client.force_login(scene.partner_a)
    for query in ("opportunity=²", "opportunity=١", "theme=a%00b", "theme=%3Cscript%3E"):
        response = client.get(f"{reverse('programs:pledge_create')}?{query}")
        assert response.status_code == 404, query


def test_a_check_in_code_with_a_nul_character_is_not_found(client, scene):
    client.force_login(scene.staff)
    event = scene.event.slug
    response = client.post(reverse("events:checkin_confirm", args=[event]), {"code": "A\x00B"})
    assert response.status_code == 404
    response = client.get(f"/acara/{event}/lencana/A%00B/")
    assert response.status_code == 404
    scene.registration.refresh_from_db()
    assert scene.registration.checked_in_at is None


@pytest.mark.parametrize(
    "query", ["kecamatan__id__exact=9223372036854775808", "kecamatan__id__exact=a%00b"]
)
def test_an_admin_filter_no_column_holds_is_a_wrong_filter(client, scene, query):
    client.force_login(scene.staff)
    url = reverse("admin:regions_kelurahan_changelist")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
