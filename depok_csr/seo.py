"""What the portal tells search engines: robots.txt (the sitemap is in depok_csr/sitemaps.py)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

# Staff pages, and the language switch (a POST that only redirects back to a public page).
DISALLOWED_PREFIXES = ("/admin/", "/i18n/")


@require_GET
def robots_txt(request):
    """Public: crawl everything but the admin and the language switch; the sitemap is here."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in DISALLOWED_PREFIXES),
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
