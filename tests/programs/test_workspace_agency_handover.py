"""The receiving agency confirms reported work on the ground (BAST), or returns the report."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from programs.models import Commitment, Evidence, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_member,
    make_opportunity,
    make_realization,
)
from tests.programs.agency_helpers import queries_to_get
from tests.programs.uploads import (
    EMPTY,
    HTML_AS_PNG,
    OVERSIZE,
    TEXT_AS_JPEG,
    TEXT_AS_PDF,
    camera_photo_bytes,
    image_bytes,
    pdf_bytes,
    upload,
)

Status = Realization.Status


def _url(name, report):
    return reverse(f"programs:{name}", args=[report.pk])


@pytest.fixture
def officer_client(client, agency_officer):
    client.force_login(agency_officer)
    return client


@pytest.fixture
def report(agency, company_a):
    """Company A's report on its pledge to a need of `agency`, waiting for confirmation."""
    need = make_opportunity(agency=agency, title="Ambulans desa")
    pledge = make_commitment(
        partner=company_a, opportunity=need, status=Commitment.Status.IN_PROGRESS
    )
    return make_realization(commitment=pledge, narrative="Dua ambulans diserahkan.")


def _handover(**overrides):
    data = {"bast_number": "027/BAST/DINSOS/2026", "bast_date": "2026-06-03"}
    data.update(overrides)
    return data


def test_an_officer_reads_the_report_and_its_evidence(officer_client, report):
    evidence = Evidence.objects.create(
        realization=report, file="evidence/2026/06/foto.jpg", content_type="image/jpeg"
    )

    response = officer_client.get(_url("agency_realization", report))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Dua ambulans diserahkan." in page
    assert reverse("programs:evidence_file", args=[evidence.pk]) in page
    assert 'name="bast_number"' in page
    assert 'enctype="multipart/form-data"' in page


def test_an_officer_confirms_the_handover_with_the_bast(
    officer_client, report, agency_officer, stamped
):
    response = officer_client.post(_url("agency_realization_confirm", report), _handover())

    assert response.status_code == 302
    assert response.url == reverse("programs:agency_dashboard")
    report.refresh_from_db()
    assert report.status == Status.CONFIRMED
    assert (report.bast_number, report.bast_date) == ("027/BAST/DINSOS/2026", date(2026, 6, 3))
    stamped(report, agency_officer, by=("confirmed_by",), at=("confirmed_at",))


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("bast.pdf", pdf_bytes(), ".pdf"),
        ("scan.jpg", image_bytes("JPEG"), ".jpg"),
        ("scan.pdf", image_bytes("PNG"), ".png"),
    ],
)
def test_a_scan_of_the_bast_is_kept_under_a_name_that_says_what_it_is(
    officer_client, report, name, content, extension
):
    officer_client.post(
        _url("agency_realization_confirm", report),
        _handover(bast_document=upload(name, content)),
    )

    report.refresh_from_db()
    assert report.status == Status.CONFIRMED
    assert report.bast_document.name.startswith("bast/")
    assert report.bast_document.name.endswith(extension)
    assert name not in report.bast_document.name


def test_a_photographed_scan_keeps_no_gps_position(officer_client, report):
    officer_client.post(
        _url("agency_realization_confirm", report),
        _handover(bast_document=upload("IMG_0001.jpg", camera_photo_bytes("JPEG"))),
    )

    report.refresh_from_db()
    with Image.open(report.bast_document.path) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()
    report.bast_document.delete(save=False)


BAD_HANDOVERS = {
    "no number": (_handover(bast_number="  "), "bast_number"),
    "no date": (_handover(bast_date=""), "bast_date"),
    "not a date": (_handover(bast_date="kemarin"), "bast_date"),
    "date in the future": (
        _handover(bast_date=(timezone.localdate() + timedelta(days=2)).isoformat()),
        "bast_date",
    ),
}


@pytest.mark.parametrize(("data", "field"), BAD_HANDOVERS.values(), ids=BAD_HANDOVERS.keys())
def test_a_handover_without_a_proper_bast_is_refused(officer_client, report, data, field):
    response = officer_client.post(_url("agency_realization_confirm", report), data)

    assert response.status_code == 200
    assert field in response.context["handover_form"].errors
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.bast_number == ""


