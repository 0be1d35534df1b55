"""
Security headers and the Content Security Policy on every page a visitor, a partner, an agency
officer or Bappeda staff can open, and no inline script, style or event handler in any HTML the
portal sends (the policy would block it, so a page relying on one would be broken).

Pages: everything the public crawler reaches from the home page, every row of the access matrix
for the first persona who may open it (and for a visitor, who gets a sign-in redirect or a
refusal), and the admin sample of the access matrix for staff. Requests are made as HTTPS
(`secure=True`), as the TLS-terminating proxy forwards them.
"""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.crawler import crawl
from tests.test_access_matrix import (  # noqa: F401 (fixtures)
    PERSONAS,
    _admin_pages,
    personas,
    rows,
    scenario,
)

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
}
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
# Inline bits of third-party admin templates. The policy blocks them; static/css/admin.css and
# static/js/admin.js (loaded by templates/admin/base_site.html) do what they did.
THIRD_PARTY_ADMIN_INLINE = {
    # django-import-export, admin/import_export/export.html.
    'style="padding: 0;" on <p>',
    'style="font-weight: bold;" on <label>',
    'onchange="onSelectToggleChange(event)" on <input>',
    # django-simple-history, simple_history/object_history_list.html.
    'style="border-top: 0" on <p>',
}


def policy(response):
    """The Content-Security-Policy header as {directive: {sources}}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def header_problems(response, *, secure=True):
    """What is missing or wrong in the response's security headers."""
    expected = dict(HEADERS)
    if not secure:
        expected.pop("Strict-Transport-Security")
        if "Strict-Transport-Security" in response:
            return ["HSTS sent over plain HTTP"]
    problems = [
        f"{name}: {response.get(name)!r}"
        for name, value in expected.items()
        if response.get(name) != value
    ]
    if "Content-Security-Policy" not in response:
        problems.append("no Content-Security-Policy")
    elif policy(response) != POLICY:
        problems.append(f"Content-Security-Policy: {response['Content-Security-Policy']}")
    return problems


