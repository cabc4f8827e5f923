"""civicgrid settings: one module, driven by environment variables.

The embedded default (no environment at all) runs on SQLite in ``var/`` with eager tasks, so a
newcomer needs nothing but Python. Production sets DATABASE_URL, CELERY_BROKER_URL,
CIVICGRID_SECRET_KEY and CIVICGRID_PII_KEY. Every variable is listed in docs/admin-guide.md.
"""

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CIVICGRID_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

log = logging.getLogger("civicgrid.settings")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _embedded_secret(filename: str) -> str:
    """A secret kept in var/ for the embedded default; created on first use."""
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("CIVICGRID_DEBUG", False)
SECRET_KEY = os.environ.get("CIVICGRID_SECRET_KEY") or _embedded_secret("secret.key")
ALLOWED_HOSTS = env_list("CIVICGRID_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CIVICGRID_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # the API's docs page from its own static files (the CDN page runs inline script)
    "civicgrid.core",
    "civicgrid.accounts",
    "civicgrid.areas",
    "civicgrid.registry",
    "civicgrid.catalogue",
    "civicgrid.routing",
    "civicgrid.notifications",
    "civicgrid.cases",
    "civicgrid.disputes",
    "civicgrid.open311",
    "civicgrid.webhooks",
    "civicgrid.api",
    "civicgrid.figures",
    "civicgrid.evaluation",
    "civicgrid.duties",
    "civicgrid.burden",
    "civicgrid.participation",
    "civicgrid.orgs",
    "civicgrid.party",
    "civicgrid.workforce",
    "civicgrid.finance",
    "civicgrid.estates",
    "civicgrid.commercial",
    "civicgrid.campaigns",
    "civicgrid.onestop",
    "civicgrid.insight",
    "civicgrid.web",
    "civicgrid.demo",
]

MIDDLEWARE = [
    "civicgrid.web.metrics.RequestMetrics",  # first: times the whole answer
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "civicgrid.web.middleware.secure_cookies_over_https",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civicgrid.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "civicgrid.web.middleware.refuse_nul_bytes",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civicgrid.core.replicas.PinningMiddleware",  # after the session's and login's own writes
    "django.contrib.messages.middleware.MessageMiddleware",
    "civicgrid.web.residents.ResidentAreaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicgrid.web.context.civicgrid",
            ],
        },
    }
]

# --- database ---------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'civicgrid.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # the indexes that carry extra columns for PostgreSQL's index-only scans are plain indexes
    # on SQLite, which is all the embedded default needs: no warning on every command
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles any query its planner costs highly, which for our grouped counts
    # (evaluation, figures) takes longer than the query: 0.75 → 0.58 s for a month of a
    # district's indicators at 10,000,000 cases. Nothing here runs long enough to gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# The hottest small queries (the duplicates after every report: core.prepared) are prepared by
