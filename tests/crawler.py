"""
A crawler of the public portal for tests: start at the home page, follow same-site links.

It reads what a visitor (or a search engine) can reach without signing in: links in HTML
(`<a href>`, `<link rel="alternate">` such as Atom feeds), the addresses in XML (sitemap `<loc>`,
Atom `<link href>`) and in JSON (the API's next pages), and the filter forms of list pages,
submitted once per option. Spreadsheet downloads are read as the text of their cells. It only
sends GET requests, skips the admin, the language switch and static or media files, and stops
after `limit` pages. Plain addresses are fetched before addresses with a query string, so every
distinct page is seen before the many filter, sort and page variants of the lists.
"""

import heapq
import io
import itertools
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import openpyxl
from django.urls import Resolver404, resolve

SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/static/", "/media/")
# Typed into the text fields of filter forms. Private items' markers start with it, so a search
# that looks at private rows shows them; the echo of the term itself is not a marker.
SEARCH_TERM = "zzpriv"
# Sent once in every select, number and date field of a filter form: a bad value must give the
# list, never a 500.
BAD_CHOICE = "not-a-choice"
# Spreadsheet downloads are zip files: their cells are read out as text, one row a line.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Page:
    path: str  # with its query string
    status: int
    content_type: str
    text: str
    links: set = field(default_factory=set)

    @property
    def is_html(self):
        return "html" in self.content_type

    @property
    def view_name(self):
        try:
            return resolve(urlsplit(self.path).path).view_name
        except Resolver404:
            return None


class _Parser(HTMLParser):
    """Collects link targets, sitemap <loc> texts and GET forms with their fields' choices."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []  # [(action, [(field name, [values to try]), ...]), ...]
        self._form = None
        self._select = None
        self._in_loc = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._is_link(tag, attrs):
            self.links.append(attrs["href"])
        elif tag == "loc":
            self._in_loc = True
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = (attrs.get("action") or "", [])
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select[1].append(attrs["value"])
        elif self._form is not None and attrs.get("name"):
            self._form_field(tag, attrs)

    @staticmethod
    def _is_link(tag, attrs):
        # Stylesheets and icons are <link>s too; feeds and pages are "alternate".
        alternate = tag == "link" and attrs.get("rel", "alternate") == "alternate"
        return bool(attrs.get("href")) and (tag == "a" or alternate)

    def _form_field(self, tag, attrs):
        name, kind = attrs["name"], (attrs.get("type") or "text").lower()
        if tag == "select":
            self._select = (name, [BAD_CHOICE])
            self._form[1].append(self._select)
        elif tag == "input" and kind in ("text", "search"):
            self._form[1].append((name, [SEARCH_TERM]))
        elif tag == "input" and kind in ("number", "date"):
            self._form[1].append((name, [BAD_CHOICE]))
        elif tag == "input" and kind in ("radio", "checkbox") and attrs.get("value"):
            self._form[1].append((name, [attrs["value"]]))

    def handle_data(self, data):
        if self._in_loc and data.strip():
            self.links.append(data.strip())

    def handle_endtag(self, tag):
        if tag == "loc":
            self._in_loc = False
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def _same_site_path(base, href, host):
    """The path and query of `href` read on page `base`, or None when it leaves the site."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("", "http", "https") or url.netloc not in ("", host):
        return None
    if not url.path.startswith("/") or url.path.startswith(SKIPPED_PREFIXES):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def _form_urls(base, forms):
    """One address per choice of every field of every GET form: the filter pages."""
    for action, fields in forms:
        target = urlsplit(urljoin(base, action)).path
        for name, values in fields:
            for value in values:
                yield f"{target}?{urlencode({name: value})}"


def _xlsx_text(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        ",".join("" if value is None else str(value) for value in row)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
    )


def _json_links(text):
    """Addresses among the values of a JSON answer (an API page's `next`, an item's `url`)."""
    stack = [json.loads(text)]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and value.startswith(("/", "http://", "https://")):
            yield value


def _body(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type", "").startswith(XLSX):
        return _xlsx_text(content)
    return content.decode("utf-8", "replace")


def crawl(client, seeds=("/",), *, limit=400, host="testserver"):
    """Fetch every page reachable from `seeds`; returns {path: Page} in the order fetched."""
    order = itertools.count()
    queue = []
    queued = set()

    def push(path):
        if path is not None and path not in queued:
            queued.add(path)
            heapq.heappush(queue, ("?" in path, next(order), path))

    for seed in seeds:
        push(seed)
    pages = {}
    while queue and len(pages) < limit:
        _, _, path = heapq.heappop(queue)
        response = client.get(path)
        page = Page(path, response.status_code, response.get("Content-Type", ""), _body(response))
        pages[path] = page
        if response.status_code in (301, 302, 303, 307, 308):
            page.links.add(_same_site_path(path, response["Location"], host))
        elif "html" in page.content_type or "xml" in page.content_type:
            parser = _Parser()
            parser.feed(page.text)
            page.links.update(_same_site_path(path, href, host) for href in parser.links)
            if page.is_html:
                page.links.update(_form_urls(path, parser.forms))
        elif "json" in page.content_type and response.status_code == 200:
            page.links.update(_same_site_path(path, href, host) for href in _json_links(page.text))
        page.links.discard(None)
        for link in sorted(page.links):
            push(link)
    return pages
