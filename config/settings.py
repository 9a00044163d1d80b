"""smartjustice settings, all read from the environment (see README "Configuration").

SMARTJUSTICE_ENV is "dev" (default for a source checkout) or "production". Production
refuses to start without SECRET_KEY and turns on the HTTPS hardening that
`smartjustice check --deploy` asks for.
"""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str, local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SMARTJUSTICE_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("SMARTJUSTICE_ENV", "dev")
if ENVIRONMENT not in {"dev", "production"}:
    raise ImproperlyConfigured("SMARTJUSTICE_ENV must be 'dev' or 'production'")
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = local_secret(VAR_DIR / "secret_key")

# Keys for personal data at rest (ID numbers). Derived from SECRET_KEY unless given,
# so rotating SECRET_KEY without setting these would make stored data unreadable.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY") or SECRET_KEY
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY") or SECRET_KEY

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The site's public address (e.g. https://fazhi.tongxiang.example), for links printed into
# documents and QR codes made outside a request (background tasks).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "").rstrip("/")

# Data the project reads at run time but does not ship: law corpus, holiday calendar, ...
SHARED_DIR = Path(env_str("SMARTJUSTICE_SHARED_DIR", str(BASE_DIR.parent / "shared")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "smartjustice.core",
    "smartjustice.accounts",
    "smartjustice.orgs",
    "smartjustice.audit",
    "smartjustice.deadlines",
    "smartjustice.notifications",
    "smartjustice.files",
    "smartjustice.api",
    "smartjustice.web",
    "smartjustice.demo",
    "smartjustice.ledger",
    "smartjustice.statutes",
    "smartjustice.reconsideration",
    "smartjustice.legalservice.calculators",
    "smartjustice.legalservice.documents",
    "smartjustice.legalservice.consult",
    "smartjustice.correction",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "smartjustice.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "smartjustice.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "smartjustice" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "smartjustice.web.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'smartjustice.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; foreign keys are on by default.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "smartjustice" / "web" / "locale"]
TIME_ZONE = "Asia/Shanghai"  # legal days are counted in China Standard Time
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [("vendor/htmx", NODE_MODULES / "htmx.org" / "dist")]

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-public/"  # files are served only through smartjustice.files views

STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads (smartjustice.files): size cap and accepted types, issue #2 §7.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Statute library (smartjustice.statutes): the search index is a file beside the database.
STATUTES_INDEX_PATH = Path(env_str("STATUTES_INDEX_PATH", str(VAR_DIR / "statutes-index.pkl")))
# Articles embedded whole by the dense model at index build (the most authoritative laws first,
# whole laws only; ~0.1 s per article on 2 cores): 0 turns the field off. SEARCH_NOTES.md.
STATUTES_DENSE_ARTICLES = env_int("STATUTES_DENSE_ARTICLES", 2100)

# Background work: Celery with Redis when REDIS_URL is set, inline otherwise.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "flag-due-deadlines": {"task": "deadlines.flag_due_deadlines", "schedule": 3600.0},
    "retry-pending-notifications": {
        "task": "notifications.retry_pending_deliveries",
        "schedule": 300.0,
    },
    "purge-orphan-uploads": {"task": "files.purge_orphan_blobs", "schedule": 6 * 3600.0},
    # Late report-in, missed check-ins and termination reminders (correction.tasks).
    "correction-daily-sweeps": {"task": "correction.daily_sweeps", "schedule": 6 * 3600.0},
    # Missed video spot checks and lost contact (correction.tasks.run_frequent_sweeps).
    "correction-frequent-sweeps": {"task": "correction.frequent_sweeps", "schedule": 120.0},
    # A law repealed by one that comes into force later is marked on that day (statutes.repeals).
    "statutes-refresh-repeals": {"task": "statutes.refresh_repeals", "schedule": 6 * 3600.0},
}

# Evidence ledger (smartjustice.ledger, issue #5, shared/LEDGER.md). The origin is the log's
# identity and its key name; the key is generated into VAR_DIR on first use unless given.
LEDGER_ORIGIN = env_str("LEDGER_ORIGIN", "tongxiang.example/evidence")
LEDGER_KEY_FILE = Path(env_str("LEDGER_KEY_FILE", str(VAR_DIR / "ledger" / "log.key")))
# Last checkpoint this log signed, kept outside the database so a rolled-back database is noticed.
LEDGER_HIGH_WATER_FILE = Path(env_str("LEDGER_HIGH_WATER_FILE", str(VAR_DIR / "ledger" / "checkpoint")))
LEDGER_DEFAULT_ORG = env_str("LEDGER_DEFAULT_ORG", "tx-sfj")
LEDGER_SEQUENCE_ON_REGISTER = env_bool("LEDGER_SEQUENCE_ON_REGISTER", True)
LEDGER_BATCH_SIZE = env_int("LEDGER_BATCH_SIZE", 4096)
# Witnesses: "name=url" items; the trust policy file says which of them a verifier requires.
LEDGER_WITNESSES = env_list("LEDGER_WITNESSES", [])
LEDGER_POLICY_FILE = env_str("LEDGER_POLICY_FILE", str(VAR_DIR / "ledger" / "policy.txt"))
LEDGER_WITNESS_TIMEOUT = float(env_str("LEDGER_WITNESS_TIMEOUT", "1.0"))
CELERY_BEAT_SCHEDULE["ledger-sequence-pending"] = {"task": "ledger.sequence_pending", "schedule": 10.0}
# The monitor (issue #5 §6) alerts users who may "ledger.monitor" the log operator's organisation.
LEDGER_OPERATOR_ORG = env_str("LEDGER_OPERATOR_ORG", LEDGER_DEFAULT_ORG)
# The organisation that registers generated legal documents in the ledger (documents app).
DOCUMENTS_LEDGER_ORG_CODE = env_str("DOCUMENTS_LEDGER_ORG_CODE", LEDGER_DEFAULT_ORG)
LEDGER_MONITOR_INTERVAL = float(env_str("LEDGER_MONITOR_INTERVAL", "60"))
CELERY_BEAT_SCHEDULE["ledger-monitor"] = {"task": "ledger.monitor", "schedule": LEDGER_MONITOR_INTERVAL}

# A separate Redis database for the cache is safer (clearing the cache then never touches
# queued tasks); by default the cache shares REDIS_URL.
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL", REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Notification channels (smartjustice.notifications): "log" writes to the log, for development.
SMS_BACKEND = env_str("SMS_BACKEND", "log")
SMS_HTTP_URL = env_str("SMS_HTTP_URL")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "smartjustice@localhost")
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 8)
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 10)