BAD_SCANS = {
    "text named .jpg": TEXT_AS_JPEG,
    "text named .pdf": TEXT_AS_PDF,
    "html named .png": HTML_AS_PNG,
    "empty file": EMPTY,
    "over 5 MB": OVERSIZE,
    "webp photo": ("scan.webp", image_bytes("WEBP"), "image/webp"),
}


def _stored_scans():
    folder = Path(Realization._meta.get_field("bast_document").storage.path("bast"))
    return sorted(folder.rglob("*.*"))


@pytest.mark.parametrize("scan", BAD_SCANS.values(), ids=BAD_SCANS.keys())
def test_a_scan_that_is_not_a_pdf_jpeg_or_png_of_at_most_5_mb_is_refused(
    officer_client, report, scan
):
    stored_before = _stored_scans()

    response = officer_client.post(
        _url("agency_realization_confirm", report), _handover(bast_document=upload(*scan))
    )

    assert response.status_code == 200
    assert "bast_document" in response.context["handover_form"].errors
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert not report.bast_document
    assert _stored_scans() == stored_before


def test_an_officer_returns_the_report_to_the_partner_with_a_note(officer_client, report):
    response = officer_client.post(
        _url("agency_realization_return", report), {"note": "Foto serah terima belum ada."}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.return_note == "Foto serah terima belum ada."


def test_returning_without_a_note_is_refused(officer_client, report):
    response = officer_client.post(_url("agency_realization_return", report), {"note": ""})

    assert response.status_code == 200
    assert "note" in response.context["return_form"].errors
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_report_already_confirmed_cannot_be_confirmed_again(officer_client, report):
    Realization.objects.filter(pk=report.pk).update(
        status=Status.CONFIRMED, bast_number="001", bast_date=date(2026, 6, 1)
    )

    response = officer_client.post(
        _url("agency_realization_confirm", report), _handover(bast_number="002")
    )

    assert response.status_code == 200
    assert response.context["handover_form"].non_field_errors()
    report.refresh_from_db()
    assert report.bast_number == "001"


def test_a_confirmed_report_shows_no_forms(officer_client, report):
    Realization.objects.filter(pk=report.pk).update(
        status=Status.CONFIRMED, bast_number="001", bast_date=date(2026, 6, 1)
    )

    page = officer_client.get(_url("agency_realization", report)).content.decode()

    assert 'name="bast_number"' not in page
    assert "001" in page


def test_a_pledge_naming_its_own_agency_is_confirmed_by_that_agency(client, company_a):
    named = make_agency()
    officer = make_member(named)
    pledge = make_commitment(partner=company_a, agency=named, status=Commitment.Status.IN_PROGRESS)
    report = make_realization(commitment=pledge)
    client.force_login(officer)

    client.post(_url("agency_realization_confirm", report), _handover())

    report.refresh_from_db()
    assert report.status == Status.CONFIRMED


# --- who may ----------------------------------------------------------------------------------

PAGES = [
    ("agency_realization", "get"),
    ("agency_realization_confirm", "post"),
    ("agency_realization_return", "post"),
]


@pytest.mark.parametrize(("name", "method"), PAGES)
def test_another_agencys_report_is_not_found(client, other_agency_officer, report, name, method):
    client.force_login(other_agency_officer)

    response = getattr(client, method)(_url(name, report), {"note": "x", **_handover()})

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize(("name", "method"), PAGES)
@pytest.mark.parametrize("persona", ["partner_a", "partner_b", "staff"])
def test_partners_and_staff_cannot_confirm_or_return_on_the_agencys_behalf(
    client, request, report, name, method, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(_url(name, report), {"note": "x", **_handover()})

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize(("name", "method"), PAGES)
def test_a_visitor_is_sent_to_sign_in(anonymous, report, name, method):
    response = getattr(anonymous, method)(_url(name, report))

    assert response.status_code == 302
    assert "next=" in response.url


def test_confirming_is_a_post_never_a_get(officer_client, report):
    response = officer_client.get(_url("agency_realization_confirm", report), _handover())

    assert response.status_code == 405
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_the_report_page_takes_as_many_queries_with_many_evidence_files(officer_client, report):
    Evidence.objects.create(realization=report, file="evidence/a.jpg", content_type="image/jpeg")
    few = queries_to_get(officer_client, _url("agency_realization", report))
    for n in range(8):
        Evidence.objects.create(realization=report, file=f"evidence/{n}.pdf")
    many = queries_to_get(officer_client, _url("agency_realization", report))

    assert many == few
