"""Settings for csrplan, read from the environment.

Defaults make `make run` work on a laptop with nothing but Python: SQLite, a filesystem
Celery broker and an in-process cache. Production sets DEBUG=false and real services
through DATABASE_URL, CELERY_BROKER_URL and CACHE_URL (see README.md).
"""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

# Like healthchecks: development is the default, production must say so explicitly.
DEBUG = env.bool("DEBUG", default=True)
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

_INSECURE_KEY = "django-insecure-csrplan-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY if (DEBUG or TESTING) else "")
if not DEBUG and not TESTING and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not TESTING and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    # Our apps, one floor each: an app imports only the ones listed before it (CONTRIBUTING.md,
    # "Where things live"; checked by import-linter in `make test`).
    "core",
    "notifications",
    "stakeholders",
    "fgd",
    "programs",
    "monitoring",
    "reports",
    "dashboard",
]
# Demo users and data (`seed_demo`): for development, tests and the black-box audit, never in production.
DEMO = env.bool("DEMO", default=False)
if DEBUG or TESTING or DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNullBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the whole body: views may refuse oversized posts unread.
    "core.middleware.RefuseBeforeReadingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.StaffSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csrplan.urls"
WSGI_APPLICATION = "csrplan.wsgi.application"

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
                "core.context_processors.navigation",
                "notifications.context_processors.bell",
                # Last: while a page renders for the cache, its CSRF token is a placeholder (core/page_cache.py).
                "core.page_cache.csrf_placeholder",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: WAL and IMMEDIATE
    # transactions turn "database is locked" errors into short waits.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests run a Celery worker and a live server in threads beside the test: an in-memory
    # database in shared-cache mode fails them with "database table is locked"; a file does not.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # JIT pays off for long analytic queries; on a web request's aggregates it cost seconds of
        # compilation for milliseconds of work (plan coverage at 100,000 aspirations: 1.3 s → 0.05 s).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits and login throttling need one shared cache in production) ------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://csrplan")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.cache.RedisCache"  # one redis-py client kept per pool (core/cache.py)

# --- Authentication -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that reads the user's role in the same query as the user (core.access).
    "core.access.RoleBackend",
    # Only for the sessions signed in before RoleBackend (a session names its backend): they stay
    # signed in, their role read by a query of its own, until they sign in again.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of 20,000 passwords seen in breaches, checked offline.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions (ASVS L2): signed out after 30 minutes idle and 12 hours after signing in.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_MAX_SECONDS = env.int("SESSION_MAX_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
# Read from the shared cache, written through to the database (core/sessions.py): no query per request.
SESSION_ENGINE = "core.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0: none).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "csrplan_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
# One date, date-time and time format per language, for every page and PDF (core/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["core.formats"]

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files and rendered PDFs are private: no URL pattern serves MEDIA_URL, every file
# is streamed by a view that checks permissions.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/private-media/"
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "FILE_STORAGE_BACKEND",
            default="django.core.files.storage.FileSystemStorage",
        ),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "core.staticfiles.StaticFilesStorage"  # whitenoise's, each URL looked up once
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(UPLOAD_MAX_BYTES, 2_621_440) + 1_048_576
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport: a broker that needs no server, for `make run`.
    _broker_dir = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast (worker remote-control) exchanges; kombu's default is ./control in the cwd.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True  # job state lives in database rows, not in a result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# A worker child that grew past this (kB) is replaced after its task: one huge document must not
# keep gigabytes for the rest of the worker's life.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
CELERY_TIMEZONE = TIME_ZONE
# For `celery -A csrplan beat` (optional: `manage.py sweep_messages` and `sweep_report_jobs` from cron
# do the same): messages the broker or the mail server did not take are sent when they are back.
# The whole schedule is at the end of the background-jobs block below (one dict: a second
# assignment would silently drop these entries).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A message taken by a worker that died (acks_late: never acknowledged) goes back to the queue
    # after this many seconds: longer than any task may run (the hard time limit), so a live
    # task is never handed out twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60)
    }
# Background jobs (core.jobs): a running job beats every JOB_HEARTBEAT_SECONDS; one silent for
# JOB_STALE_SECONDS lost its worker, and the sweep (beat below, or `manage.py sweep_jobs` from
# cron) queues it again, up to its attempts, then fails it with a reason.
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=15)
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=90)
CELERY_BEAT_SCHEDULE = {
    "sweep-background-jobs": {"task": "core.tasks.sweep_jobs", "schedule": env.float("JOB_SWEEP_SECONDS", 60.0)},
    "sweep-messages": {"task": "notifications.tasks.sweep_messages", "schedule": 120.0},
    # Reminders of tomorrow's FGDs (or `manage.py send_fgd_reminders` from cron): every hour in the
    # day, so a beat that was down at 08:00 still reminds; one reminder per invitation (its key).
    "send-fgd-reminders": {
        "task": "fgd.tasks.send_fgd_reminders",
        "schedule": crontab(minute=0, hour="8-18"),
    },
}

