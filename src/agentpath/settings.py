"""AgentPath settings: one file, driven by environment variables.

DATABASE_URL   postgres://user:pass@host:port/db (default: SQLite file var/agentpath.sqlite3)
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" for development (default on unless AGENTPATH_ENV=production)
ALLOWED_HOSTS  comma separated
TRUSTED_PROXY_COUNT  proxies in front of the app that append to X-Forwarded-For (default 0: trust no header)
"""
import datetime
import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("AGENTPATH_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("AGENTPATH_ENV", "").lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when AGENTPATH_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "agentpath.accounts",
    "agentpath.common",
    "agentpath.org",
    "agentpath.careers",
    "agentpath.inbox",
    "agentpath.learning",
    "agentpath.exams",
    "agentpath.performance",
    "agentpath.talent",
    "agentpath.development",
    "agentpath.recognition",
    "agentpath.portal",
    "agentpath.analytics",
    "agentpath.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "simple_history",
    "django_tasks",
    "agentpath.accounts.tasks_app.TasksDatabaseConfig",  # django_tasks_db with a translated admin name
    "ninja",
    "django_tables2",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "agentpath.middleware.RequestGuard",  # before CSRF, which reads the form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "agentpath.accounts.signin.DeviceCookieMiddleware",  # a successful sign-in's new device cookie
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

if PRODUCTION:  # gunicorn serves static files through WhiteNoise; runserver serves them in development
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "agentpath.urls"
WSGI_APPLICATION = "agentpath.wsgi.application"

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
                "agentpath.portal.context_processors.navigation",
                "agentpath.inbox.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'agentpath.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "agentpath.common.sqlite"  # makes the file's folder when it opens it
    # WAL lets the background worker write while pages read. Every transaction takes the write lock when it
    # begins (IMMEDIATE), so parallel writers queue behind the busy timeout instead of failing with
    # "database is locked" when a read transaction tries to become a write one.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),  # seconds a writer waits for the lock
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in lockout: device cookies (OWASP) on top of django-axes, explained in accounts/signin.py and
# docs/operations.md "Sign-in and lockouts". A browser that has signed in to an account keeps its own failure count;
# the unknown browsers of a username share one, wherever they are. LOGIN_FAILURE_LIMIT failures pause that client
# for LOGIN_LOCKOUT_SECONDS, each further failure doubles the pause (at most LOGIN_LOCKOUT_MAX_SECONDS), and
# failures are forgotten LOGIN_FAILURE_MEMORY_SECONDS after the latest. Applies to /login/ and /admin/login/.
AUTHENTICATION_BACKENDS = ["agentpath.accounts.signin.DeviceAwareAxesBackend",
                           "agentpath.accounts.backends.InServiceBackend"]
AXES_HANDLER = "agentpath.accounts.signin.DeviceAwareAxesHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
LOGIN_LOCKOUT_MAX_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_MAX_SECONDS", str(24 * 3600)))
AXES_COOLOFF_TIME = datetime.timedelta(seconds=int(os.environ.get("LOGIN_FAILURE_MEMORY_SECONDS", str(24 * 3600))))
AXES_USE_ATTEMPT_EXPIRATION = True  # each client's failures expire on their own, AXES_COOLOFF_TIME after the latest
AXES_LOCKOUT_PARAMETERS = [["username", "user_agent"]]  # user_agent holds the client: "device <id>" or unknown
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears the failures of the client it came from
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt (even the right password) adds nothing
AXES_CLIENT_IP_CALLABLE = "agentpath.accounts.addresses.client_address"  # recorded for HR, not a lockout key
AXES_LOCKOUT_CALLABLE = "agentpath.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # HR sees and lifts lockouts on /accounts/lockouts/ and in the user admin
# axes.W006 warns that a lockout without the address lets an attacker escape it by changing User-Agent or cookies; here
# the user_agent column is not the browser's header: every browser without a valid device cookie is the one
# "unknown browser" of the username, so changing either only makes a client unknown.
LOGIN_DEVICE_COOKIE_NAME = "agentpath_device"
LOGIN_DEVICE_COOKIE_AGE = int(os.environ.get("LOGIN_DEVICE_COOKIE_DAYS", "365")) * 24 * 3600
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Leave that does not count toward tenure and months in level (org.leave): periods of these kinds lasting longer
# than this many days. Default: unpaid long leave (停薪留职) of more than 30 days; sick, annual and maternity count.
UNCOUNTED_LEAVE_KINDS = [k.strip() for k in os.environ.get("UNCOUNTED_LEAVE_KINDS", "unpaid").split(",") if k.strip()]
UNCOUNTED_LEAVE_LONGER_THAN_DAYS = int(os.environ.get("UNCOUNTED_LEAVE_LONGER_THAN_DAYS", "30"))

# A bottom-rank review's improvement step (talent.bottom_rank): the re-assessment falls this many months after the
# step opens unless the person opening it chooses another date (Labour Contract Law art. 40: training comes first).
TALENT_REASSESS_MONTHS = int(os.environ.get("TALENT_REASSESS_MONTHS", "3"))
# The month's award run (recognition.services.award_period) gives its rules on this many database connections at
# once, each rule its own transaction (PostgreSQL, when the run owns its transactions): the machine's cores.
RECOGNITION_AWARD_CONNECTIONS = int(os.environ.get("RECOGNITION_AWARD_CONNECTIONS", "2"))
# The guide distribution of a 9-box review: per box ("<performance band><potential band>", 1 low … 3 high), the
# share of the rated people (per cent) a calibrated review is expected near; the grid shows each box against it.
TALENT_NINE_BOX_GUIDE = {"33": 10, "23": 10, "13": 5, "32": 15, "22": 30, "12": 10, "31": 10, "21": 5, "11": 5}
# The courses that address a weak metric (metric code -> course codes, best first): an improvement step's
# mandatory course is proposed from those of the person's weakest metrics (talent.bottom_rank.plan_proposals).
TALENT_IMPROVEMENT_COURSES = {
    "calls_handled": ["telephone-training", "business-time-management"],
    "aht": ["business-time-management", "telephone-training"],
    "fcr": ["complaint-handling", "self-review"],
    "csat": ["communication-people", "complaint-handling"],
    "nps": ["communication-people", "cares-initiative"],
    "qa_score": ["quality-assurance", "self-review"],
    "adherence": ["business-time-management", "workforce-management"],
    "attendance": ["people-time-management"],
    "sales_conversion": ["presentation-skills", "communication-people"],
    "complaints": ["complaint-handling", "communication-people"],
    "deductions": ["quality-assurance", "self-review"],
    "exam_score": ["self-review"],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps are fetched only by a developer's browser tools: served as they are, not compressed (which took half
# of collectstatic's time, brotli on a few megabytes of maps).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Only the hashed names are kept (and compressed): every page links its files through {% static %}, which gives
# the hashed name, so the plain copies were never served, and compressing them doubled collectstatic's time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
MEDIA_ROOT = VAR_DIR / "media"

# Uploads are bounded: imports larger than this are refused before parsing.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Imports stop at these many rows (a workbook claiming more is refused before it is read), and an XLSX is
# refused before parsing when its cells would take more memory than XLSX_MAX_CELL_BYTES once read.
ROSTER_MAX_ROWS = int(os.environ.get("ROSTER_MAX_ROWS", "200000"))
KPI_MAX_ROWS = int(os.environ.get("KPI_MAX_ROWS", "2000000"))
ORG_IMPORT_MAX_ROWS = int(os.environ.get("ORG_IMPORT_MAX_ROWS", "20000"))  # far more teams than any center has
TRAINING_IMPORT_MAX_ROWS = int(os.environ.get("TRAINING_IMPORT_MAX_ROWS", "200000"))
QUESTION_IMPORT_MAX_ROWS = int(os.environ.get("QUESTION_IMPORT_MAX_ROWS", "50000"))
XLSX_MAX_CELL_BYTES = int(os.environ.get("XLSX_MAX_CELL_BYTES", str(120 * 1024 * 1024)))
# No cell of any import (CSV or XLSX) may hold more characters than this (Excel's own limit): a longer cell
# refuses the file, an XLSX before it is read.
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "32767"))

