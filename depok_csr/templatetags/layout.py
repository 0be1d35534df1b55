"""
What every page's layout (`base.html`) links to, reversed once rather than on every page.

The header, feed link and footer need a dozen fixed addresses; a `{% url %}` each cost about
0.2 ms a page. They depend only on the URLconf and the script prefix the site is served under.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

LINKS = {
    "home": "home",
    "directory": "companies:organization_list",
    "themes": "programs:theme_list",
    "opportunities": "programs:opportunity_list",
    "commitments": "programs:commitment_list",
    "statistics": "programs:statistics",
    "events": "events:event_list",
    "open_data": "open_data",
    "opportunity_feed": "programs:opportunity_feed",
    "dashboard": "programs:dashboard",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "set_language": "set_language",
}

_reversed = {}  # (URLconf, script prefix) -> {link: address}


@register.simple_tag
def layout_urls():
    """{link name: address} of LINKS, e.g. `{{ layout_urls.directory }}`."""
    key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    urls = _reversed.get(key)
    if urls is None:
        urls = _reversed[key] = {link: reverse(name) for link, name in LINKS.items()}
    return urls
