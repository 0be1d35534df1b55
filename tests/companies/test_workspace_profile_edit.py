"""A member edits their own organisation's public profile and contact persons, and nothing else."""

import io
import os
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, PngImagePlugin

from companies.models import ContactPerson, Membership, Organization
from tests.factories import make_kecamatan, make_membership, make_user
from tests.programs.uploads import camera_photo_bytes


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Logos land in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def edit_url(organization):
    return reverse("companies:organization_edit", args=[organization.slug])


def png_bytes(size=(40, 30), text=None):
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, image_format)
    return buffer.getvalue()


def contact_data(contacts=(), new=(), prefix="contacts"):
    """The contact formset as the page sends it: the existing rows, then the new ones."""
    # A new row's "name shown publicly" box is ticked, as the page shows it.
    rows = [*contacts, *({"is_public": "on", **row} for row in new)]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(contacts)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = value
    return data


def existing(contact, **changes):
    row = {
        "id": contact.pk,
        "name": contact.name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
        "order": contact.order,
    }
    if contact.is_public:
        row["is_public"] = "on"
    row.update(changes)
    return row


def profile_data(organization, **changes):
    data = {
        "profile-description": organization.description,
        "profile-address": organization.address,
        "profile-kecamatan": organization.kecamatan_id or "",
        "profile-phone": organization.phone,
        "profile-email": organization.email,
        "profile-website": organization.website,
    }
    data.update({f"profile-{name}": value for name, value in changes.items()})
    return data


def post(client, organization, contacts=(), new=(), **changes):
    data = {**profile_data(organization, **changes), **contact_data(contacts, new)}
    return client.post(edit_url(organization), data)


def test_a_representative_edits_the_public_profile(client, partner_a, company_a):
    kecamatan = make_kecamatan(name="Beji")
    client.force_login(partner_a)

    response = post(
        client,
        company_a,
        description="Kami mendukung UMKM Depok.",
        address="Jl. Margonda Raya 100",
        kecamatan=kecamatan.pk,
        phone="021 777 1234",
        email="csr@alfa.example",
        website="alfa.example",
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(company_a)
    company_a.refresh_from_db()
    assert company_a.description == "Kami mendukung UMKM Depok."
    assert (company_a.address, company_a.kecamatan) == ("Jl. Margonda Raya 100", kecamatan)
    assert (company_a.phone, company_a.email) == ("021 777 1234", "csr@alfa.example")
    assert company_a.website == "https://alfa.example"
    assert company_a.history.first().history_user == partner_a
    public = client.get(reverse("companies:organization_detail", args=[company_a.slug]))
    assert "Kami mendukung UMKM Depok." in public.content.decode()


def test_an_agency_officer_edits_the_agencys_profile(client, agency_officer, agency):
    client.force_login(agency_officer)
    post(client, agency, description="Melayani warga Depok.")
    agency.refresh_from_db()
    assert agency.description == "Melayani warga Depok."


def test_the_account_page_links_to_the_edit_page_of_approved_memberships_only(
    client, partner_a, company_a, company_b
):
    Membership.objects.create(user=partner_a, organization=company_b)
    client.force_login(partner_a)

    page = client.get(reverse("accounts:account")).content.decode()

    assert edit_url(company_a) in page
    assert edit_url(company_b) not in page


def test_the_page_says_who_may_use_it(client, partner_a, company_a):
    client.force_login(partner_a)
    page = client.get(edit_url(company_a)).content.decode()
    assert "For approved members of this organisation" in page


def test_a_member_of_another_company_gets_a_404_and_changes_nothing(client, partner_b, company_a):
    client.force_login(partner_b)
    before = Organization.objects.filter(pk=company_a.pk).values().get()

    assert client.get(edit_url(company_a)).status_code == 404
    assert post(client, company_a, description="Diretas.").status_code == 404
    assert Organization.objects.filter(pk=company_a.pk).values().get() == before


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.DECLINED])
def test_a_request_not_approved_gives_no_edit_page(client, company_a, status):
    user = make_user()
    make_membership(user=user, organization=company_a, status=status)
    client.force_login(user)
    assert client.get(edit_url(company_a)).status_code == 404


