"""A partner reports what it delivered, with photos or PDFs checked by content, and corrects
a report the agency returned; bad input and wrong files are refused and nothing is saved."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from programs.models import Commitment, Evidence, Realization
from tests.factories import make_commitment, make_opportunity, make_realization
from tests.programs.uploads import (
    GPS_IFD,
    REFUSED_FILES,
    camera_photo_bytes,
    evidence_storage,
    image_bytes,
    pdf_bytes,
    photo,
    upload,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def report_url(commitment):
    return reverse("programs:realization_create", args=[commitment.pk])


def resubmit_url(realization):
    return reverse("programs:realization_resubmit", args=[realization.pk])


@pytest.fixture
def private_files():
    """`private_files()`: the evidence files this test stored."""
    with evidence_storage() as stored:
        yield stored


@pytest.fixture
def as_partner_a(client, partner_a):
    client.force_login(partner_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def pledge(company_a, agency):
    need = make_opportunity(agency=agency)
    return make_commitment(partner=company_a, opportunity=need, status=Status.APPROVED)


def report(**overrides):
    data = {
        "date": "2026-03-10",
        "value": "12.500.000",
        "beneficiaries": "40",
        "narrative": "Ambulans diserahkan kepada Puskesmas Beji.",
        "evidence": [photo()],
    }
    data.update(overrides)
    return data


def nothing_saved(private_files):
    assert not Realization.objects.exists()
    assert not Evidence.objects.exists()
    assert private_files() == []


# --- a first report -----------------------------------------------------------------------------


def test_partner_reports_with_a_photo_and_the_report_waits_for_the_agency(
    as_partner_a, partner_a, pledge, private_files
):
    response = as_partner_a.post(report_url(pledge), report())

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:workspace_commitment", args=[pledge.pk])
    realization = Realization.objects.get()
    assert realization.status == Realization.Status.SUBMITTED
    assert (realization.value, realization.beneficiaries) == (12_500_000, 40)
    assert realization.date == date(2026, 3, 10) and realization.submitted_by == partner_a
    evidence = Evidence.objects.get()
    assert evidence.realization == realization
    assert (evidence.content_type, evidence.uploaded_by) == ("image/jpeg", partner_a)
    pledge.refresh_from_db()
    assert pledge.status == Status.IN_PROGRESS


def test_evidence_is_stored_privately_under_a_random_name(as_partner_a, pledge, private_files):
    as_partner_a.post(report_url(pledge), report(evidence=[photo("Foto Direktur PT Alfa.jpg")]))

    (stored,) = private_files()
    assert "Direktur" not in stored.name and stored.suffix == ".jpg"
    assert len(stored.stem) == 32  # a uuid4 in hex
    assert Evidence.objects.get().file.name.startswith("evidence/")


def test_jpeg_png_webp_and_pdf_are_accepted_together(as_partner_a, pledge):
    files = [
        photo(),
        upload("b.png", image_bytes("PNG")),
        upload("c.webp", image_bytes("WEBP")),
        upload("d.pdf", pdf_bytes()),
    ]

    as_partner_a.post(report_url(pledge), report(evidence=files))

    types = sorted(Evidence.objects.values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/jpeg", "image/png", "image/webp"]


def test_a_real_png_named_pdf_is_kept_as_the_png_it_is(as_partner_a, pledge, private_files):
    as_partner_a.post(
        report_url(pledge),
        report(evidence=[upload("bast.pdf", image_bytes("PNG"), "application/pdf")]),
    )

    assert Evidence.objects.get().content_type == "image/png"
    assert private_files()[0].suffix == ".png"


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("IMG_2041.jpg", "JPEG", "image/jpeg"),
        ("IMG_2042.png", "PNG", "image/png"),
        ("IMG_2043.webp", "WEBP", "image/webp"),
    ],
)
def test_a_photo_is_stored_upright_without_its_gps_position_or_camera_data(
    as_partner_a, pledge, private_files, name, image_format, content_type
):
    sent = camera_photo_bytes(image_format, size=(40, 30), orientation=6)
    with Image.open(io.BytesIO(sent)) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the phone's photo says where it was taken

    as_partner_a.post(report_url(pledge), report(evidence=[upload(name, sent, content_type)]))

    (stored,) = private_files()
    with Image.open(stored) as kept:
        assert kept.format == image_format
        assert not kept.getexif()  # no GPS position, camera or orientation tag left
        assert "exif" not in kept.info and "xmp" not in kept.info
        assert kept.size == (30, 40)  # turned upright, as the camera meant it
    assert b"PhoneMaker" not in stored.read_bytes()
    assert Evidence.objects.get().content_type == content_type


def test_a_pdf_is_stored_as_it_was_sent(as_partner_a, pledge, private_files):
    as_partner_a.post(report_url(pledge), report(evidence=[upload("bast.pdf", pdf_bytes())]))

    (stored,) = private_files()
    assert stored.read_bytes() == pdf_bytes()


def test_a_photo_claiming_too_many_pixels_is_refused_before_it_is_drawn(
    as_partner_a, pledge, private_files, monkeypatch
):
    monkeypatch.setattr("programs.forms.MAX_EVIDENCE_PIXELS", 40 * 30 - 1)

    response = as_partner_a.post(
        report_url(pledge), report(evidence=[upload("besar.jpg", camera_photo_bytes())])
    )

    assert response.status_code == 200
    assert "“besar.jpg” has too many pixels" in response.content.decode()
    nothing_saved(private_files)


def test_evidence_is_kept_outside_the_public_media_folder(as_partner_a, pledge, private_files):
    as_partner_a.post(report_url(pledge), report())

    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_file()
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert not evidence.file.url.startswith(f"/{settings.MEDIA_URL}")
    # Neither the portal nor a web server serving MEDIA_ROOT under /media/ finds it there.
    media_url = f"/{settings.MEDIA_URL}{evidence.file.name}"
    assert as_partner_a.get(media_url).status_code == 404
    with pytest.raises(Http404):
        serve(RequestFactory().get(media_url), evidence.file.name, settings.MEDIA_ROOT)


@pytest.mark.parametrize("case", REFUSED_FILES)
def test_a_file_that_is_not_a_photo_or_pdf_empty_or_too_large_is_refused(
    as_partner_a, pledge, private_files, case
):
    (name, content, content_type), message = REFUSED_FILES[case]

    response = as_partner_a.post(
        report_url(pledge), report(evidence=[photo(), upload(name, content, content_type)])
    )

    assert response.status_code == 200
    assert f"“{name}” {message}" in response.content.decode()
    nothing_saved(private_files)


def test_a_report_needs_at_least_one_and_at_most_five_files(as_partner_a, pledge, private_files):
    none = as_partner_a.post(report_url(pledge), report(evidence=[]))
    six = as_partner_a.post(report_url(pledge), report(evidence=[photo() for _ in range(6)]))

    assert "Attach at least one photo or PDF." in none.content.decode()
    assert "Attach at most 5 files at a time." in six.content.decode()
    nothing_saved(private_files)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("value", "0", "The amount must be more than Rp 0."),
        ("value", "-100", "The amount must be more than Rp 0."),
        ("value", "dua juta", "Enter an amount in whole rupiah"),
        ("date", "kemarin", "Enter a valid date."),
        ("beneficiaries", "-1", "Ensure this value is greater than or equal to 0."),
        ("narrative", "", "This field is required."),
    ],
)
def test_bad_report_fields_are_refused_with_a_message(
    as_partner_a, pledge, private_files, field, typed, message
):
    response = as_partner_a.post(report_url(pledge), report(**{field: typed}))

    assert response.status_code == 200
    assert message in response.content.decode()
    nothing_saved(private_files)


def test_a_report_dated_in_the_future_is_refused(as_partner_a, pledge, private_files):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_partner_a.post(report_url(pledge), report(date=tomorrow.isoformat()))

    assert "The date realised cannot be in the future." in response.content.decode()
    nothing_saved(private_files)


def test_goods_are_reported_with_the_quantity_delivered(as_partner_a, company_a, private_files):
    boats = make_commitment(
        partner=company_a, kind="goods", quantity=4, unit="unit", status=Status.IN_PROGRESS
    )

    missing = as_partner_a.post(report_url(boats), report())
    as_partner_a.post(report_url(boats), report(quantity="3", evidence=[photo()]))

    assert "This field is required." in missing.content.decode()
    assert Realization.objects.get().quantity == 3


def test_the_form_keeps_what_was_typed_and_asks_to_choose_the_files_again(as_partner_a, pledge):
    response = as_partner_a.post(report_url(pledge), report(value="0"))

    html = response.content.decode()
    assert "Ambulans diserahkan kepada Puskesmas Beji." in html
    assert "choose the evidence files again" in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.REJECTED, Status.CANCELLED, "realized"])
def test_only_an_approved_or_running_pledge_takes_a_report(
    as_partner_a, company_a, private_files, status
):
    other = make_commitment(partner=company_a, status=status, rejection_reason="Tidak sesuai.")

    response = as_partner_a.post(report_url(other), report(), follow=True)

    assert "Only an approved or running pledge can be reported on." in response.content.decode()
    nothing_saved(private_files)


def test_partner_b_cannot_report_on_a_pledge_of_partner_a(client, partner_b, pledge, private_files):
    client.force_login(partner_b)

    assert client.get(report_url(pledge)).status_code == 404
    assert client.post(report_url(pledge), report()).status_code == 404
    nothing_saved(private_files)


# --- correcting a returned report ---------------------------------------------------------------


@pytest.fixture
def returned(pledge):
    pledge.status = Status.IN_PROGRESS
    pledge.save()
    return make_realization(
        commitment=pledge,
        status=Realization.Status.RETURNED,
        value=5_000_000,
        narrative="Narasi lama.",
        return_note="Foto serah terima belum ada.",
    )


def test_the_correction_form_shows_the_note_and_the_report_as_it_was(as_partner_a, returned):
    html = as_partner_a.get(resubmit_url(returned)).content.decode()

    assert "Foto serah terima belum ada." in html
    assert 'value="5.000.000"' in html and "Narasi lama." in html


def test_partner_corrects_a_returned_report_adds_a_photo_and_sends_it_again(
    as_partner_a, partner_a, returned
):
    response = as_partner_a.post(
        resubmit_url(returned), report(value="6.000.000", narrative="Narasi baru.")
    )

    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == Realization.Status.SUBMITTED
    assert (returned.value, returned.narrative) == (6_000_000, "Narasi baru.")
    assert returned.evidence.get().uploaded_by == partner_a


def test_a_correction_may_come_without_new_files(as_partner_a, returned):
    as_partner_a.post(resubmit_url(returned), report(evidence=[]))

    returned.refresh_from_db()
    assert returned.status == Realization.Status.SUBMITTED and not returned.evidence.exists()


def test_a_bad_correction_changes_nothing(as_partner_a, returned, private_files):
    response = as_partner_a.post(
        resubmit_url(returned), report(value="0", evidence=[upload("x.jpg", b"teks")])
    )

    assert response.status_code == 200
    returned.refresh_from_db()
    assert (returned.status, returned.value) == (Realization.Status.RETURNED, 5_000_000)
    assert private_files() == []


def test_a_report_that_was_not_returned_cannot_be_changed(as_partner_a, pledge):
    waiting = make_realization(commitment=pledge, status=Realization.Status.SUBMITTED)

    response = as_partner_a.post(resubmit_url(waiting), report(value="1"), follow=True)

    assert "Only a report returned for correction can be changed." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.value == 5_000_000


def test_partner_b_cannot_correct_a_report_of_partner_a(client, partner_b, returned):
    client.force_login(partner_b)

    assert client.get(resubmit_url(returned)).status_code == 404
    assert client.post(resubmit_url(returned), report()).status_code == 404
    returned.refresh_from_db()
    assert returned.status == Realization.Status.RETURNED


def test_the_report_forms_run_a_fixed_few_queries(
    as_partner_a, pledge, returned, private_files, django_assert_num_queries
):
    with django_assert_num_queries(4):  # session, user, organisations, the pledge
        as_partner_a.get(report_url(pledge))
    for _ in range(5):
        Evidence.objects.create(realization=returned, file=photo(), content_type="image/jpeg")
    with django_assert_num_queries(6):  # ... the report instead of the pledge, its evidence
        as_partner_a.get(resubmit_url(returned))
