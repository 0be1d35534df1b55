"""robots.txt lets search engines read every public page, not the admin, and names the sitemap."""

from urllib.robotparser import RobotFileParser

from django.urls import reverse

from tests.factories import make_commitment, make_event, make_opportunity


def robots(client, **request):
    response = client.get("/robots.txt", **request)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode()


def rules(text):
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


def test_search_engines_may_read_every_public_page_feed_and_download(client, db):
    need = make_opportunity()
    pledge = make_commitment(opportunity=need, status="approved")
    event = make_event()
    public = [
        reverse("home"),
        reverse("companies:organization_list") + "?kind=company",
        reverse("companies:organization_detail", args=[need.agency.slug]),
        reverse("programs:theme_detail", args=[need.theme.slug]),
        reverse("programs:opportunity_list") + "?format=csv",
        reverse("programs:opportunity_detail", args=[need.pk]),
        reverse("programs:opportunity_feed"),
        reverse("programs:commitment_detail", args=[pledge.pk]),
        reverse("programs:statistics"),
        reverse("events:event_detail", args=[event.slug]),
        reverse("open_data"),
        reverse("sitemap"),
    ]

    allowed = rules(robots(client))

    assert {path: allowed.can_fetch("*", path) for path in public} == dict.fromkeys(public, True)


def test_search_engines_stay_out_of_the_admin_and_the_language_switch(client, db):
    closed = [reverse("admin:index"), reverse("admin:login"), reverse("set_language")]

    allowed = rules(robots(client))

    assert {path: allowed.can_fetch("*", path) for path in closed} == dict.fromkeys(closed, False)


def test_robots_txt_names_the_sitemap_with_an_absolute_address_on_the_requested_host(
    client, db, settings
):
    settings.ALLOWED_HOSTS = ["csr.depok.go.id"]

    text = robots(client, HTTP_HOST="csr.depok.go.id", secure=True)

    assert "Sitemap: https://csr.depok.go.id/sitemap.xml" in text.splitlines()
    assert rules(text).site_maps() == ["https://csr.depok.go.id/sitemap.xml"]
    assert client.get("/sitemap.xml", HTTP_HOST="csr.depok.go.id", secure=True).status_code == 200


def test_robots_txt_needs_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        robots(client)


def test_robots_txt_only_answers_get(client, db):
    assert client.post("/robots.txt").status_code == 405