# --- Messages (notifications/: the outbox) ---------------------------------------------
# EMAIL_URL picks the e-mail backend: smtp+tls://user:password@host:587 in production;
# consolemail:// (the default: `make run` prints each message) or filemail:///path/to/dir.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS, …
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="csrplan <csrplan@localhost>")
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default="csrplan.local")
# SMS and WhatsApp: one gateway interface (notifications/channels.py documents the HTTP one).
TEXT_GATEWAY = env.str("TEXT_GATEWAY", default="notifications.channels.ConsoleTextGateway")
TEXT_GATEWAY_URL = env.str("TEXT_GATEWAY_URL", default="")
TEXT_GATEWAY_TOKEN = env.str("TEXT_GATEWAY_TOKEN", default="")
TEXT_GATEWAY_FILE = env.str("TEXT_GATEWAY_FILE", default=str(VAR_DIR / "text-messages.jsonl") if DEBUG else "")
# SMS or WhatsApp: the channel of texts to people who gave a phone number and no e-mail address.
TEXT_CHANNEL = env.str("TEXT_CHANNEL", default="sms")
# Absolute links in messages (tracking page, unsubscribe): the public address of the site.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Bootstrap components and server-rendered SVG charts set inline styles.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not TESTING)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not TESTING)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not TESTING)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# --- Application settings ---------------------------------------------------------------
COMPANY_NAME = env.str("COMPANY_NAME", default="PT Kilang Pertamina Internasional Unit Balikpapan")
# The logo on PDF covers: a static file's name (put the company's own file in static/ or STATICFILES_DIRS).
COMPANY_LOGO = env.str("COMPANY_LOGO", default="img/company-logo.svg")
# Who signs FGD invitation letters (the signature block of the surat undangan).
INVITATION_SIGNATORY = env.str("INVITATION_SIGNATORY", default="")
INVITATION_SIGNATORY_TITLE = env.str("INVITATION_SIGNATORY_TITLE", default="Manager Communication, Relations & CSR")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="csrplan-demo")
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=5)  # submissions per IP per hour
# Submissions tagged with an FGD's QR code on its day: a whole room shares one address.
FGD_SESSION_DAILY_SUBMISSIONS = env.int("FGD_SESSION_DAILY_SUBMISSIONS", default=300)
STAKEHOLDER_IMPORT_BACKGROUND_ROWS = env.int("STAKEHOLDER_IMPORT_BACKGROUND_ROWS", default=500)
# A bulk status change of more aspirations than this runs in the worker (fgd.BulkTransitionJob);
# the page answers at once and shows its progress.
ASPIRATION_BULK_BACKGROUND = env.int("ASPIRATION_BULK_BACKGROUND", default=200)
# Limits of a stakeholder import, checked before the file is parsed: its size, its rows, and (XLSX)
# the unpacked size of its sheet (a zip bomb is a few MB packed and gigabytes unpacked).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_XLSX_UNPACKED_BYTES = env.int("IMPORT_MAX_XLSX_UNPACKED_BYTES", default=100 * 1024 * 1024)
PUBLIC_FORM_MIN_SECONDS = env.int("PUBLIC_FORM_MIN_SECONDS", default=3)
# Weights of the aspiration priority criteria (urgency, reach, ring, alignment, feasibility).
PRIORITY_WEIGHTS = env.json(
    "PRIORITY_WEIGHTS",
    default={"urgency": 3, "reach": 2, "ring": 2, "alignment": 2, "feasibility": 1},
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A client's mistake (400/403/429) is one line without a traceback (core.logging).
    "filters": {"client_error_once": {"()": "core.logging.ClientErrorOnce"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_error_once"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every django.* record a second time.
        "django": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Benchmark (bench/): per-request query counts in a header, off unless asked for ---------
# Models whose rows the cached filter bars show (core/fragments.py): a save or delete renders them afresh.
REFERENCE_DATA_MODELS = {"fgd.AspirationCategory", "fgd.FgdSession", "stakeholders.Region"}
# What the cached monitoring panel, plan page and traceability sections show (core/fragments.py):
# a save or delete of any of these replaces their version token.
PLAN_DATA_MODELS = {
    "programs.AnnualPlan",
    "programs.PlanStatusChange",
    "programs.Program",
    "programs.ProgramPartner",
    "programs.Indicator",
    "programs.Activity",
    "programs.Sdg",
    "programs.StrategicPlan",
    "programs.StrategicGoal",
    "programs.GoalIndicator",
    "monitoring.Realisation",
    "monitoring.Evidence",
    "monitoring.Period",
    "monitoring.PeriodEvent",
    "monitoring.IndicatorActual",
    "monitoring.GoalIndicatorActual",
    "fgd.Aspiration",
    "fgd.AspirationStatusChange",
    "fgd.AspirationCategory",
    "stakeholders.Region",
    "stakeholders.Organization",
    "stakeholders.Stakeholder",
    "auth.User",
}

# A bare 50-row list at /bench/reference/, the ceiling the benchmark compares every page with.
BENCH_REFERENCE = env.bool("BENCH_REFERENCE", default=False)
if env.bool("QUERY_COUNT_HEADER", default=False):
    MIDDLEWARE.insert(0, "core.query_count.QueryCountMiddleware")
