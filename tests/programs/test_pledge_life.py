"""The whole life of a pledge through the portal: a partner pledges from a need's page, Bappeda
approves it in the admin, the partner reports with a photo, the agency confirms the handover,
Bappeda verifies, and the public commitment page shows the realised value and the photo."""

import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from programs import services
from programs.models import Commitment, Evidence, Opportunity, Realization
from tests.admin_helpers import run_action
from tests.factories import make_opportunity
from tests.programs.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

PHOTO = image_bytes("JPEG")


def test_a_pledge_from_the_form_to_the_public_page_with_its_photo(
    client, partner_a, company_a, staff, agency, agency_officer
):
    need = make_opportunity(title="Ambulans Puskesmas Beji", agency=agency, budget=300_000_000)
    need_url = reverse("programs:opportunity_detail", args=[need.pk])
    pledge_url = reverse("programs:opportunity_pledge", args=[need.pk])

    # The partner finds the need and pledges all that is missing.
    client.force_login(partner_a)
    assert pledge_url in client.get(need_url).content.decode()
    client.post(
        pledge_url,
        {
            "title": "Satu ambulans untuk Beji",
            "kind": "cash",
            "value": "300.000.000",
            "start_date": "2026-01-15",
            "end_date": "2026-06-30",
        },
    )
    pledge = Commitment.objects.get(partner=company_a)
    assert pledge.status == Commitment.Status.PROPOSED
    public_url = reverse("programs:commitment_detail", args=[pledge.pk])
    client.logout()
    assert client.get(public_url).status_code == 404

    # Bappeda approves it in the admin; nothing is missing on the need any more.
    client.force_login(staff)
    run_action(client, Commitment, "approve_commitments", [pledge])
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert pledge.status == Commitment.Status.APPROVED
    assert need.status == Opportunity.Status.FULLY_COMMITTED

    # The partner reports the handover with a photo.
    client.force_login(partner_a)
    client.post(
        reverse("programs:realization_create", args=[pledge.pk]),
        {
            "date": "2026-03-02",
            "value": "287.500.000",
            "beneficiaries": "12000",
            "narrative": "Ambulans diserahkan dan beroperasi.",
            "evidence": [upload("ambulans.jpg", PHOTO, "image/jpeg")],
        },
    )
    realization = Realization.objects.get(commitment=pledge)
    photo = Evidence.objects.get(realization=realization)
    photo_url = reverse("programs:evidence_file", args=[photo.pk])
    assert client.get(photo_url).status_code == 200  # the partner sees its own photo
    client.logout()
    assert client.get(photo_url).status_code == 404  # nobody else yet
    assert "287.500.000" not in client.get(public_url).content.decode()

    # The agency confirms the handover on the ground, then Bappeda verifies.
    services.realization_confirm(
        realization=realization,
        actor=agency_officer,
        bast_number="BAST/017/2026",
        bast_date=date(2026, 3, 3),
    )
    services.realization_verify(realization=realization, actor=staff)

    # Everyone sees what was realised, and the photo.
    html = client.get(public_url).content.decode()
    assert "Rp 287.500.000" in html and "12.000" in html and "BAST/017/2026" in html
    assert f'<img src="{photo_url}"' in html
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    shown = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (shown.format, shown.size) == ("JPEG", (8, 6))  # the photo, redrawn without EXIF
