"""Settings of Vielfalt: one file, every value from the environment (see README, "Configuration")."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.env import envbool, envint, envlist, envsecret, envstr

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(envstr("VIELFALT_HOME", str(SRC_DIR.parent.parent)))
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", False)
# Behind TLS in production; the development server and the test client speak plain HTTP.
HTTPS = envbool("HTTPS", not DEBUG)


def _secret_key() -> str:
    key = envsecret("SECRET_KEY")
    if key:
        return key
    # Development and tests: a random key generated once and kept under var/.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "vielfalt.core",
    "vielfalt.accounts",
    "vielfalt.regions",
    "vielfalt.pages",
    "vielfalt.organisations",
    "vielfalt.knowledge",
    "vielfalt.funding",
    "vielfalt.news",
    "vielfalt.events",
    "vielfalt.notifications",
    "vielfalt.exchange",
    "vielfalt.qualification",
    "vielfalt.counselling",
    "vielfalt.newsletter",
    "vielfalt.surveys",
    "vielfalt.needs",
    "vielfalt.reports",
    "vielfalt.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vielfalt.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vielfalt.core.middleware.ContentSecurityPolicyMiddleware",
    "vielfalt.core.lib.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "vielfalt.accounts.middleware.SecondFactorMiddleware",
    "vielfalt.exchange.middleware.SuspensionMiddleware",
    "vielfalt.core.middleware.InputMiddleware",
    "vielfalt.organisations.middleware.FormerSlugRedirectMiddleware",
]

ROOT_URLCONF = "vielfalt.urls"
WSGI_APPLICATION = "vielfalt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "vielfalt.core.templating.Templates",  # Django's; its check knows the i18n label below
        "NAME": "django",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vielfalt.core.context_processors.site",
                "vielfalt.pages.context_processors.privacy_notice",
                "vielfalt.core.context_processors.nav_counts",
            ],
            # In place of Django's tags: {% url %} with the addresses kept per process (core.lib.urls),
            # {% extends %} with the root template's blocks found once per compiled template.
            "builtins": ["vielfalt.core.templatetags.urls", "vielfalt.core.templatetags.kept_extends"],
            # {% load i18n %}: Django's tags, with {% translate "…" %} of constant text kept per language.
            "libraries": {"i18n": "vielfalt.core.templatetags.kept_i18n"},
        },
    },
]
FORM_RENDERER = "vielfalt.core.forms.KernFormRenderer"

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = envsecret("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vielfalt.sqlite3'}")
# Persistent connections: a new PostgreSQL connection per request costs as much as rendering a page
# (bench/pages.py: start page 20 ms instead of 10 ms). Checked before reuse, so a restarted database
# server costs one failed check, not a failed request. Off under the development server (DEBUG).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 0 if DEBUG else 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on the busy timeout instead of failing half-way ("database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _postgres_options = DATABASES["default"].setdefault("OPTIONS", {})
    if not envbool("DB_JIT", False):
        # PostgreSQL compiles a query to machine code when its *estimated* cost passes jit_above_cost;
        # the platform's queries are short, and the estimate of one with several EXISTS over a big table
        # (the inbox's conversations) passes it: 25 ms of compiling for a query that runs in 2 ms
        # (bench/README.md, "Exchange pages"). Off for the platform's connections; DB_JIT=1 turns it on.
        _postgres_options["options"] = "-c jit=off"
    if envbool("DB_PREPARED_STATEMENTS", True):
        # A page asks the same statements on every request; planning them was most of PostgreSQL's work
        # (the start page: 2.9 ms of its CPU a request, 0.6 ms with them prepared; bench/README.md,
        # "Prepared statements"). With the values sent apart from the statement (server-side binding),
        # psycopg prepares a statement on a connection once it ran there prepare_threshold times (Django
        # turns that off unless it is set). A pooler between in transaction mode must pass prepared
        # statements on (PgBouncer 1.21 and later, max_prepared_statements); else DB_PREPARED_STATEMENTS=0.
        # A statement with more values than the protocol takes (65,535) is sent with them written in.
        from vielfalt.core.lib.postgres import PreparingCursor

        _postgres_options["server_side_binding"] = True
        _postgres_options["cursor_factory"] = PreparingCursor
        _postgres_options["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------------
# The cache holds rate-limit counters (ours and allauth's) and used TOTP codes: it must be shared by
# every process. Redis when REDIS_URL is set; otherwise a table in the database (created by
# ``migrate``), never per-process local memory, which would multiply each limit by the worker count.
REDIS_URL = envsecret("REDIS_URL")
# Pages of anonymous visitors are served from the cache until a write changes what they may show (see
# core/lib/pagecache.py); this bounds their life for what changes by the clock alone. 0 switches it off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 0 if DEBUG else 60)  # off under `vielfalt demo`: templates change
# Whole pages for anonymous visitors (with PAGE_CACHE_SECONDS > 0); off, only the values and fragments
# the pages are made of are cached (the benchmarks compare the two).
PAGE_CACHE_PAGES = envbool("PAGE_CACHE_PAGES", True)
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "vielfalt.core.lib.dbcache.DatabaseCache",
            "LOCATION": "vielfalt_cache",
            # Django thins the table out (a third of it, counters included) once it holds more than
            # this; the housekeeping deletes expired entries long before.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Reverse proxies (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8") whose X-Forwarded-For header
# names the client; rate limits count per client address. From any other peer the header is ignored.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start instead of trusting nobody

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if envbool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# --- Email ----------------------------------------------------------------------------------------
EMAIL_URL = envsecret("EMAIL_URL", "file://" + str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Vielfalt <noreply@vielfalt.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_EMAIL = envstr("STAFF_EMAIL", "team@vielfalt.localhost")
# Delivery from the outbox: temporary errors (server down, 4xx answers) are retried with growing
# pauses (1, 2, 4, … minutes, at most 6 hours) up to EMAIL_MAX_ATTEMPTS tries; then the email is
# shown to the team as undeliverable. A send not finished within EMAIL_SEND_LEASE seconds (the
# worker died) is taken up again by the housekeeping.
EMAIL_MAX_ATTEMPTS = envint("EMAIL_MAX_ATTEMPTS", 10)
EMAIL_RETRY_DELAY = envint("EMAIL_RETRY_DELAY", 60)
EMAIL_SEND_LEASE = envint("EMAIL_SEND_LEASE", 300)


def _email_settings(url: str) -> dict[str, object]:
    """Translate ``EMAIL_URL`` (smtp://, smtps://, submission://, file://, console://, locmem://)."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if scheme in ("console", "locmem"):
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    if scheme in ("smtp", "smtps", "submission"):
        options = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or {"smtp": 25, "smtps": 465, "submission": 587}[scheme],
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "submission" or options.get("tls") == ["1"],
            "EMAIL_TIMEOUT": 20,
        }
    raise ValueError(f"EMAIL_URL has an unknown scheme: {scheme!r}")


