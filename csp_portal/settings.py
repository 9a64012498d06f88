"""Settings, read from the environment (django-environ).

Embedded default: with no DATABASE_URL a SQLite file under ``var/``; with no
CELERY_BROKER_URL tasks run eagerly in-process. DEBUG is off unless asked for;
with DEBUG off, SECRET_KEY must be set or start-up fails.
"""
import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from csp_portal.database import sqlite_options

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("CSP_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-not-for-production")
else:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off."
        ) from exc

# With DEBUG off ALLOWED_HOSTS must be set: system check csp_portal.E001 (csp_portal.checks)
# stops `migrate` and `check` without it, as SECRET_KEY stops start-up.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "csp_portal",
    "boards",
    "actions",
    "subgroups",
    "indicators",
    "plans",
    "partnerships",
    "notifications",
    "search",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: marks request.user verified once a TOTP code was given at sign-in.
    "django_otp.middleware.OTPMiddleware",
    "csp_portal.two_factor.TwoFactorMiddleware",
    # Who made a change, for the model history (simple_history) of minutes, actions, returns,
    # papers and memberships.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Before anything reads a POST body (the CSRF check does, in its process_view).
    "csp_portal.views.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Clears the user's draft of a form once a POST to it succeeds (csp_portal.drafts).
    "csp_portal.drafts.DraftClearMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp_portal.context_processors.demo_clock",
                "csp_portal.context_processors.session_timeout",
            ],
        },
    },
]

# Forms render as GOV.UK Frontend components (crispy-forms-gds).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

WSGI_APPLICATION = "csp_portal.wsgi.application"

if "DATABASE_URL" not in env:
    # The embedded default keeps its SQLite file in var/, made on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A web process keeps its database connection between requests for CONN_MAX_AGE seconds
# (0: a new one per request, which cost PostgreSQL a server process and ~5 ms each time);
# a connection that went away is replaced before a request uses it (CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        sqlite_options(busy_timeout=env.int("SQLITE_BUSY_TIMEOUT", default=30))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Rendered agenda packs and uploaded papers.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "boards:board_list"
LOGOUT_REDIRECT_URL = "boards:board_list"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out username is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sessions end after SESSION_IDLE_MINUTES without a request; every request renews them.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The GOV.UK timeout warning (static/csp/session_timeout.js) opens this many seconds
# before the session ends, offering "Stay signed in".
SESSION_WARNING_SECONDS = min(env.int("SESSION_WARNING_SECONDS", default=120),
                              SESSION_COOKIE_AGE // 2)
# The largest draft of a form kept for a user (csp_portal.drafts), as JSON bytes.
DRAFT_MAX_BYTES = env.int("DRAFT_MAX_BYTES", default=1024 * 1024)
# Drafts not touched for this many days are deleted by the daily beat task.
DRAFT_KEEP_DAYS = env.int("DRAFT_KEEP_DAYS", default=30)

# Celery: eager in-process when no broker is configured (pretix's practice).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_IGNORE_RESULT = True
# No retrying inside a request when the broker is down: the render row is the outbox and
# the beat task sends it once the broker is back (csp_portal.renders).
CELERY_TASK_PUBLISH_RETRY = False
# A task is acknowledged when it ends, and put back on the queue when the worker
# running it dies (child killed, whole worker killed): renders are idempotent
# (csp_portal.renders), so a second delivery does no harm.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The queue tasks go to (and a worker started without -Q takes): several portals may share
# one Redis by giving each its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# PDF renders (agenda packs, performance reports): a render still running after
# RENDER_TIME_LIMIT seconds is killed (the soft limit a little earlier records it as
# failed). Redis hands a message that was never acknowledged (its worker died) to
# another worker after CELERY_VISIBILITY_TIMEOUT seconds, which must be longer than
# the hard limit, or a render still running would be started a second time.
RENDER_TIME_LIMIT = env.int("RENDER_TIME_LIMIT", default=600)
RENDER_SOFT_TIME_LIMIT = RENDER_TIME_LIMIT - max(1, min(60, RENDER_TIME_LIMIT // 10))
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=RENDER_TIME_LIMIT + 300)
if CELERY_VISIBILITY_TIMEOUT <= RENDER_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({CELERY_VISIBILITY_TIMEOUT} s) must be longer than "
        f"RENDER_TIME_LIMIT ({RENDER_TIME_LIMIT} s)."
    )
# How often a worker looks for messages whose worker died (kombu's Redis transport
# scans every interval x throttle seconds).
_restore_every = max(1, env.int("CELERY_UNACKED_RESTORE_SECONDS", default=60))
_restore_interval = min(10, _restore_every)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": _restore_interval,
    "unacked_restore_throttle": max(1, _restore_every // _restore_interval),
}
if CELERY_BROKER_URL.startswith("filesystem:"):
    # The embedded default's broker (`make run`): kombu's filesystem transport, messages as
    # files under var/broker, so a real worker runs beside the web server with no server
    # to install. Folders are made here so web, worker and commands agree on them.
    _broker_dir = Path(env.str("CELERY_BROKER_FOLDER", default=str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # Pieces of a pack are tasks of a second or less: look for messages often.
        "polling_interval": 0.1,
    }
# A render whose worker died this many times is failed instead of tried again, so one
# that kills its worker cannot loop for ever.
RENDER_MAX_ATTEMPTS = env.int("RENDER_MAX_ATTEMPTS", default=3)
# A render handed to the broker and still not finished this long after is failed by the
# beat task (no retry can still come); the clerk is offered "Render again" sooner, once
# it has run past the hard time limit.
RENDER_STALE_SECONDS = env.int(
    "RENDER_STALE_SECONDS", default=CELERY_VISIBILITY_TIMEOUT + RENDER_TIME_LIMIT + 300
)
# Renders the broker could not take (it was down) are sent again by the beat task
# once they are this old, so that it never races the request that queued them.
RENDER_DISPATCH_GRACE_SECONDS = env.int("RENDER_DISPATCH_GRACE_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    "expire-stale-pack-renders": {
        "task": "boards.expire_stale_pack_renders",
        "schedule": 600.0,
    },
    "dispatch-queued-pack-renders": {
        "task": "boards.dispatch_queued_pack_renders",
        "schedule": 60.0,
    },
    "expire-stale-report-renders": {
        "task": "indicators.expire_stale_report_renders",
        "schedule": 600.0,
    },
    "dispatch-queued-report-renders": {
        "task": "indicators.dispatch_queued_report_renders",
        "schedule": 60.0,
    },
    # Reminders (notifications.reminders): hourly in the working day; each is keyed by its
    # week, report or period, so only the first run that finds one due sends it.
    "send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(minute=5, hour="7-18"),
    },
    "purge-old-drafts": {
        "task": "csp_portal.purge_old_drafts",
        "schedule": 24 * 60 * 60.0,
    },
    "purge-old-parts": {
        "task": "csp_portal.purge_old_parts",
        "schedule": 24 * 60 * 60.0,
    },
}
# The worker waits this long for the database at start-up before it gives up
# (csp_portal.celery.DatabaseReady); it reports ready only once the database answers.
WORKER_DATABASE_WAIT_SECONDS = env.int("WORKER_DATABASE_WAIT_SECONDS", default=60)