def test_staff_edit_organisations_in_the_admin_not_here(client, staff, company_a):
    client.force_login(staff)
    assert client.get(edit_url(company_a)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, company_a):
    response = client.get(edit_url(company_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_registry_fields_cannot_be_changed_even_when_posted(client, partner_a):
    company = Organization.objects.get(slug="pt-alfa-contoh")
    Organization.objects.filter(pk=company.pk).update(is_verified=False)
    company.refresh_from_db()
    client.force_login(partner_a)
    before = Organization.objects.filter(pk=company.pk).values().get()

    response = post(
        client,
        company,
        description="Baru.",
        kind="regional_agency",
        slug="diambil-alih",
        name="PT Nama Lain",
        is_verified="on",
        is_active="",
        is_demo="on",
        source="palsu",
    )

    assert response.status_code == 302
    after = Organization.objects.filter(pk=company.pk).values().get()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"description", "updated_at"}


@pytest.fixture
def company_with_logo(company_a, media):
    (media / "logos").mkdir()
    (media / "logos" / "lama.png").write_bytes(png_bytes())
    Organization.objects.filter(pk=company_a.pk).update(logo="logos/lama.png")
    company_a.refresh_from_db()
    return company_a


def test_a_logo_is_saved_again_under_a_random_name_without_hidden_text(
    client, partner_a, company_a, media
):
    client.force_login(partner_a)
    upload = SimpleUploadedFile("logo perusahaan.png", png_bytes(text="rahasia-internal"))

    response = post(client, company_a, logo=upload)

    assert response.status_code == 302
    company_a.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", company_a.logo.name)
    stored = (media / company_a.logo.name).read_bytes()
    assert b"rahasia-internal" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (40, 30))


def test_a_photographed_logo_is_saved_upright_without_its_gps_position(
    client, partner_a, company_a, media
):
    client.force_login(partner_a)
    photo = SimpleUploadedFile("logo.jpg", camera_photo_bytes("JPEG", size=(40, 30)))

    post(client, company_a, logo=photo)

    company_a.refresh_from_db()
    with Image.open(media / company_a.logo.name) as image:
        assert not image.getexif()
        assert image.size == (30, 40)


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_jpeg_and_webp_logos_are_accepted(client, partner_a, company_a, image_format):
    client.force_login(partner_a)
    post(client, company_a, logo=SimpleUploadedFile("logo.bin", image_bytes(image_format)))
    company_a.refresh_from_db()
    assert company_a.logo.name.endswith({"JPEG": ".jpg", "WEBP": ".webp"}[image_format])


def test_a_big_logo_is_scaled_down(client, partner_a, company_a, media):
    client.force_login(partner_a)
    post(client, company_a, logo=SimpleUploadedFile("besar.png", png_bytes(size=(3000, 1500))))
    company_a.refresh_from_db()
    with Image.open(media / company_a.logo.name) as image:
        assert image.size == (1024, 512)


BAD_LOGOS = {
    "text-named-png": (b"this is not an image at all", "Upload a valid image"),
    "empty": (b"", "The submitted file is empty."),
    "gif": (image_bytes("GIF"), "The logo must be a JPEG, PNG or WebP image."),
    "oversize": (png_bytes() + os.urandom(2 * 1024 * 1024), "The logo is larger than 2 MB."),
}


