from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from opendata import views as opendata_views
from opendata.api import api

from . import health, seo, views
from .sitemaps import SITEMAPS

admin.site.site_header = _("Depok CSR Partnership Portal")
admin.site.site_title = _("Depok CSR Portal")
admin.site.index_title = _("Bappeda administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("direktori/", include("companies.urls")),
    path("", include("programs.urls")),
    path("acara/", include("events.urls")),
    path("akun/", include("accounts.urls")),
    path("data/", opendata_views.open_data, name="open_data"),
    path("data/", include("opendata.urls")),
    path("api/docs/", opendata_views.api_docs, name="api_docs"),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Without a CSRF token, so that the cached public pages carry nobody's token: switching the
    # language only sets a cookie (depok_csr/pagecache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# 400, 403 and 404 are Django's own handlers with the templates in templates/.
handler500 = "depok_csr.errors.server_error"