# Uploaded papers (boards.publishing.uploads): a PDF of at most PAPER_UPLOAD_MAX_BYTES and
# PAPER_PDF_MAX_PAGES pages. A request larger than MAX_REQUEST_BYTES gets the GOV.UK
# "file is too large" page (413) before its body is read.
PAPER_UPLOAD_MAX_BYTES = env.int("PAPER_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
PAPER_PDF_MAX_PAGES = env.int("PAPER_PDF_MAX_PAGES", default=500)
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=PAPER_UPLOAD_MAX_BYTES + 1024 * 1024)

# Production (DEBUG off) sits behind a TLS-terminating proxy that sets
# X-Forwarded-Proto: HTTPS only, HSTS, secure cookies. `manage.py check --deploy`
# with the README's production settings reports no issues (tests/test_deploy.py).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The container health check calls the app directly over HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and
# images from the portal itself only, no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Email: password reset links. EMAIL_URL as django-environ reads it, e.g.
# smtp+tls://user:password@smtp.example.org:587; the console with DEBUG.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="csp-portal@localhost")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 60 * 60)

# The cache counts password reset requests (django-ratelimit); production shares
# it between web processes through Redis (CACHE_URL=rediscache://redis:6379/1).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Charts drawn once per figures (indicators.report.charts): SVG text by a hash of the
# figures. Per process by default; CHART_CACHE_URL (e.g. Redis) shares them between the
# web and worker processes. At most ~2,000 charts of ~15 kB each stay in memory.
CACHES["charts"] = (
    env.cache("CHART_CACHE_URL") if env.str("CHART_CACHE_URL", default="")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts",
          "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 2000}}
)
# Laid-out front matter of agenda packs kept by each worker process (csp_portal.pdf_cache).
PDF_PART_CACHE_SIZE = env.int("PDF_PART_CACHE_SIZE", default=64)
# One part of a pack (a paper, the performance report...) may take this long to lay out,
# and leave its worker process at most this resident size; past either the render fails
# with a message saying which part (csp_portal.pdf_cache.PartLimitExceeded).
RENDER_PART_TIME_LIMIT = env.float("RENDER_PART_TIME_LIMIT", default=120.0)
RENDER_PART_MEMORY_MB = env.int("RENDER_PART_MEMORY_MB", default=1024)
# Send the pieces of a pack or performance report to the workers as tasks, so several
# worker processes lay them out at once (csp_portal.pdf_sequence); on whenever a broker is
# configured. Either way the pieces go to MEDIA_ROOT/parts/ and the process building the
# document lays pieces out too while it waits.
PACK_PART_TASKS = env.bool("PACK_PART_TASKS", default=not CELERY_TASK_ALWAYS_EAGER)
# Pieces in MEDIA_ROOT/parts/ not used for this many days are deleted by the daily beat task.
PART_STORE_KEEP_DAYS = env.int("PART_STORE_KEEP_DAYS", default=30)
# A worker process that grew past this (KiB) is replaced after its current task (Celery's
# worker_max_memory_per_child), so laid-out parts kept in memory cannot grow without end.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=RENDER_PART_MEMORY_MB * 1024
)
# Password reset requests allowed per email address, and per client address
# (django-ratelimit; REMOTE_ADDR, which behind a proxy is shared by many people).
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/h")
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="20/h")
# Django's own Redis cache increments atomically, which is all django-ratelimit needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # The embedded default runs one process, whose local-memory cache every request sees;
    # production sets CACHE_URL so that all web processes count together.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Links in emails are absolute: the address people reach the portal at.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")

# The demo clock (csp_portal.clock): DEMO_TODAY=2018-03-20 runs deadlines, overdue actions
# and reminders "as at" that date, shown in a banner on every page. Unset in production.
_demo_today = env.str("DEMO_TODAY", default="")
try:
    DEMO_TODAY = datetime.date.fromisoformat(_demo_today) if _demo_today else None
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DEMO_TODAY must be a date written YYYY-MM-DD, not {_demo_today!r}."
    ) from exc

# Two-factor sign-in (django-otp, TOTP): optional, set up by clerks and chairs.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="CSP Portal")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every stylesheet it parses at INFO; keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