globals().update(_email_settings(EMAIL_URL))

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if envbool("FAST_PASSWORD_HASHER", False):  # tests only
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "vielfalt.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "vielfalt.pages.forms.SignupForm"}
# Our subjects name the platform themselves (templates/account/email/), in the recipient's language.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Vielfalt Hessen"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", HTTPS) else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "vielfalt.core.views.csrf_failure"
SILENCED_SYSTEM_CHECKS: list[str] = []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Languages ------------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("fa", _("Persisch (Farsi)")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
]
LANGUAGES_BIDI = ["ar", "fa"]
# Our catalogues first; then the formal ("Sie") wording of allauth's pages, forms and messages, which
# overrides allauth's informal German and Farsi (see accounts/allauth_locale). allauth's emails have our
# own templates (templates/account/email/).
LOCALE_PATHS = [SRC_DIR / "locale", SRC_DIR / "accounts" / "allauth_locale"]
# Dates and numbers per language where Django's own formats do not fit (en-GB style, ASCII digits, "،").
FORMAT_MODULE_PATH = ["vielfalt.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = Path(envstr("NODE_MODULES", str(BASE_DIR / "node_modules")))
# Front-end packages come from npm (`npm ci`) and are served under /static/vendor/...; nothing is
# loaded from another host.
STATICFILES_DIRS: list[object] = [SRC_DIR / "static"] + [
    (f"vendor/{prefix}", NODE_MODULES / path)
    for prefix, path in (("kern", "@kern-ux/native/dist"), ("htmx", "htmx.org/dist"))
    if (NODE_MODULES / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or envbool("PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files that are never served directly (attachments in the exchange): only views that check access
# read them. Keep this directory outside MEDIA_ROOT and the web server's document root.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Where ``vielfalt backup`` writes its archives unless given --output (they hold personal data: see README).
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(VAR_DIR / "backups")))

# --- Domain settings ------------------------------------------------------------------------------
# Events: what participants said they need is erased this many days after the event.
EVENT_NEEDS_RETENTION_DAYS = envint("EVENT_NEEDS_RETENTION_DAYS", 14)
# Exchange: how often one person may post (threads, replies, messages, board entries).
EXCHANGE_POST_RATE = envstr("EXCHANGE_POST_RATE", "30/h")
# How often the worker runs its housekeeping (offers that expired, reminders, retention), in seconds.
HOUSEKEEPING_INTERVAL = envint("HOUSEKEEPING_INTERVAL", 300)
# A background task still "running" after this many seconds belongs to a worker that died: the
# housekeeping marks it failed (emails are taken up again from the outbox).
TASK_RUNNING_TIMEOUT = envint("TASK_RUNNING_TIMEOUT", 3600)

# Counselling: a case waiting for the organisation longer than this many days reminds its assignee;
# a closed case is anonymised (notes, messages, attachments and names erased; counts kept) this many
# days after it was closed.
COUNSELLING_WAITING_DAYS = envint("COUNSELLING_WAITING_DAYS", 14)
COUNSELLING_RETENTION_DAYS = envint("COUNSELLING_RETENTION_DAYS", 3 * 365)
# Messages in a case's conversation, per person (like the exchange's posts).
COUNSELLING_MESSAGE_RATE = envstr("COUNSELLING_MESSAGE_RATE", "30/h")

# Newsletter: confirmation links expire after this many days; issues go out in batches of this many
# recipients (one SMTP connection each); an address that could not be reached for this many issues
# in a row is suspended (a hard bounce, 5xx, at once); a temporary error (4xx) is tried this often.
NEWSLETTER_CONFIRM_DAYS = envint("NEWSLETTER_CONFIRM_DAYS", 7)
NEWSLETTER_BATCH_SIZE = envint("NEWSLETTER_BATCH_SIZE", 200)
NEWSLETTER_MAX_FAILURES = envint("NEWSLETTER_MAX_FAILURES", 3)
NEWSLETTER_DELIVERY_ATTEMPTS = envint("NEWSLETTER_DELIVERY_ATTEMPTS", 5)

# Hessen's districts and municipalities ship with the package (BKG VG5000, dl-de/by-2-0, see data/LICENCE.md).
REGIONS_DATA_DIR = Path(envstr("REGIONS_DATA_DIR", str(SRC_DIR / "regions" / "data")))
DGS_VIDEO_URL = envstr("DGS_VIDEO_URL")  # a sign-language (DGS) video for the start page, if there is one
# Captions (WebVTT) for that video: same origin as the site, or served with CORS for it.
DGS_CAPTIONS_URL = envstr("DGS_CAPTIONS_URL")
PUBLIC_FORM_RATE = envstr("PUBLIC_FORM_RATE", "5/h")  # per IP and form
# Files anyone may upload (logos, photos, attachments), per person or signed-out address; counted
# before a file is looked at, so decoding images stays within this budget.
UPLOAD_RATE = envstr("UPLOAD_RATE", "60/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each of the seven steps of every PDF (certificates, sign-in sheets) at INFO.
    "loggers": {"django.request": {"level": "ERROR"}, "weasyprint.progress": {"level": "WARNING"}},
}