# PostgreSQL once per connection instead of planned on every call. False behind a pooler that
# does not keep prepared statements (PgBouncer in transaction mode before 1.21).
CIVICGRID_PREPARED_STATEMENTS = env_bool("CIVICGRID_PREPARED_STATEMENTS", True)
if CIVICGRID_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg prepares only what asks for it (Django's own cursors bind on the client and never
    # do; no statement is run this often before psycopg would prepare it by itself)
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**62
# A read replica (a hot standby following the primary): lists, dashboards, evaluation, exports
# and Open311's reads go there unless the request or the browser wrote a moment ago
# (civicgrid/core/replicas.py, docs/deploy.md#read-replicas). Writes and everything else: the
# primary. Its options are the primary's (no JIT; nothing prepared: the hot statements write).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
CIVICGRID_REPLICA_PIN_SECONDS = int(os.environ.get("CIVICGRID_REPLICA_PIN_SECONDS", 10))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"  # sslmode stays
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # the test database is the primary's
    DATABASE_ROUTERS = ["civicgrid.core.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# GET /metrics (Prometheus) answers only a scraper sending this bearer token; unset: not found
CIVICGRID_METRICS_TOKEN = os.environ.get("CIVICGRID_METRICS_TOKEN", "")

# --- accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("CIVICGRID_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts on each request
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# HTTPS. CIVICGRID_HTTPS=1 says the site is served over HTTPS only: plain HTTP is redirected,
# browsers are told (HSTS) to use HTTPS for a year, cookies are sent over HTTPS only. Each part
# can be set on its own. Without it, a request that arrived over HTTPS still gets Secure cookies
# (web/middleware.py). Behind a proxy that ends TLS, CIVICGRID_PROXY_SSL_HEADER names the header
# it sets to "https" (e.g. X-Forwarded-Proto); the proxy must overwrite a client's own.
CIVICGRID_HTTPS = env_bool("CIVICGRID_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("CIVICGRID_SSL_REDIRECT", CIVICGRID_HTTPS)
# load balancers probe, and Prometheus scrapes each host, over plain HTTP inside the network
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("CIVICGRID_HSTS_SECONDS", 365 * 24 * 3600 if CIVICGRID_HTTPS else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CIVICGRID_HSTS_SUBDOMAINS", CIVICGRID_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("CIVICGRID_HSTS_PRELOAD", CIVICGRID_HTTPS)
SESSION_COOKIE_SECURE = env_bool("CIVICGRID_SECURE_COOKIES", CIVICGRID_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if os.environ.get("CIVICGRID_PROXY_SSL_HEADER"):
    _header = os.environ["CIVICGRID_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")


def _tile_source(url: str) -> list[str]:
    """The origin of the configured map tiles, for the policy's img-src (a host label holding
    {s}, the tile server's subdomain, becomes the wildcard "*")."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return []
    host = ".".join("*" if "{s}" in label else label for label in parts.netloc.split("."))
    return [f"{parts.scheme}://{host}"]


# Map tiles: none by default (the base map is drawn from the district's own data, docs/maps.md).
# 天地图 with its key (tk): CIVICGRID_TIANDITU_KEY fills the URLs in. Or any XYZ tile server
# (an intranet one): CIVICGRID_TILE_URL, with the coordinate system its tiles are drawn in.
_TIANDITU = (
    "https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk=%s"
)
CIVICGRID_TIANDITU_KEY = os.environ.get("CIVICGRID_TIANDITU_KEY", "")
if CIVICGRID_TIANDITU_KEY:
    CIVICGRID_TILE_URL = _TIANDITU % ("vec", "vec", CIVICGRID_TIANDITU_KEY)
    CIVICGRID_TILE_LABELS_URL = _TIANDITU % ("cva", "cva", CIVICGRID_TIANDITU_KEY)
    CIVICGRID_TILE_SUBDOMAINS = "01234567"
    CIVICGRID_TILE_ATTRIBUTION = os.environ.get("CIVICGRID_TILE_ATTRIBUTION", "天地图")
    CIVICGRID_TILE_CRS = "wgs84"  # CGCS2000, within a metre of WGS84: drawn without a shift
    CIVICGRID_TILE_MAX_ZOOM = 18
else:
    CIVICGRID_TILE_URL = os.environ.get("CIVICGRID_TILE_URL", "")
    CIVICGRID_TILE_LABELS_URL = os.environ.get("CIVICGRID_TILE_LABELS_URL", "")
    CIVICGRID_TILE_SUBDOMAINS = os.environ.get("CIVICGRID_TILE_SUBDOMAINS", "abc")
    CIVICGRID_TILE_ATTRIBUTION = os.environ.get("CIVICGRID_TILE_ATTRIBUTION", "")
    # wgs84 (also CGCS2000: 天地图, most open and intranet servers) or gcj02 (高德, 腾讯, and
    # intranet copies of them): GCJ-02 tiles are drawn moved by the GCJ-02 offset, so that the
    # district's data, kept in WGS84, land on them. Anything else is refused at start-up.
    CIVICGRID_TILE_CRS = os.environ.get("CIVICGRID_TILE_CRS", "wgs84").strip().lower()
    CIVICGRID_TILE_MAX_ZOOM = int(os.environ.get("CIVICGRID_TILE_MAX_ZOOM", 18))
if CIVICGRID_TILE_CRS not in ("wgs84", "gcj02"):
    raise ImproperlyConfigured(
        f"CIVICGRID_TILE_CRS={CIVICGRID_TILE_CRS!r}: the tiles' coordinate system must be wgs84 "
        "(天地图 and other CGCS2000/WGS84 tiles) or gcj02 (高德, 腾讯); BD-09 (百度) tiles use "
        "a tiling of their own and are not supported (docs/maps.md)."
    )


# Content Security Policy (django-csp; docs/decisions/0011): scripts only from this site, never
# inline or evaluated; style elements only from this site's files, style attributes allowed.
# Django admin's change list writes one fixed <style> when it has no actions: allowed by its hash.
_ADMIN_CHANGELIST_STYLE = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'", _ADMIN_CHANGELIST_STYLE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [
            "'self'",
            "data:",
            "blob:",
            *_tile_source(CIVICGRID_TILE_URL),
            *_tile_source(CIVICGRID_TILE_LABELS_URL),
        ],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Lockout after repeated failed logins, per username and per address, for a limited time.
AXES_FAILURE_LIMIT = int(os.environ.get("CIVICGRID_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CIVICGRID_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# reverse proxies in front: the client address is then read from X-Forwarded-For (core/client.py)
CIVICGRID_PROXY_COUNT = int(os.environ.get("CIVICGRID_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "civicgrid.core.client.client_address"

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "civicgrid" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}


# Photos, attachments, staged imports: local files by default; with CIVICGRID_S3_BUCKET, any
# S3-protocol object store (MinIO, Ceph, Alibaba OSS, …) through django-storages, shared by every
# app host. Objects are private: civicgrid streams each one through a view that checks scope.
def s3_storage(environ) -> dict:
    """The default storage on the bucket the environment names (the tests build it the same way)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["CIVICGRID_S3_BUCKET"],
            "endpoint_url": environ.get("CIVICGRID_S3_ENDPOINT") or None,
            "access_key": environ.get("CIVICGRID_S3_ACCESS_KEY") or None,
            "secret_key": environ.get("CIVICGRID_S3_SECRET_KEY") or None,
            "region_name": environ.get("CIVICGRID_S3_REGION") or None,
            "location": environ.get("CIVICGRID_S3_PREFIX", ""),
            # MinIO and most self-hosted stores want path-style addresses
            "addressing_style": environ.get("CIVICGRID_S3_ADDRESSING", "path"),
            "default_acl": "private",
            "querystring_auth": True,  # a URL, if one is ever made, is signed …
            "querystring_expire": int(environ.get("CIVICGRID_S3_URL_SECONDS", 300)),  # … briefly
            "file_overwrite": False,
        },
    }


CIVICGRID_S3_BUCKET = os.environ.get("CIVICGRID_S3_BUCKET", "")
if CIVICGRID_S3_BUCKET:
    STORAGES["default"] = s3_storage(os.environ)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# --- background work --------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Beat (or, without a broker, `civicgrid scheduler`) passes what cases announce on to webhook
# subscribers every 5 seconds (new deliveries and due retries), runs the sweep and counts the
# command centre's open cases every minute, retries queued messages every 5 minutes,
# rewrites the command centre's figures of today and yesterday every 10 and of its 90 days
# every hour (a city's 90 days take minutes).
CELERY_BEAT_SCHEDULE = {
    "cases-sweep": {"task": "cases.sweep", "schedule": 60.0},
    "webhooks-send": {"task": "webhooks.send_due", "schedule": 5.0},
    "outbox-retry": {"task": "notifications.retry_queued", "schedule": 300.0},
    "figures-refresh": {"task": "figures.refresh", "schedule": 600.0},
    "figures-refresh-all": {"task": "figures.refresh_all", "schedule": 3600.0},
    "figures-count-now": {"task": "figures.count_now", "schedule": 60.0},
    "insight-retrain": {"task": "insight.retrain", "schedule": 86400.0},
    "insight-hot-spots": {"task": "insight.hot_spots", "schedule": 86400.0},
    # last week's hot topics, once made (a week made already is left alone)
    "insight-hot-topics": {"task": "insight.hot_topics", "schedule": 86400.0},
    "insight-rule-suggestions": {"task": "insight.rule_suggestions", "schedule": 86400.0},
    "registry-staged-imports": {"task": "registry.forget_staged_imports", "schedule": 3600.0},
}
# a register import previewed but never confirmed: its staged file is removed after this long
CIVICGRID_IMPORT_STAGED_HOURS = int(os.environ.get("CIVICGRID_IMPORT_STAGED_HOURS", 24))
# The clock's work (the sweep, the command centre's figures) goes to a queue of its own when
# CIVICGRID_CLOCK_QUEUE names one, served by its own worker (`make clock-worker`), so that a
# backlog of messages and webhook deliveries never holds back a deadline's card. Unset, every
# task goes to Celery's default queue ("celery") and one worker serves all of it.
CLOCK_TASKS = ("cases.sweep", "figures.refresh", "figures.refresh_all", "figures.count_now")
CIVICGRID_CLOCK_QUEUE = os.environ.get("CIVICGRID_CLOCK_QUEUE", "")


def _clock_routes(queue: str) -> dict:
    """Celery's task routes: the clock's tasks to ``queue`` (none when it is empty)."""
    return {name: {"queue": queue} for name in CLOCK_TASKS} if queue else {}


CELERY_TASK_ROUTES = _clock_routes(CIVICGRID_CLOCK_QUEUE)
# Webhooks: seconds to wait for a subscriber's answer, attempts before a delivery is given up.
CIVICGRID_WEBHOOK_TIMEOUT = float(os.environ.get("CIVICGRID_WEBHOOK_TIMEOUT", 10))
CIVICGRID_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("CIVICGRID_WEBHOOK_MAX_ATTEMPTS", 8))

# Outgoing messages. Email goes through Django's mail backend (files under var/mail unless
# configured); SMS through the gateway class named here (the default keeps them in the outbox).
EMAIL_BACKEND = os.environ.get(
    "CIVICGRID_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("CIVICGRID_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CIVICGRID_EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("CIVICGRID_FROM_EMAIL", "civicgrid@localhost")
CIVICGRID_SMS_BACKEND = os.environ.get(
    "CIVICGRID_SMS_BACKEND", "civicgrid.notifications.sms.OutboxBackend"
)
CIVICGRID_OUTBOX_MAX_ATTEMPTS = 5

# --- caches (the locator's version stamp lives in the database, not here) ---------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CIVICGRID_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CIVICGRID_REDIS_URL"],
    }

# --- civicgrid ------------------------------------------------------------------------------
# A count over a user's scope (the workbench's, the case list's) that took longer than this many
# seconds is kept for a minute for everyone who sees the same cases (civicgrid/core/kept.py);
# empty: always counted afresh.
CIVICGRID_KEEP_COUNTS_AFTER = (
    float(os.environ.get("CIVICGRID_KEEP_COUNTS_AFTER", "0.05") or 0) or None
)
# Personal data key(s): comma-separated keys (`civicgrid pii new-key`), the first encrypts (AES-GCM),
# all decrypt (rotation; decision 0016). The blind index's key: derived from the oldest key unless
# CIVICGRID_PII_INDEX_KEY holds it (`civicgrid pii index-key`), which lets the oldest key retire.
CIVICGRID_PII_KEY = os.environ.get("CIVICGRID_PII_KEY", "")
CIVICGRID_PII_KEY_FILE = VAR_DIR / "pii.key"
CIVICGRID_PII_INDEX_KEY = os.environ.get("CIVICGRID_PII_INDEX_KEY", "")
# Register imports of at least CIVICGRID_IMPORT_PARALLEL_ROWS rows validate and encrypt in this
# many processes (forked; 1 = in the importing process only; decision 0016 says when more helps).
# Writing stays one transaction, after every row has been checked.
CIVICGRID_IMPORT_WORKERS = int(os.environ.get("CIVICGRID_IMPORT_WORKERS", 1))
CIVICGRID_IMPORT_PARALLEL_ROWS = int(os.environ.get("CIVICGRID_IMPORT_PARALLEL_ROWS", 20_000))
# Tolerance for boundary checks, in metres (grid inside community; sibling overlap).
CIVICGRID_BOUNDARY_TOLERANCE_M = float(os.environ.get("CIVICGRID_BOUNDARY_TOLERANCE_M", 5))
# The base map drawn from the district's own data (docs/maps.md): at most this many features of
# each layer per answer, and building outlines only in a box at most this many degrees across.
CIVICGRID_BASEMAP_MAX_FEATURES = int(os.environ.get("CIVICGRID_BASEMAP_MAX_FEATURES", 3000))
CIVICGRID_BASEMAP_BUILDINGS_SPAN = float(os.environ.get("CIVICGRID_BASEMAP_BUILDINGS_SPAN", 0.08))
CIVICGRID_DEMO_PASSWORD = os.environ.get("CIVICGRID_DEMO_PASSWORD", "civicgrid-demo")
CIVICGRID_PAGE_SIZE = 50
# rankings, assessments and rating rounds: a unit, area or person with fewer cases (or steps) than
# this in the period is "not rated" (no score, grade or rank), never ranked first for idleness
CIVICGRID_RANKING_MIN_CASES = int(os.environ.get("CIVICGRID_RANKING_MIN_CASES", 5))
# Cases
CIVICGRID_CASE_PREFIX = os.environ.get("CIVICGRID_CASE_PREFIX", "SQ")
CIVICGRID_MAX_PHOTO_BYTES = int(os.environ.get("CIVICGRID_MAX_PHOTO_MB", 10)) * 1024 * 1024
CIVICGRID_MAX_PHOTOS = 9
# a photo's pixels are checked before it is decoded (decompression bombs)
CIVICGRID_MAX_PHOTO_PIXELS = int(os.environ.get("CIVICGRID_MAX_PHOTO_MEGAPIXELS", 40)) * 1_000_000
# imports from the web page and the API (the command line may lift them with --no-limits)
CIVICGRID_IMPORT_MAX_MB = int(os.environ.get("CIVICGRID_IMPORT_MAX_MB", 50))
CIVICGRID_IMPORT_MAX_EXPANDED_MB = int(os.environ.get("CIVICGRID_IMPORT_MAX_EXPANDED_MB", 200))
CIVICGRID_IMPORT_MAX_ROWS = int(os.environ.get("CIVICGRID_IMPORT_MAX_ROWS", 100_000))
CIVICGRID_DUPLICATE_RADIUS_M = float(os.environ.get("CIVICGRID_DUPLICATE_RADIUS_M", 100))
CIVICGRID_DUPLICATE_DAYS = int(os.environ.get("CIVICGRID_DUPLICATE_DAYS", 7))
# a household not visited for this many days is due a visit (the grid worker's phone view)
CIVICGRID_VISIT_DAYS = int(os.environ.get("CIVICGRID_VISIT_DAYS", 90))
# Working minutes a person's own step may take once it is theirs (role indicators: 按时核实,
# 按时立案, 按时派遣, 按时结案); checks follow each class's checking limit.
CIVICGRID_STEP_MINUTES = {
    step: int(os.environ.get(f"CIVICGRID_{step.upper()}_MINUTES", minutes))
    for step, minutes in (("verify", 60), ("register", 30), ("dispatch", 30), ("close", 60))
}
# Community admission (社区准入): apply this many working days before the work starts; the review
# office decides within this many working days.
CIVICGRID_ADMISSION_NOTICE_DAYS = int(os.environ.get("CIVICGRID_ADMISSION_NOTICE_DAYS", 30))
CIVICGRID_ADMISSION_DECISION_DAYS = int(os.environ.get("CIVICGRID_ADMISSION_DECISION_DAYS", 15))
# Micro-project votes: proofs of identity (name and ID number) one account may try in an hour.
CIVICGRID_VOTER_PROOFS_PER_HOUR = int(os.environ.get("CIVICGRID_VOTER_PROOFS_PER_HOUR", 20))
# One-stop service: applicants one account may look up by name and ID number in an hour (a
# window clerk sees many people a day; a resident applying or following on the portal few), and
# the working days an office has to answer a bad rating (差评整改).
CIVICGRID_DESK_PROOFS_PER_HOUR = int(os.environ.get("CIVICGRID_DESK_PROOFS_PER_HOUR", 200))
CIVICGRID_APPLICANT_PROOFS_PER_HOUR = int(os.environ.get("CIVICGRID_APPLICANT_PROOFS_PER_HOUR", 10))
CIVICGRID_BAD_RATING_ANSWER_DAYS = int(os.environ.get("CIVICGRID_BAD_RATING_ANSWER_DAYS", 5))
# Repeat demands (高频诉求): this many reports of one class at one building or address within
# this many days raise an alert to the command centre and the street.
CIVICGRID_REPEAT_COUNT = int(os.environ.get("CIVICGRID_REPEAT_COUNT", 3))
CIVICGRID_REPEAT_DAYS = int(os.environ.get("CIVICGRID_REPEAT_DAYS", 30))
# hot spots (insight.hotspots): reports of a class in a grid in the last days against the usual
# rate (the days before); at least MIN reports, rarer than P by chance; the usual never below
# FLOOR reports for the window
CIVICGRID_HOTSPOT_DAYS = int(os.environ.get("CIVICGRID_HOTSPOT_DAYS", 7))
CIVICGRID_HOTSPOT_BASELINE_DAYS = int(os.environ.get("CIVICGRID_HOTSPOT_BASELINE_DAYS", 56))
CIVICGRID_HOTSPOT_MIN = int(os.environ.get("CIVICGRID_HOTSPOT_MIN", 5))
CIVICGRID_HOTSPOT_P = float(os.environ.get("CIVICGRID_HOTSPOT_P", 0.01))
CIVICGRID_HOTSPOT_FLOOR = float(os.environ.get("CIVICGRID_HOTSPOT_FLOOR", 0.5))
# suggested routing-rule changes learnt from returns (insight.returns): over the last DAYS, a
# unit returning at least MIN cases of a class in a street, and at least SHARE of those sent
CIVICGRID_RETURNS_DAYS = int(os.environ.get("CIVICGRID_RETURNS_DAYS", 90))
CIVICGRID_RETURNS_MIN = int(os.environ.get("CIVICGRID_RETURNS_MIN", 3))
CIVICGRID_RETURNS_SHARE = float(os.environ.get("CIVICGRID_RETURNS_SHARE", 0.5))
# similar cases offered while a case is registered (any class): how near, how recent, and how
# alike in words (0-1, the cosine of the two texts' weighted words)
CIVICGRID_SIMILAR_RADIUS_M = float(os.environ.get("CIVICGRID_SIMILAR_RADIUS_M", 500))
CIVICGRID_SIMILAR_DAYS = int(os.environ.get("CIVICGRID_SIMILAR_DAYS", 30))
CIVICGRID_SIMILAR_SCORE = float(os.environ.get("CIVICGRID_SIMILAR_SCORE", 0.25))
# The class suggestion trains on the catalogue and this many of the latest classified cases.
CIVICGRID_SUGGEST_CASES = int(os.environ.get("CIVICGRID_SUGGEST_CASES", 50000))
# Opinions one resident account may give on the portal in an hour.
CIVICGRID_OPINIONS_PER_HOUR = int(os.environ.get("CIVICGRID_OPINIONS_PER_HOUR", 10))
# the year each community's burden is compared with (empty: the year of the first list version)
CIVICGRID_BURDEN_BASELINE_YEAR = os.environ.get("CIVICGRID_BURDEN_BASELINE_YEAR", "")
# The first sweep ever (no earlier run) announces the cards of this many past hours.
CIVICGRID_SWEEP_FIRST_HOURS = int(os.environ.get("CIVICGRID_SWEEP_FIRST_HOURS", 24))
# Disputes between the same parties or at the same address within this many days raise a warning.
CIVICGRID_DISPUTE_REPEAT_DAYS = int(os.environ.get("CIVICGRID_DISPUTE_REPEAT_DAYS", 90))
# The centre that takes public reports (web, mobile, Open311): district, street or community.
CIVICGRID_PUBLIC_INTAKE_LEVEL = os.environ.get("CIVICGRID_PUBLIC_INTAKE_LEVEL", "district")
# Abuse limits on the residents' portal (0 turns one off): report submissions per client address
# per hour, reports per phone number per day, wrong phone numbers per case per hour when rating.
CIVICGRID_PORTAL_REPORTS_PER_HOUR = int(os.environ.get("CIVICGRID_PORTAL_REPORTS_PER_HOUR", 20))
CIVICGRID_PORTAL_REPORTS_PER_PHONE_PER_DAY = int(
    os.environ.get("CIVICGRID_PORTAL_REPORTS_PER_PHONE_PER_DAY", 10)
)
CIVICGRID_RATING_FAILURES_PER_HOUR = int(os.environ.get("CIVICGRID_RATING_FAILURES_PER_HOUR", 5))
# Register searches by an exact ID number or phone one account may make in an hour (0: no limit):
# each is a yes/no answer about a guessed number, so masked numbers must not be tried in bulk.
CIVICGRID_REGISTER_LOOKUPS_PER_HOUR = int(os.environ.get("CIVICGRID_REGISTER_LOOKUPS_PER_HOUR", 60))
# the monthly allowance a grid leader or building head gets unless told otherwise (Shushan: 400)
CIVICGRID_GRID_ALLOWANCE = os.environ.get("CIVICGRID_GRID_ALLOWANCE", "400")
# the hours a volunteer's stars need, one to five (the national volunteer star scheme: 100, 300,
# 600, 1,000 and 1,500 hours); comma-separated
CIVICGRID_VOLUNTEER_STARS = [
    int(h) for h in os.environ.get("CIVICGRID_VOLUNTEER_STARS", "100,300,600,1000,1500").split(",")
]
# community finance's floors (DOMAIN.md §15, Jing'an: each community at least 200,000 yuan a year,
# of which at least 50,000 for party building): a budget below them is warned about
CIVICGRID_COMMUNITY_BUDGET_FLOOR = os.environ.get("CIVICGRID_COMMUNITY_BUDGET_FLOOR", "200000")
CIVICGRID_PARTY_BUDGET_FLOOR = os.environ.get("CIVICGRID_PARTY_BUDGET_FLOOR", "50000")
# Open311 GeoReport v2: other names clients may give as jurisdiction_id (besides the district's
# code), and what the discovery document says.
CIVICGRID_OPEN311_JURISDICTIONS = os.environ.get("CIVICGRID_OPEN311_JURISDICTIONS", "").split(",")
CIVICGRID_OPEN311_CONTACT = os.environ.get("CIVICGRID_OPEN311_CONTACT", "")
CIVICGRID_OPEN311_KEY_SERVICE = os.environ.get("CIVICGRID_OPEN311_KEY_SERVICE", "")
CIVICGRID_OPEN311_ENDPOINT_TYPE = os.environ.get("CIVICGRID_OPEN311_ENDPOINT_TYPE", "production")
# public lists (GET requests, servicerequestupdates) are served again for at most this many
# seconds while no case changes (open311/documents.py); 0 renders every request
CIVICGRID_OPEN311_CACHE_SECONDS = float(os.environ.get("CIVICGRID_OPEN311_CACHE_SECONDS", 30))
# Working periods of a working day (Asia/Shanghai), for deadlines in working hours and days.
CIVICGRID_WORKING_HOURS = os.environ.get("CIVICGRID_WORKING_HOURS", "09:00-12:00,13:30-17:30")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CIVICGRID_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
CIVICGRID_PORT = os.environ.get("PORT", "8000")
# seconds between each process's checks of a cached table's version stamp (core/stamped.py)
CIVICGRID_CACHE_RECHECK = float(os.environ.get("CIVICGRID_CACHE_RECHECK", 1.0))