class _InlineCode(HTMLParser):
    """Inline scripts, <style> elements, style attributes, on* handlers, javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            script_url = name in ("href", "src", "action") and (value or "").strip().lower()
            if (
                name == "style"
                or name.startswith("on")
                or str(script_url).startswith("javascript:")
            ):
                self.found.append(f'{name}="{value}" on <{tag}>')
        attrs = dict(attrs)
        if tag == "style":
            self.found.append("<style> element")
        elif tag == "script" and "src" not in attrs:
            # A JSON data block is not run, and the policy does not apply to it.
            self._script = "" if attrs.get("type") != "application/json" else None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.found.append(f"<script>{self._script.strip()[:60]}</script>")
            self._script = None


def inline_code(html):
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def is_html(response):
    return "html" in response.get("Content-Type", "")


class HttpsClient:
    """The test client asking over HTTPS, as the proxy forwards requests (for the crawler)."""

    def __init__(self, client):
        self.client = client

    def get(self, path):
        response = self.client.get(path, secure=True)
        problems = header_problems(response)
        assert problems == [], f"{path}: {problems}"
        if is_html(response):
            assert inline_code(response.content.decode()) == [], path
        return response


# --- the helpers themselves --------------------------------------------------------------------


def test_inline_code_is_found_in_every_form():
    html = (
        '<p style="color:red">a</p><button onclick="go()">b</button><a href="javascript:x()">c</a>'
        "<style>p{}</style><script>alert(1)</script>"
        '<script src="/static/js/api-docs.js"></script><script type="application/json">{}</script>'
    )

    assert inline_code(html) == [
        'style="color:red" on <p>',
        'onclick="go()" on <button>',
        'href="javascript:x()" on <a>',
        "<style> element",
        "<script>alert(1)</script>",
    ]


# --- the pages ---------------------------------------------------------------------------------


def test_every_public_page_sends_the_headers_and_no_inline_code(client, scenario):  # noqa: F811
    pages = crawl(HttpsClient(client), limit=250)

    # The crawl reached the lists, the details and the API documentation.
    reached = {page.view_name for page in pages.values()}
    assert {
        "home",
        "companies:organization_detail",
        "programs:opportunity_detail",
        "programs:statistics",
        "events:event_detail",
        "api_docs",
    } <= reached


def first_allowed(case):
    """The first persona who gets the page itself (a 200), or None."""
    return next((who for who, got in zip(PERSONAS, case.expect, strict=True) if got == 200), None)


@pytest.mark.parametrize(("name", "case"), list(rows()))
def test_every_page_of_the_access_matrix_sends_the_headers_and_no_inline_code(
    client,
    personas,  # noqa: F811
    scenario,  # noqa: F811
    name,
    case,
):
    url = reverse(name, kwargs=case.kwargs(scenario) if case.kwargs else None)
    if case.query:
        url += "?" + urlencode(case.query(scenario))
    for who in dict.fromkeys(filter(None, [first_allowed(case), "anonymous"])):
        client.logout()
        if personas[who] is not None:
            client.force_login(personas[who])

        response = client.generic(case.method, url, secure=True)

        assert header_problems(response) == [], (who, response.status_code)
        if is_html(response):
            assert inline_code(body(response)) == [], (who, response.status_code)


@pytest.mark.parametrize("model", [pytest.param(m, id=m._meta.label) for m in admin.site._registry])
def test_admin_pages_send_the_headers_and_only_known_third_party_inline_code(
    client,
    staff,
    scenario,  # noqa: F811
    model,
):
    client.force_login(staff)
    obj = model._default_manager.order_by("pk").first()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if obj is None:  # nothing to open in the scenario (a log of sign-in failures, say)
        pages = [(f"{prefix}_changelist", []), (f"{prefix}_add", [])]
    else:
        pages = _admin_pages(model, admin.site._registry[model])
        pages.append((f"{prefix}_history", [obj.pk]))
    pages.append(("admin:index", []))
    for name, args in pages:
        response = client.get(reverse(name, args=args), secure=True)

        assert header_problems(response) == [], name
        if is_html(response):
            assert set(inline_code(body(response))) <= THIRD_PARTY_ADMIN_INLINE, name


def test_plain_http_gets_every_header_but_hsts(client, db):
    # Only a browser that reached the portal over HTTPS may be told to insist on it.
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert header_problems(response, secure=False) == []


def test_the_api_documentation_runs_swagger_ui_from_static_files_only(client, db):
    response = client.get(reverse("api_docs"), secure=True)

    html = response.content.decode()
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in html
    assert '<script src="/static/js/api-docs.js"></script>' in html
    assert policy(response)["script-src"] == {"'self'"}
    assert inline_code(html) == []


def test_no_script_of_the_portal_reads_cookies(settings):
    # The session and CSRF cookies are HttpOnly; forms send the CSRF token from their field.
    scripts = list((settings.BASE_DIR / "static" / "js").glob("*.js"))

    assert scripts
    assert [s.name for s in scripts if "cookie" in s.read_text().lower()] == []
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_the_session_and_csrf_cookies_are_https_only_and_hidden_from_scripts(client, partner_a):
    form = client.get(reverse("accounts:login"), secure=True)
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": partner_a.username, "password": "correct horse battery staple"},
        secure=True,
    )

    assert signed_in.status_code == 302
    for cookie in (form.cookies["csrftoken"], signed_in.cookies["sessionid"]):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True


def test_the_export_page_loads_what_replaces_its_blocked_inline_code(client, staff, company_a):
    client.force_login(staff)

    html = client.get(reverse("admin:companies_organization_export"), secure=True).content.decode()

    # The inline bits are there (third-party template) and blocked by the policy ...
    assert 'onchange="onSelectToggleChange(event)"' in html
    # ... and the portal's static files do their work instead.
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert '<script src="/static/js/admin.js" defer></script>' in html