REST_FRAMEWORK = {
    # Token first: DRF answers 401 (not 403) only when the first class names a
    # WWW-Authenticate scheme, and partner systems need a 401 for a bad token (issue #2 §9).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "smartjustice.core.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # The version lives in the URL prefix (/api/v1/); a v2 would be a new set of routes.
}
SPECTACULAR_SETTINGS = {
    "TITLE": "smartjustice API",
    "DESCRIPTION": "Versioned REST API of the smartjustice platform (smart justice, 智慧司法).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less header set in base.html
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Legal consultation (smartjustice.legalservice.consult, issue #3 §3–4). Generation is off
# unless an OpenAI-compatible endpoint is configured; meeting links need a URL template with {room}.
CONSULT_GENERATION_URL = env_str("CONSULT_GENERATION_URL", "")
CONSULT_GENERATION_MODEL = env_str("CONSULT_GENERATION_MODEL", "")
CONSULT_GENERATION_API_KEY = env_str("CONSULT_GENERATION_API_KEY", "")
CONSULT_CONFERENCE_URL_TEMPLATE = env_str("CONSULT_CONFERENCE_URL_TEMPLATE", "")
CONSULT_WARN_AFTER_HOURS = float(env_str("CONSULT_WARN_AFTER_HOURS", "5"))
CONSULT_ESCALATE_AFTER_HOURS = float(env_str("CONSULT_ESCALATE_AFTER_HOURS", "24"))
# A call the citizen cancels closer than this to its start does not put its time back on the roster
# (a service rule, not a statutory period; why in consult/services.py reoffer_cutoff).
CONSULT_REOFFER_CUTOFF_HOURS = float(env_str("CONSULT_REOFFER_CUTOFF_HOURS", "2"))
# Smallest lead of the best article over the tenth (search-engine score units) for an answer not
# to be marked low confidence; calibrated with `make bench-consult` (consult/answering.py).
CONSULT_MIN_LEAD = float(env_str("CONSULT_MIN_LEAD", "9.5"))
CELERY_BEAT_SCHEDULE["consult-sweep-unanswered"] = {"task": "consult.sweep_unanswered_questions", "schedule": 900.0}
