"""
Every form of the portal, sent hostile, odd and missing values by the person it is for.

Whatever is sent: never a server error; a form shown again (an invalid submission) saved
nothing, in any table, and changed nothing it points at; markup sent is never in a page raw,
and where the form shows a value back it is escaped. When a submission is valid, the page it
leads to shows what was saved escaped too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import check_answer, example, row_counts, stored
from .strategies import PDF, PHOTO, SHARP, as_request_data, submissions

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Form:
    """One form: where it is sent, by whom, a valid submission, and what the page shows back."""

    url: Callable  # scene -> URL
    persona: str | None  # the scene's user who sends it; None: a visitor
    valid: Callable  # scene -> {field: value}
    echo: tuple = ()  # fields the form shows back when it is shown again
    files: tuple = ()  # fields taking uploads
    extra: tuple = ()  # fields the form does not have, sent anyway
    watched: tuple = ()  # scene objects an invalid submission must leave as they were
    intact: tuple = ()  # fields without which the form is not shown back at all


def url(name, *args):
    return lambda s: reverse(name, args=[a(s) if callable(a) else a for a in args])


def pk_of(name):
    return lambda s: getattr(s, name).pk


def today(days=0):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _signup(s):
    return {
        "account-first_name": "Andi",
        "account-last_name": "Wijaya",
        "account-email": "andi.baru@example.org",
        "account-username": "andi_baru",
        "account-password1": "Kuat-sekali-2026!",
        "account-password2": "Kuat-sekali-2026!",
    }


def _join(s):
    return {"membership-intent": "join", "membership-organization": s.company_a.pk}


def _propose(s):
    return {
        "membership-intent": "propose",
        "membership-name": "Yayasan Baru Sejahtera",
        "membership-kind": "company",
        "membership-sector": s.sector.pk,
        "membership-address": "Jl. Margonda Raya 1",
        "membership-kecamatan": s.kecamatan.pk,
        "membership-website": "yayasan.example",
    }


MEMBERSHIP_ECHO = ("membership-name", "membership-address", "membership-website")
SIGNUP_ECHO = ("account-first_name", "account-last_name", "account-email", "account-username")


def _profile(s):
    contact = s.company_a.contacts.get()
    return {
        "profile-description": "Kami membantu warga.",
        "profile-address": "Jl. Margonda",
        "profile-kecamatan": s.kecamatan.pk,
        "profile-phone": "021-7777",
        "profile-email": "info@alfa.example",
        "profile-website": "alfa.example",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
        "contacts-0-id": contact.pk,
        "contacts-0-name": "Rina",
        "contacts-0-position": "Humas",
        "contacts-0-phone": "0812000111",
        "contacts-0-email": "rina@alfa.example",
        "contacts-0-is_public": "on",
        "contacts-0-order": "1",
    }


def _pledge(s):
    return {
        "title": "Bantuan sembako",
        "kind": "cash",
        "value": "1.500.000",
        "quantity": "",
        "unit": "",
        "start_date": today(),
        "end_date": today(30),
        "description": "Untuk warga.",
    }


def _pledge_to_theme(s):
    place = {"agency": s.agency.pk, "kecamatan": s.kecamatan.pk, "kelurahan": s.kelurahan.pk}
    return {**_pledge(s), **place}


PLEDGE_ECHO = ("title", "value", "quantity", "unit", "start_date", "end_date", "description")


def _report(s, **more):
    return {
        "date": today(-1),
        "value": "5.000.000",
        "beneficiaries": "120",
        "narrative": "Diserahkan di kelurahan.",
        "evidence": PHOTO,
        **more,
    }


REPORT_ECHO = ("date", "value", "quantity", "beneficiaries", "narrative")


def _need(s):
    return {
        "title": "Kursi roda",
        "description": "Untuk panti.",
        "theme": s.theme.pk,
        "kind": "goods",
        "budget": "25.000.000",
        "quantity": "10",
        "unit": "unit",
        "beneficiaries_target": "50",
        "year": "2026",
        "needed_by": today(60),
        "kecamatan": s.kecamatan.pk,
        "kelurahan": s.kelurahan.pk,
    }


NEED_ECHO = (
    "title",
    "description",
    "budget",
    "quantity",
    "unit",
    "beneficiaries_target",
    "year",
    "needed_by",
)


def _reason_action(action, target):
    def valid(s):
        return {
            "action": action,
            "_selected_action": [getattr(s, target).pk],
            "apply": "1",
            "reason": "Tidak sesuai ketentuan.",
        }

    return valid


REASON_INTACT = ("action", "_selected_action", "apply")
REASON_EXTRA = ("index", "select_across")


FORMS = {
    # Public: accounts.
    "register (join)": Form(
        url("accounts:register"),
        None,
        lambda s: {**_signup(s), **_join(s)},
        echo=SIGNUP_ECHO,
        extra=("membership-name", "membership-kind"),
    ),
    "register (propose)": Form(
        url("accounts:register"),
        None,
        lambda s: {**_signup(s), **_propose(s)},
        echo=SIGNUP_ECHO + MEMBERSHIP_ECHO,
    ),
    "sign in": Form(
        url("accounts:login"),
        None,
        lambda s: {
            "username": "partner_a",
            "password": "correct horse battery staple",
            "next": "/dasbor/",
        },
        echo=("username",),
    ),
    "password reset": Form(
        url("accounts:password_reset"),
        None,
        lambda s: {"email": s.partner_a.email},
        echo=("email",),
    ),
    "password change": Form(
        url("accounts:password_change"),
        "partner_a",
        lambda s: {
            "old_password": "correct horse battery staple",
            "new_password1": "Baru-sekali-2026!",
            "new_password2": "Baru-sekali-2026!",
        },
        watched=("partner_a",),
    ),
    "language": Form(
        lambda s: reverse("set_language"), None, lambda s: {"language": "en", "next": "/"}
    ),
    "membership request (join)": Form(
        url("accounts:join"), "newcomer", _join, extra=("membership-name",)
    ),
    "membership request (propose)": Form(
        url("accounts:join"), "newcomer", _propose, echo=MEMBERSHIP_ECHO
    ),
    # Partner workspace.
    "profile edit": Form(
        url("companies:organization_edit", lambda s: s.company_a.slug),
        "partner_a",
        _profile,
        echo=(
            "profile-description",
            "profile-address",
            "profile-phone",
            "profile-email",
            "profile-website",
        ),
        files=("profile-logo",),
        extra=("profile-logo", "contacts-0-DELETE", "profile-name", "profile-is_verified"),
        watched=("company_a",),
    ),
    "pledge to a theme": Form(
        lambda s: reverse("programs:pledge_create") + f"?theme={s.theme.slug}",
        "partner_a",
        _pledge_to_theme,
        echo=PLEDGE_ECHO,
        extra=("confirm_over", "partner", "status"),
    ),
    "pledge to a need": Form(
        url("programs:opportunity_pledge", pk_of("need")),
        "partner_a",
        _pledge,
        echo=PLEDGE_ECHO,
        extra=("confirm_over", "agency"),
        watched=("need",),
    ),
    "pledge cancel": Form(
        url("programs:commitment_cancel", pk_of("proposed")),
        "partner_a",
        lambda s: {"reason": "Anggaran dialihkan."},
        echo=("reason",),
        watched=("proposed",),
    ),
    "report (cash)": Form(
        url("programs:realization_create", pk_of("approved")),
        "partner_a",
        _report,
        echo=tuple(name for name in REPORT_ECHO if name != "quantity"),  # no quantity for cash
        files=("evidence",),
        extra=("quantity",),
        watched=("approved",),
    ),
    "report (goods)": Form(
        url("programs:realization_create", pk_of("goods")),
        "partner_a",
        lambda s: _report(s, quantity="3"),
        echo=REPORT_ECHO,
        files=("evidence",),
        watched=("goods",),
    ),
    "report correction": Form(
        url("programs:realization_resubmit", pk_of("returned_report")),
        "partner_a",
        lambda s: _report(s, quantity="3"),
        echo=REPORT_ECHO,
        files=("evidence",),
        watched=("returned_report", "goods"),
    ),
    "event registration": Form(
        url("events:registration_create", lambda s: s.event.slug),
        "partner_a",
        lambda s: {
            "organization": s.company_a.pk,
            "representative_name": "Andi Wijaya",
            "position": "Manajer",
            "phone": "0812-3456-7890",
            "email": "andi@alfa.example",
        },
        echo=("representative_name", "position", "phone", "email"),
        extra=("checkin_code", "event"),
    ),
    "event registration cancel": Form(
        url("events:registration_cancel", lambda s: s.event.slug, "KODE-SALAH"),
        "partner_a",
        lambda s: {},
        extra=("code",),
    ),
    # Agency workspace.
    "need create": Form(
        url("programs:agency_opportunity_create"),
        "officer",
        _need,
        echo=NEED_ECHO,
        extra=("status", "agency"),
    ),
    "need edit": Form(
        url("programs:agency_opportunity_edit", pk_of("draft_need")),
        "officer",
        _need,
        echo=NEED_ECHO,
        extra=("status", "agency"),
        watched=("draft_need",),
    ),
    "need submit": Form(
        url("programs:agency_opportunity_submit", pk_of("draft_need")),
        "officer",
        lambda s: {},
        extra=("status", "note"),
    ),
    "need withdraw": Form(
        url("programs:agency_opportunity_withdraw", pk_of("draft_need")),
        "officer",
        lambda s: {"reason": "Tidak lagi dibutuhkan."},
        echo=("reason",),
        watched=("draft_need",),
    ),
    "handover confirm": Form(
        url("programs:agency_realization_confirm", pk_of("report")),
        "officer",
        lambda s: {
            "bast_number": "027/BAST/DINSOS/2026",
            "bast_date": today(),
            "bast_document": PDF,
        },
        echo=("bast_number", "bast_date"),
        files=("bast_document",),
        watched=("report",),
    ),
    "report return": Form(
        url("programs:agency_realization_return", pk_of("report")),
        "officer",
        lambda s: {"note": "Foto kurang jelas."},
        echo=("note",),
        watched=("report",),
    ),
    # Staff: the check-in desk, the invitation and the admin's pages asking for a reason.
    "check-in": Form(
        url("events:checkin_confirm", lambda s: s.event.slug),
        "staff",
        lambda s: {"code": s.registration.checkin_code},
    ),
    "invite": Form(
        url("admin:accounts_user_invite"),
        "staff",
        lambda s: {
            "first_name": "Dewi",
            "last_name": "Lestari",
            "email": "dewi@example.org",
            "organization": s.company_b.pk,
        },
        echo=("first_name", "last_name", "email"),
    ),
    "admin: reject pledges": Form(
        url("admin:programs_commitment_changelist"),
        "staff",
        _reason_action("reject_commitments", "proposed"),
        echo=("reason",),
        watched=("proposed",),
        intact=REASON_INTACT,
        extra=REASON_EXTRA,
    ),
    "admin: cancel pledges": Form(
        url("admin:programs_commitment_changelist"),
        "staff",
        _reason_action("cancel_commitments", "approved"),
        echo=("reason",),
        watched=("approved",),
        intact=REASON_INTACT,
        extra=REASON_EXTRA,
    ),
    "admin: return needs": Form(
        url("admin:programs_opportunity_changelist"),
        "staff",
        _reason_action("return_opportunities", "submitted_need"),
        echo=("reason",),
        watched=("submitted_need",),
        intact=REASON_INTACT,
        extra=REASON_EXTRA,
    ),
    "admin: withdraw needs": Form(
        url("admin:programs_opportunity_changelist"),
        "staff",
        _reason_action("withdraw_opportunities", "draft_need"),
        echo=("reason",),
        watched=("draft_need",),
        intact=REASON_INTACT,
        extra=REASON_EXTRA,
    ),
    "admin: return reports": Form(
        url("admin:programs_realization_changelist"),
        "staff",
        _reason_action("return_realizations", "confirmed_report"),
        echo=("reason",),
        watched=("confirmed_report",),
        intact=REASON_INTACT,
        extra=REASON_EXTRA,
    ),
}


def test_the_valid_submissions_go_through(client, scene):
    """The starting points are valid: each form accepts its valid submission as it is."""
    refused = []
    for name, form in FORMS.items():
        if form.url(scene).startswith("/admin/") or name in (
            "language",
            "check-in",
            "event registration cancel",
        ):
            continue  # the admin and Django's own views answer a redirect either way
        valid = form.valid(scene)
        with example(client, getattr(scene, form.persona) if form.persona else None):
            response = client.post(form.url(scene), as_request_data(valid))
            location = response.get("Location", "")
            if response.status_code != 302 or location.startswith(reverse("accounts:login")):
                refused.append((name, response.status_code, location))
    assert refused == []


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
@settings(settings.get_profile("fuzz"))
@given(draw=st.data())
def test_form_survives_hostile_input(client, scene, form, draw):
    valid = form.valid(scene)
    data = draw.draw(submissions(valid, files=form.files, extra=form.extra), label="sent")
    user = getattr(scene, form.persona) if form.persona else None
    watched = [getattr(scene, name) for name in form.watched]
    shown_back = all(data.get(name) == valid.get(name) for name in form.intact)
    with example(client, user):
        counts, rows = row_counts(), stored(watched)
        response = client.post(form.url(scene), as_request_data(data))
        check_answer(response, data, echo=form.echo if shown_back else ())
        if response.status_code == 200:
            # Shown again: the submission was refused, and nothing of it was kept.
            assert row_counts() == counts
            assert stored(watched) == rows
        elif response.status_code == 302:
            check_answer(client.get(response["Location"]), data)


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_every_field_takes_the_sharpest_values(client, scene, form):
    """Each field in turn given each of SHARP, the others valid: the same checks as above."""
    valid = form.valid(scene)
    user = getattr(scene, form.persona) if form.persona else None
    for name in (n for n in valid if n not in form.files):
        for value in SHARP:
            data = {**valid, name: value}
            with example(client, user):
                counts = row_counts()
                response = client.post(form.url(scene), as_request_data(data))
                check_answer(response, data, echo=form.echo)
                if response.status_code == 200:
                    assert row_counts() == counts, (name, value)
