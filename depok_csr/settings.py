"""
Settings of the Depok CSR partnership portal.

Everything an operator may change comes from environment variables (the README has the
table). The defaults run on a laptop: SQLite in var/, local-memory cache, console email.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "depok_csr",
    "accounts",
    "regions",
    "companies",
    "programs",
    "events",
    "opendata",
    "ninja",
    "corsheaders",
    "csp",
    "axes",
    "django_ratelimit",
]

# A history entry keeps the whole reason or note of a step (up to the forms' 2,000 characters),
# not only its first 100 (django-simple-history's default column).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

MIDDLEWARE = [
    # First, as django-cors-headers asks: before anything that may answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache; before the session, CSRF and messages middleware
    # so it sees their cookies (depok_csr/pagecache.py).
    "depok_csr.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A database that is down gets a 503 page instead of a 500 (and recovers by itself).
    "depok_csr.middleware.DatabaseUnavailableMiddleware",
    # The ledger's totals summed again once after a view that changed pledges, reports or needs.
    "programs.ledger.RefreshAfterRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "depok_csr.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "depok_csr.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "depok_csr.wsgi.application"

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short; JIT compilation cost seconds on the statistics page
    # (bench/RESULTS.md). Without server-side cursors, .iterator() also works behind pgbouncer.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent writers wait (timeout) instead of failing with
    # "database is locked" half-way through.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory database cannot show how concurrent writers wait.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_db.sqlite3")}
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, reusing its Redis client objects (depok_csr/cache.py).
            "BACKEND": "depok_csr.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "depok_csr",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages and the statistics' figures kept in that cache until the data behind
# them changes (depok_csr/pagecache.py); PAGE_CACHE=off renders every request from the database.
PAGE_CACHE = env_bool("PAGE_CACHE", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is refused for LOGIN_COOLOFF_MINUTES; others still sign in.
# Staff unlock early by deleting the attempt in the admin (Axes → Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
# The name typed at a failed sign-in, cut to what its column holds (Django's form does not).
AXES_USERNAME_CALLABLE = "accounts.security.attempted_username"
# Successful sign-ins are not logged: only failures matter for lockouts, and fewer addresses
# of people are kept.
AXES_DISABLE_ACCESS_LOG = True
# Only the attempts are shown in the admin (accounts/admin.py), with an unlock action.
AXES_ENABLE_ADMIN = False
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, the
# connecting address is the client's). Too high a number lets a client choose its address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

# Registration and password-reset forms, per address (and per email for resets), counted in
# the default cache (Redis in production). Rates are "<count>/<s|m|h|d>".
RATELIMIT_IP_META_KEY = "accounts.security.client_ip"
REGISTRATION_RATE = os.environ.get("REGISTRATION_RATE") or "10/h"
PASSWORD_RESET_RATE = os.environ.get("PASSWORD_RESET_RATE") or "10/h"
PASSWORD_RESET_EMAIL_RATE = os.environ.get("PASSWORD_RESET_EMAIL_RATE") or "3/h"
SILENCED_SYSTEM_CHECKS = [
    # Django's own Redis cache increments atomically, as django-ratelimit needs; the package
    # only lists django-redis as supported.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # The local-memory cache counts per process: good enough for one development server.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

LOGIN_URL = "accounts:login"
# The dashboard sends each role to its own page (partners, agency officers, staff, pending).
LOGIN_REDIRECT_URL = "programs:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Indonesian first, English available; Depok runs on Western Indonesia Time.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Evidence of realization reports and handover scans: never under MEDIA_URL, so a web server
# serving /media/ cannot expose an unverified report's files (views check who may see them).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Portal CSR Kota Depok <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Shown in the footer of every page as the address for questions about the portal.
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "")
# The portal's public address (e.g. https://csr.depok.go.id), for links in emails sent by
# scheduled commands, which have no request to take the host from.
PORTAL_URL = os.environ.get("PORTAL_URL", "")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# No script reads either cookie: forms send the CSRF token from their hidden field.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Only consent to the browsers' preload list; nothing is listed until the domain's owner
# submits it at hstspreload.org (which takes registrable domains, not a portal's subdomain).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A CSRF refusal gets the portal's own 403 page, in the visitor's language.
CSRF_FAILURE_VIEW = "depok_csr.errors.csrf_failure"

# Content Security Policy (django-csp): every script and stylesheet comes from static/, so no
# page may run inline code, inline styles or anything from another site. The same policy
# covers the admin and the API documentation (Swagger UI); README "Security headers" lists
# the third-party admin templates' inline bits it blocks and what replaces them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reference data shipped with the portal (copied from public sources, see data/README.md).
REFERENCE_DATA_DIR = BASE_DIR / "data"

# django-import-export: every import is one transaction, so a bad row saves nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Names typed by partners must not run as spreadsheet formulas when staff open an export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# The public API is read-only open data: any site may read it from a browser, never write.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
