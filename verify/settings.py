"""Verify settings: one complete module, every value read from the environment.

Production only tightens (DEBUG off: secure cookies, HSTS, SSL redirect);
tests only speed up (see verify/test_settings.py). Every variable is listed in
docs/configuration.md (tests/test_docs.py checks it) and .env.example.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VERIFY_VAR_DIR", default=str(BASE_DIR / "var")))

VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
# Keys published with the project: .env.example's placeholder and the development key. Anyone can
# read them, so a server using one signs sessions and password resets anyone could forge.
PUBLISHED_SECRET_KEYS = {
    "change-me-to-a-long-random-string",
    "django-insecure-development-only-key-never-use-in-production",
}
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or .env); "
            "only DEBUG=1 development runs get a built-in key."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
elif not DEBUG and (SECRET_KEY in PUBLISHED_SECRET_KEYS or SECRET_KEY.startswith("change-me")):
    raise ImproperlyConfigured(
        "SECRET_KEY is the example value from .env.example, which is public: set a long random one, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

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
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_prometheus",
    "claims",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "verify.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: locks out repeated failed sign-ins (see AXES_* below).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "verify.urls"
WSGI_APPLICATION = "verify.wsgi.application"
ASGI_APPLICATION = "verify.asgi.application"

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
                "django.template.context_processors.csp",
                "claims.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Default: a SQLite file under var/, so `make run` needs no server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'verify.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: WAL lets readers
    # run beside one writer, IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "verify.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force lockout: this many failed sign-ins for one username from one
# address lock that pair out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the app: the client's address is this many hops back in X-Forwarded-For
# (0: REMOTE_ADDR is the client, and a request carrying forwarding headers came through a proxy
# nobody declared, so its address is not trusted). Used by the lockout and by /metrics.
PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# --- Cache -----------------------------------------------------------------
# What it holds: the API's throttle counts. Per process unless CACHE_URL names a Redis database
# (give it one of its own, not the broker's: clearing the cache empties that database); then
# every web process counts a token's requests against the same limit.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "verify",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must be a redis:// URL (or empty for a per-process cache), not {CACHE_URL!r}"
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ----------------------------------------------------------------
# Default broker: kombu's filesystem transport under var/broker, so `make run`
# needs no server and still takes the same asynchronous path as production.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost//")
BROKER_DIR = VAR_DIR / "broker"
# A filesystem:// broker is kombu's with messages written whole before a worker can see them
# (verify/fs_transport.py); other URLs are untouched.
from kombu.transport import TRANSPORT_ALIASES  # noqa: E402

TRANSPORT_ALIASES["filesystem"] = "verify.fs_transport:Transport"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
    }
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    # The filesystem transport has no broadcast: no remote control, mingle or gossip.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    # Longer than the slowest task, so a task is redelivered only when its
    # worker is really gone.
    # (Tests that kill a worker shorten it to see the redelivery.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Two queues. "celery": extraction and everything else. "matching": the matching tasks, which
# load the sentence encoder and the index (about 120 MB more a process) and cost several times
# an extraction's CPU; on workers of their own (`-Q matching`) they neither slow extraction down
# nor grow its workers. One worker may serve both (`-Q celery,matching`), as the tests' does.
CELERY_TASK_DEFAULT_QUEUE = "celery"
MATCHING_QUEUE = "matching"
CELERY_TASK_ROUTES = {
    f"claims.tasks.{name}": {"queue": MATCHING_QUEUE}
    for name in ("match_new_claims", "index_external_reviews", "rebuild_match_index")
}
# A worker serving only the matching queue lowers its CPU priority by this much (0: not at all).
VERIFY_MATCHING_WORKER_NICE = env.int("VERIFY_MATCHING_WORKER_NICE", default=19)
# A saved article whose claims still wait for matching this long has its matching re-sent
# (its message was lost with the broker); matching may lag behind extraction under load.
VERIFY_MATCH_RESEND_SECONDS = env.int("VERIFY_MATCH_RESEND_SECONDS", default=600)
# A request (POST /api/v1/match) waits at most this long for another thread of its process using
# the index (loading a snapshot), then answers 503 with Retry-After.
VERIFY_MATCH_LOCK_WAIT_SECONDS = env.float("VERIFY_MATCH_LOCK_WAIT_SECONDS", default=3.0)
# Each process keeps its own copy of the matching index and replays the journal (in the database)
# before a search once its copy is this old: a claim indexed on one host is found from every other
# within this delay (issue 27). Workers replay before every update and match, whatever this says.
VERIFY_MATCH_SYNC_SECONDS = env.float("VERIFY_MATCH_SYNC_SECONDS", default=1.0)
if not 0 <= VERIFY_MATCH_SYNC_SECONDS <= 5:
    raise ImproperlyConfigured(
        f"VERIFY_MATCH_SYNC_SECONDS ({VERIFY_MATCH_SYNC_SECONDS}) must be between 0 and 5: "
        "a claim indexed on one host must be found from every other within 5 s"
    )
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks, all declared here.
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-jobs": {
        "task": "claims.tasks.requeue_stalled_jobs",
        "schedule": env.float("VERIFY_REQUEUE_EVERY_SECONDS", default=60.0),
    },
    "poll-due-feeds": {
        "task": "claims.tasks.poll_due_feeds",
        "schedule": 60.0,
    },
    "resend-lost-webhooks": {
        "task": "claims.tasks.resend_lost_webhooks",
        "schedule": 120.0,
    },
}

# --- Verify ----------------------------------------------------------------
# Largest article input (text, HTML or a fetched page), in bytes.
VERIFY_MAX_INPUT_BYTES = env.int("VERIFY_MAX_INPUT_BYTES", default=5 * 1024 * 1024)
# Claims scoring at least this enter the queue as `new`; the rest are stored hidden. Unset:
# the model's own threshold, the one that gave the best F1 on held-out debates
# (docs/models/checkworthiness.md); the desk settings page overrides both.
VERIFY_CHECKWORTHY_THRESHOLD = env.float("VERIFY_CHECKWORTHY_THRESHOLD", default=None)
# Claim matching (docs/models/matching.md), on the same-claim model's calibrated probability:
# from SUGGEST up a checker sees "may match"; from AUTO up a match with a *published* verdict
# is linked at once. Unset: the thresholds the model was chosen with (sameclaim.json). The
# desk settings page overrides both.
VERIFY_MATCH_SUGGEST = env.float("VERIFY_MATCH_SUGGEST", default=None)
VERIFY_MATCH_AUTO = env.float("VERIFY_MATCH_AUTO", default=None)
# The desk's matching index (claims in the queue, imported reviews) is a cache of the database in
# each process's memory; this host's own directory keeps the snapshot it last loaded (no other host
# reads it: nothing here is shared).
VERIFY_MATCH_INDEX_DIR = Path(env.str("VERIFY_MATCH_INDEX_DIR", default=str(VAR_DIR / "matching" / "desk")))
# Fetching remote pages.
VERIFY_FETCH_TIMEOUT = env.float("VERIFY_FETCH_TIMEOUT", default=10.0)
VERIFY_FETCH_MAX_REDIRECTS = env.int("VERIFY_FETCH_MAX_REDIRECTS", default=5)
# Test-only switch: lets the fetcher reach 127.0.0.1 where tests serve fixtures.
VERIFY_FETCH_ALLOW_PRIVATE = env.bool("VERIFY_FETCH_ALLOW_PRIVATE", default=False)
# A job still `running` this long after its last update was lost with its worker.
VERIFY_JOB_STALL_SECONDS = env.int("VERIFY_JOB_STALL_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# A job still `queued` this long was never picked up (broker down when it was
# accepted, message lost): the periodic requeue task sends it again.
VERIFY_JOB_RESEND_SECONDS = env.int("VERIFY_JOB_RESEND_SECONDS", default=120)
# How many times a job is attempted before it stays failed.
VERIFY_JOB_MAX_ATTEMPTS = env.int("VERIFY_JOB_MAX_ATTEMPTS", default=3)
# Items ingested from one feed poll at most (the newest first).
VERIFY_FEED_MAX_ITEMS_PER_POLL = env.int("VERIFY_FEED_MAX_ITEMS_PER_POLL", default=50)
# Webhooks: attempts per delivery, first retry delay (doubling), receiver timeout,
# and consecutive failed deliveries after which a subscription is disabled.
VERIFY_WEBHOOK_MAX_ATTEMPTS = env.int("VERIFY_WEBHOOK_MAX_ATTEMPTS", default=6)
VERIFY_WEBHOOK_RETRY_BASE_SECONDS = env.float("VERIFY_WEBHOOK_RETRY_BASE_SECONDS", default=10.0)
VERIFY_WEBHOOK_TIMEOUT = env.float("VERIFY_WEBHOOK_TIMEOUT", default=10.0)
VERIFY_WEBHOOK_DISABLE_AFTER = env.int("VERIFY_WEBHOOK_DISABLE_AFTER", default=5)
# A delivery never handed to the broker (it was down) is re-sent once this old.
VERIFY_WEBHOOK_RESEND_SECONDS = env.int("VERIFY_WEBHOOK_RESEND_SECONDS", default=120)
# Notification email (claims.services.notifications), sent by the worker. Development prints
# messages to the worker's console; production sends them over SMTP configured here.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Verify <verify@localhost>")
VERIFY_EMAIL_MAX_ATTEMPTS = env.int("VERIFY_EMAIL_MAX_ATTEMPTS", default=5)
# A notification email the broker never took (it was down) is re-sent once this old.
VERIFY_EMAIL_RESEND_SECONDS = env.int("VERIFY_EMAIL_RESEND_SECONDS", default=300)
# The desk, as named in published ClaimReview.
VERIFY_DESK_NAME = env.str("VERIFY_DESK_NAME", default="Verify Desk")
VERIFY_DESK_URL = env.str("VERIFY_DESK_URL", default="http://127.0.0.1:8000/")
# The schema.org vocabulary release our ClaimReview is validated against (read from disk only).
VERIFY_SCHEMAORG_VOCABULARY = env.str(
    "VERIFY_SCHEMAORG_VOCABULARY",
    default=str(BASE_DIR.parent / "shared" / "data" / "schemaorg" / "schemaorg-current-https.jsonld.gz"),
)

# --- Security ---------------------------------------------------------------
# Content-Security-Policy: our own origin only, no inline scripts or styles
# (scripts need the request's nonce); only the embeddable card may be framed
# (it overrides frame-ancestors).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# /metrics (Prometheus): open to these client addresses, or to a bearer token.
VERIFY_METRICS_ALLOWED_IPS = env.list("VERIFY_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
VERIFY_METRICS_TOKEN = env.str("VERIFY_METRICS_TOKEN", default="")
# Seconds between worker heartbeats; /readyz wants one within three of them.
VERIFY_WORKER_HEARTBEAT_SECONDS = env.int("VERIFY_WORKER_HEARTBEAT_SECONDS", default=15)
SESSION_COOKIE_HTTPONLY = True
# No page script reads the CSRF cookie (forms carry the token; Swagger UI gets it in its page).
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = VERIFY_MAX_INPUT_BYTES + 1024 * 1024
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- REST API ----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.auth.HasScope"],
    # JSON with a nesting limit (a body of 100,000 "[" is a 400, not a RecursionError), forms, uploads.
    "DEFAULT_PARSER_CLASSES": [
        "verify.api.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "verify.api.problem_details_handler",
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.auth.TokenRateThrottle", "claims.api.auth.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_THROTTLE_TOKEN", default="1200/min"),
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Seconds a process keeps a verified API token (claims/services/tokens.py): a revoked token, a
# changed role or a deactivated user is refused at once by the process that made the change and
# within this bound by every other one. 0 looks every token up on every request.
API_TOKEN_CACHE_SECONDS = env.float("API_TOKEN_CACHE_SECONDS", default=5.0)
SPECTACULAR_SETTINGS = {
    "TITLE": "Verify API",
    "DESCRIPTION": "Claims, articles and extraction jobs of a Verify fact-checking desk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # OpenAPI 3.1: its schemas are JSON Schema 2020-12, so a body can say what the code checks
    # (an import must contain a ClaimReview: "contains", "const"), which 3.0's subset cannot.
    "OAS_VERSION": "3.1.0",
    # Two models have a `source_kind` with different choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "ArticleSourceKindEnum": "claims.choices.SourceKind",
        "EvidenceSourceKindEnum": "claims.choices.EvidenceKind",
        # `status` of claims and of jobs
        "ClaimStatusEnum": "claims.choices.ClaimStatus",
        "JobStatusEnum": "claims.choices.JobStatus",
        # `stance` of claims (asserts / denies) and of evidence (supports / refutes / context)
        "ClaimStanceEnum": "claims.choices.ClaimStance",
        "EvidenceStanceEnum": "claims.choices.Stance",
        # `claim_type` of a claim, and `new_claim_type` of a split
        "ClaimTypeEnum": "claims.choices.ClaimType",
    },
}

# Logs: one JSON object per line in production (LOG_FORMAT=json), readable lines
# under DEBUG; every record carries the request id (also in the tasks a request enqueued).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "verify.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},  # not its banner on every command
}
# The worker logs through the same configuration instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Reader requests (issue 26: /ask/, its embed, the API's `requests` scope) ---------------------
# Email: the settings of the notifications above (the answers print in `make run`'s console).
# Requests one client address (or one channel sender) may send per hour, and all senders together.
VERIFY_REQUEST_RATE_PER_SENDER = env.int("VERIFY_REQUEST_RATE_PER_SENDER", default=5)
VERIFY_REQUEST_RATE_GLOBAL = env.int("VERIFY_REQUEST_RATE_GLOBAL", default=500)
# The form's signed time-token: a submission faster than MIN seconds after the form was served is a
# bot's; one older than MAX seconds is a stale page (the reader reloads it).
VERIFY_REQUEST_FORM_MIN_SECONDS = env.float("VERIFY_REQUEST_FORM_MIN_SECONDS", default=3.0)
VERIFY_REQUEST_FORM_MAX_SECONDS = env.int("VERIFY_REQUEST_FORM_MAX_SECONDS", default=4 * 3600)
# Days a reader's email is kept at most (erased earlier once the answer is sent).
VERIFY_REQUEST_RETENTION_DAYS = env.int("VERIFY_REQUEST_RETENTION_DAYS", default=90)
# Origins allowed to frame /ask/embed/ (the outlet's own site, e.g. https://news.example.org);
# empty: nobody may frame it.
VERIFY_ASK_EMBED_ORIGINS = env.list("VERIFY_ASK_EMBED_ORIGINS", default=[])
# Priority a claim gains per reader request, and at most in all (reader demand in the queue's order).
VERIFY_REQUEST_PRIORITY_BONUS = env.float("VERIFY_REQUEST_PRIORITY_BONUS", default=5.0)
VERIFY_REQUEST_PRIORITY_MAX = env.float("VERIFY_REQUEST_PRIORITY_MAX", default=25.0)
CELERY_TASK_ROUTES["claims.tasks.match_reader_request"] = {"queue": MATCHING_QUEUE}
CELERY_BEAT_SCHEDULE["requests-housekeeping"] = {
    "task": "claims.tasks.requests_housekeeping",
    "schedule": 600.0,
}

# --- Several hosts (issue 27) -------------------------------------------------
# One beat at a time across hosts (verify/beat.py): every `celery beat` runs the schedule only
# while it holds a lease — a Redis key with REDIS_URL (renewed every RENEW seconds, taken over by
# a standby beat TTL seconds after its holder died), else a file lock under VAR_DIR (one host).
CELERY_BEAT_SCHEDULER = "verify.beat:LeasedScheduler"
VERIFY_BEAT_LOCK_TTL_SECONDS = env.float("VERIFY_BEAT_LOCK_TTL_SECONDS", default=30.0)
VERIFY_BEAT_LOCK_RENEW_SECONDS = env.float("VERIFY_BEAT_LOCK_RENEW_SECONDS", default=VERIFY_BEAT_LOCK_TTL_SECONDS / 3)
if not 0 < VERIFY_BEAT_LOCK_RENEW_SECONDS < VERIFY_BEAT_LOCK_TTL_SECONDS:
    raise ImproperlyConfigured(
        f"VERIFY_BEAT_LOCK_RENEW_SECONDS ({VERIFY_BEAT_LOCK_RENEW_SECONDS}) must be above 0 and below "
        f"VERIFY_BEAT_LOCK_TTL_SECONDS ({VERIFY_BEAT_LOCK_TTL_SECONDS}): the lease would expire before its renewal"
    )
# Files (archived evidence pages, kept under evidence/ by claims.services.evidence): Django's storage
# API. The local file system under MEDIA_ROOT by default (one host, or a volume of its own); set
# VERIFY_S3_BUCKET for an S3-compatible object store every host shares (django-storages' S3 backend;
# credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, never in code).
VERIFY_S3_BUCKET = env.str("VERIFY_S3_BUCKET", default="")
if VERIFY_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": VERIFY_S3_BUCKET,
            "endpoint_url": env.str("VERIFY_S3_ENDPOINT_URL", default="") or None,  # empty: AWS itself
            "region_name": env.str("VERIFY_S3_REGION", default="") or None,
            "location": env.str("VERIFY_S3_PREFIX", default=""),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "file_overwrite": True,  # names are content hashes: the same name is the same bytes
        },
    }