@pytest.mark.parametrize("case", BAD_LOGOS)
def test_a_bad_logo_is_refused_and_nothing_else_is_lost(
    client, partner_a, company_with_logo, media, case
):
    content, message = BAD_LOGOS[case]
    contact = ContactPerson.objects.create(organization=company_with_logo, name="Rudi")
    client.force_login(partner_a)
    before = Organization.objects.filter(pk=company_with_logo.pk).values().get()
    files_before = sorted(media.rglob("*"))

    response = post(
        client,
        company_with_logo,
        contacts=[existing(contact, name="Rudi Hartono")],
        description="Deskripsi baru yang diketik.",
        logo=SimpleUploadedFile("logo.png", content, content_type="image/png"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page
    # What was typed is still in the form, to send again with another logo.
    assert "Deskripsi baru yang diketik." in page
    assert 'value="Rudi Hartono"' in page
    assert Organization.objects.filter(pk=company_with_logo.pk).values().get() == before
    assert ContactPerson.objects.get(pk=contact.pk).name == "Rudi"
    assert sorted(media.rglob("*")) == files_before


def test_the_logo_can_be_removed(client, partner_a, company_with_logo):
    client.force_login(partner_a)
    post(client, company_with_logo, **{"logo-clear": "on"})
    company_with_logo.refresh_from_db()
    assert not company_with_logo.logo


def test_contact_persons_are_added_changed_and_removed(client, partner_a, company_a):
    rudi = ContactPerson.objects.create(organization=company_a, name="Rudi", order=1)
    sari = ContactPerson.objects.create(organization=company_a, name="Sari", order=2)
    client.force_login(partner_a)

    response = post(
        client,
        company_a,
        contacts=[
            existing(rudi, position="Manajer CSR", phone="0812 1111 2222", is_public=""),
            existing(sari, DELETE="on"),
        ],
        new=[
            {"name": "Tono", "position": "Staf", "email": "tono@alfa.example", "order": "3"},
            {"name": "", "position": "", "phone": "", "email": "", "order": "0"},  # left as shown
        ],
    )

    assert response.status_code == 302
    rows = list(company_a.contacts.values_list("name", "position", "phone", "is_public"))
    assert rows == [
        ("Rudi", "Manajer CSR", "0812 1111 2222", False),
        ("Tono", "Staf", "", True),
    ]
    assert not ContactPerson.objects.filter(pk=sari.pk).exists()


def test_a_contact_without_a_name_is_refused_and_nothing_saved(client, partner_a, company_a):
    client.force_login(partner_a)
    response = post(
        client,
        company_a,
        description="Tidak tersimpan.",
        new=[{"name": "", "phone": "0812 3333 4444", "order": "0"}],
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not company_a.contacts.exists()
    company_a.refresh_from_db()
    assert company_a.description == ""


def test_another_organisations_contact_cannot_be_changed_or_removed_through_the_form(
    client, partner_a, company_a, company_b
):
    theirs = ContactPerson.objects.create(organization=company_b, name="Bela")
    client.force_login(partner_a)

    post(client, company_a, contacts=[existing(theirs, name="Diubah")])
    post(client, company_a, contacts=[existing(theirs, DELETE="on")])

    theirs.refresh_from_db()
    assert (theirs.organization, theirs.name) == (company_b, "Bela")
    assert not company_a.contacts.exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_edit_page_takes_the_same_queries_with_many_contacts(client, partner_a, company_a):
    client.force_login(partner_a)
    ContactPerson.objects.create(organization=company_a, name="Satu")
    few = _queries(client, edit_url(company_a))
    ContactPerson.objects.bulk_create(
        ContactPerson(organization=company_a, name=f"Kontak {n}") for n in range(15)
    )
    assert _queries(client, edit_url(company_a)) == few


class _FormValues(HTMLParser):
    """What a browser sends for the page's POST form as shown: every field's current value."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get(
                    "value", "on" if attrs.get("type") == "checkbox" else ""
                )
        elif tag == "select" and name:
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def test_sending_the_page_as_shown_saves_and_changes_nothing(client, partner_a, company_a):
    ContactPerson.objects.create(organization=company_a, name="Rudi", phone="0812", order=1)
    Organization.objects.filter(pk=company_a.pk).update(description="Tentang kami.")
    client.force_login(partner_a)
    parser = _FormValues()
    parser.feed(client.get(edit_url(company_a)).content.decode())
    before = list(company_a.contacts.values())

    response = client.post(edit_url(company_a), parser.data)

    assert response.status_code == 302
    assert list(company_a.contacts.values()) == before  # the two empty rows added nothing
    company_a.refresh_from_db()
    assert company_a.description.strip() == "Tentang kami."