# An API batch of KPI records (up to KPI_API_BATCH_WAIT_MAX_RECORDS) that meets a running KPI import of its center
# waits this many seconds for it to finish before answering 409; a file import answers 409 at once.
KPI_API_BATCH_WAIT_SECONDS = float(os.environ.get("KPI_API_BATCH_WAIT_SECONDS", "30"))
KPI_API_BATCH_WAIT_MAX_RECORDS = int(os.environ.get("KPI_API_BATCH_WAIT_MAX_RECORDS", "10000"))
# A ranked KPI month or quarter is closed this many days after it was first ranked, or when a decision reads it.
KPI_RANKS_GRACE_DAYS = int(os.environ.get("KPI_RANKS_GRACE_DAYS", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# JSON batch endpoints take up to 100,000 records (about 8-17 MB of JSON); only they get this larger limit.
API_BATCH_PATHS = {"/api/v1/kpi/records"}
API_BATCH_MAX_BYTES = int(os.environ.get("API_BATCH_MAX_BYTES", str(32 * 1024 * 1024)))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache" if PRODUCTION else
        "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "agentpath_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp) on every response: scripts only from our own static files, never inline
# (page data travels in json_script blocks and data-* attributes, which are not executed), no eval (htmx's
# hx-on and js: values are off in site.js), nothing from other sites. Styles allow inline attributes
# deliberately: the templates, ECharts' tooltips and htmx's indicator use style="…", which runs no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
SILENCED_SYSTEM_CHECKS = ["models.W047",  # Transition uniqueness with NULL positions: enforced on PostgreSQL, by clean() on SQLite
                          "axes.W006"]  # see the sign-in lockout settings above

# Differentiated training (seed 002 §3.5), learning.differentiation: per composite group, the program it assigns,
# the bottom share that makes it mandatory, and the tenure under which it is mandatory for everyone.
DIFFERENTIATED_TRAINING = {
    "rules": [
        {"group": "business", "program": "specialized-business", "bottom_share": 0.5, "deductions": True},
        {"group": "value", "program": "specialized-value", "bottom_share": 0.5, "deductions": False},
    ],
    "new_hire_months": 12,
}
