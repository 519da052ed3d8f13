"""Anjian settings. Everything that differs between machines comes from the environment."""

import copy
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from anjian.core import jobs

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ANJIAN_DATA_DIR", BASE_DIR.parent / "var"))

# ---- Deployment mode (how `anjian serve` and `anjian demo` run: anjian/cli.py) ----
# `anjian serve` refuses to start with this key; the demo and the tests run with it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - public on purpose, refused by `serve`
SECRET_KEY = os.environ.get("ANJIAN_SECRET_KEY") or DEV_SECRET_KEY
DEBUG = os.environ.get("ANJIAN_DEBUG", "0") == "1"
DEMO = os.environ.get("ANJIAN_DEMO", "0") == "1"  # set by `anjian demo`: plain HTTP on this machine
TESTING = "PYTEST_VERSION" in os.environ  # pytest sets it for its session (and the processes it starts)
# Production: a secret key of its own, and neither DEBUG, the demo nor the tests. Then the rules at the end of
# this file apply (HTTPS only, HSTS, secure cookies, sessions that lapse after 30 idle minutes).
PRODUCTION = SECRET_KEY != DEV_SECRET_KEY and not (DEBUG or DEMO or TESTING)
# ---- end of deployment mode ----
ALLOWED_HOSTS = os.environ.get("ANJIAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ANJIAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Behind nginx (deploy/nginx/anjian.conf, which writes the client's address into X-Forwarded-For): the security log
# and the per-address limits read the client's address there instead of the proxy's (core.security_log.address_of).
ANJIAN_TRUSTED_PROXY = os.environ.get("ANJIAN_TRUSTED_PROXY", "0") == "1"
# The platform's own address (links in e-mail and robot messages), and the address the public reaches it at (the
# QR code printed on each signboard points there; by default the same). Empty: the address of the clerk who prints
# the plate, right only when the public reaches that one too.
ANJIAN_SITE_URL = os.environ.get("ANJIAN_SITE_URL", "").strip()
ANJIAN_PUBLIC_URL = os.environ.get("ANJIAN_PUBLIC_URL", "").strip() or ANJIAN_SITE_URL

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
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    # ---- two-factor authentication (anjian/mfa): django-otp's TOTP devices and recovery codes ----
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "anjian.mfa",
    # ---- end of two-factor authentication ----
    "anjian.core",
    "anjian.org",
    "anjian.registry",
    "anjian.hazards",
    "anjian.risk",
    "anjian.inspections",
    "anjian.worklog",
    "anjian.campaigns",
    "anjian.duties",
    "anjian.people",
    "anjian.emergency",
    "anjian.notifications",
    "anjian.quality",
    "anjian.contests",
    "anjian.public",
    "anjian.dashboards",
    "anjian.summaries",
    "anjian.field",
]

# Sessions renewed by requests, at most once this many seconds (production only; 0: not renewed by requests).
ANJIAN_SESSION_RENEW_SECONDS = 0
MIDDLEWARE = [
    "anjian.core.routers.ReplicaMiddleware",  # reads of a safe request on the replica, when there is one
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anjian.core.middleware.SessionRenewalMiddleware",
    "anjian.core.middleware.PreferChineseMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # two-factor (anjian/mfa): request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "anjian.core.errors.ServerMissingMiddleware",
    "anjian.core.security_log.SecurityLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "anjian.core.middleware.PermissionsPolicyMiddleware",
    # Two-factor (anjian/mfa): a signed-in user who still owes the code reaches only the code step and logout. After
    # SecurityLogMiddleware, so that its API refusals (403) are logged as refusals.
    "anjian.mfa.middleware.TwoFactorMiddleware",
]

ROOT_URLCONF = "anjian.urls"
WSGI_APPLICATION = "anjian.wsgi.application"

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
                "anjian.org.context_processors.jurisdiction",
            ],
        },
    },
]

# Selects and plain inputs written in Python, as Django's templates write them (anjian/core/renderers.py).
FORM_RENDERER = "anjian.core.renderers.FastWidgets"

# ---- Database connections ----
# SQLite by default (the demo needs no server); DATABASE_URL points at PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'anjian.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes and the job worker share the file: a writer waits for the lock instead of failing
    # (IMMEDIATE takes it at the start of a transaction, as healthchecks does), and readers never wait for a
    # writer (write-ahead log, kept in the file once set).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation of queries: it paid off only for reports scanning millions of rows, and cost 20-80 ms of
    # compiling to every county-sized count (74 of a dashboard query's 108 ms on a province of 100 counties).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not TESTING:
    # At most ANJIAN_DB_POOL_SIZE connections per process, lent for one request at a time and checked before
    # each loan (psycopg's pool; Django keeps no persistent connection beside it). `anjian serve` refuses to start
    # when its processes together could open more than the server's max_connections. 0: no pool, one
    # persistent connection per thread. The tests keep Django's plain connections.
    DB_POOL_SIZE = int(os.environ.get("ANJIAN_DB_POOL_SIZE", "4"))
    if DB_POOL_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_SIZE,
            "timeout": 10,
        }
# A PostgreSQL streaming replica of the primary (anjian/core/routers.py): the pages and API answers of safe requests
# read there until they write; everything else uses the primary. Same options as the primary (its own pool).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL (its primary)")
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["OPTIONS"] = copy.deepcopy(DATABASES["default"].get("OPTIONS", {}))
    # The test runner makes no database of its own on the replica: it reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["anjian.core.routers.ReplicaRouter"]
# After a form is saved (any POST, PUT, PATCH or DELETE), the same browser reads from the primary this long.
ANJIAN_REPLICA_PIN_SECONDS = int(os.environ.get("ANJIAN_REPLICA_PIN_SECONDS", "10"))
# ---- end of database connections ----
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["rules.permissions.ObjectPermissionBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ANJIAN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads (anjian.core.uploads): each file is cut at its limit while the request streams in, and a request
# declaring more than 200 MB is refused before it is read; at most 2.5 MB of a request is held in memory.
FILE_UPLOAD_HANDLERS = [
    "anjian.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB: a larger upload is written to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields besides the files
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# ---- Static files ----
# In production and the demo, file names carry a hash of their content (collected by `anjian serve` and
# `anjian demo` into ANJIAN_DATA_DIR/static before they serve), so WhiteNoise sends them with a far-future
# Cache-Control and their gzip/brotli copies. Elsewhere (tests, benchmarks, development) the files are served
# straight from the source tree under their own names, with nothing to collect first.
STATIC_MANIFEST = os.environ.get("ANJIAN_STATIC_MANIFEST", "1" if PRODUCTION or DEMO else "0") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "anjian.cli.StaticFilesStorage"  # whitenoise's, past Bootstrap's missing source maps
        if STATIC_MANIFEST
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_MANIFEST
# Source maps are read by developer tools only: not worth compressing (collectstatic spent most of its time on them).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # every page names the hashed file: half the files to compress
WHITENOISE_AUTOREFRESH = DEBUG
# ---- end of static files ----

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "anjian.core.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Parsers that refuse control characters in any text sent (400 by field), for every endpoint.
    "DEFAULT_PARSER_CLASSES": [
        "anjian.core.api.JSONParser",
        "anjian.core.api.FormParser",
        "anjian.core.api.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "anjian.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "anjian.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # Several models have a field named kind; name their enums by model so the schema reads well.
    "ENUM_NAME_OVERRIDES": {
        "CampaignKindEnum": "anjian.campaigns.choices.CampaignKind",
        "DemoSiteKindEnum": "anjian.campaigns.choices.DemoSiteKind",
        "DrillKindEnum": "anjian.emergency.choices.DrillKind",
        "EmergencyPlanKindEnum": "anjian.emergency.choices.PlanKind",
        "TrainingKindEnum": "anjian.people.choices.TrainingKind.values",
        "CertificateKindEnum": "anjian.people.choices.CertificateKind.values",
        "PermitKindEnum": "anjian.people.choices.PermitKind.values",
        "AssessmentResultEnum": "anjian.people.choices.AssessmentResult.values",
        # Two `method` fields (a risk assessment's LEC/LS, a duty list's delivery): named apart, or drf-spectacular
        # warns, and `check --deploy --fail-level WARNING` fails (anjian/core/tests/test_serve.py).
        "RiskMethodEnum": "anjian.risk.choices.Method.values",
        "DeliveryMethodEnum": "anjian.duties.choices.DeliveryMethod.values",
        "ItemResultEnum": "anjian.inspections.choices.ItemResult",
        # The public reports' and rewards' states (a `state` filter each) and the means of paying a reward.
        "ReportStateEnum": "anjian.public.choices.ReportState",
        "RewardStateEnum": "anjian.public.choices.RewardState",
        "PaymentMeansEnum": "anjian.public.choices.PaymentMeans",
    },
    "TITLE": "Anjian API",
    "DESCRIPTION": "Anjian (安监) county work-safety supervision platform: REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers too (400/401/403/404, see anjian/core/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "anjian.core.openapi.document_error_responses",
    ],
}

# The work desk's sections and the pages of the main lists are kept this many seconds, reused while the tables
# they read are unwritten (core.freshness.kept); 0: computed on every visit (the tests, unless they set it).
ANJIAN_KEEP_SECONDS = int(os.environ.get("ANJIAN_KEEP_SECONDS", "0" if TESTING else "300"))
# A city's or a province's dashboard shows its last count while it is at most this old (anjian.dashboards.counted).
ANJIAN_WIDE_FIGURES_MINUTES = int(os.environ.get("ANJIAN_WIDE_FIGURES_MINUTES", "0" if TESTING else "30"))
# A list counts its rows up to this many (a province's unfiltered list holds millions): "more than 10,000".
ANJIAN_LIST_COUNT_CAP = int(os.environ.get("ANJIAN_LIST_COUNT_CAP", "10000"))
# The most rows one list export writes (core.generic.RestrictedListView): above it the list asks for a narrower filter.
ANJIAN_EXPORT_MAX_ROWS = int(os.environ.get("ANJIAN_EXPORT_MAX_ROWS", "100000"))
# Each server process's own memory (a kept desk section is a few KB: 10,000 are some users' worth of desks).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# ---- Background jobs (anjian/core/jobs.py): in the database, or on Redis with RQ when ANJIAN_REDIS_URL is set ----
# e.g. redis://127.0.0.1:6379/0; `anjian worker` runs the worker of either. The demo and the tests keep the database
# (the tests of Redis configure it themselves: anjian/notifications/tests/test_jobs_on_redis.py).
ANJIAN_REDIS_URL = "" if DEMO or TESTING else os.environ.get("ANJIAN_REDIS_URL", "").strip()
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if ANJIAN_REDIS_URL:
    INSTALLED_APPS.append("django_rq")  # RQ's queues, for django-tasks-rq (and their page in the admin)
    _redis = jobs.redis_settings(ANJIAN_REDIS_URL)
    TASKS, RQ_QUEUES, CACHES = _redis["TASKS"], _redis["RQ_QUEUES"], _redis["CACHES"]
# ---- end of background jobs ----

# E-mail notices (anjian.notifications) through this server; without one they are printed to standard output.
EMAIL_HOST = os.environ.get("ANJIAN_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("ANJIAN_EMAIL_PORT", "465"))
    EMAIL_HOST_USER = os.environ.get("ANJIAN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("ANJIAN_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = EMAIL_PORT == 465
    EMAIL_USE_TLS = EMAIL_PORT == 587
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("ANJIAN_EMAIL_FROM", "anjian@localhost")

DJANGO_TABLES2_TEMPLATE = "core/table.html"  # bootstrap5-responsive, its rows written in Python (core tag table_rows)
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANJIAN_LOG_LEVEL", "WARNING")},
}

# Where the reference data of the seeds lives (regions, sectors, criteria); shipped with the code.
REFERENCE_DATA_DIR = BASE_DIR / "reference"

# LEC/LS band settings are added by the risk app (see shared/data/README.md).
SIMPLE_HISTORY_REVERT_DISABLED = True

# ---- Content-Security-Policy (django-csp) and Permissions-Policy, on every response ----
# Scripts only from our own static files: no inline script, handler or eval (the pages' behaviours are data
# attributes read by anjian/behaviours.js). Inline styles stay allowed (Bootstrap's utilities and the charts set
# them); images may be data:/blob: URLs (charts, QR codes, a photo's preview before upload). Uploaded files carry
# their own stricter policy (anjian/core/media.py), which this middleware leaves in place.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The browser features a page may use: the camera through a file input needs none of these; a map pin may ask
# for the position; nothing else.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
# ---- end of Content-Security-Policy ----
# The field app's photos are made smaller on the phone before they are kept (anjian/field): the longer edge in
# pixels and the JPEG quality.
ANJIAN_FIELD_PHOTO_MAX_EDGE = int(os.environ.get("ANJIAN_FIELD_PHOTO_MAX_EDGE", "1600"))
ANJIAN_FIELD_PHOTO_QUALITY = float(os.environ.get("ANJIAN_FIELD_PHOTO_QUALITY", "0.8"))
# ---- Identity controls (等保 2.0 身份鉴别, SECURITY.md): lockout, throttling, password policy, argon2 ----
INSTALLED_APPS += ["axes"]
# The password-change gate inside the security log's middleware (its 403 to a session's API call is logged);
# django-axes' middleware last, as it asks (it turns a lockout into core.lockout's answer).
MIDDLEWARE += ["anjian.org.passwords.PasswordChangeMiddleware", "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["anjian.core.lockout.LockoutBackend", *AUTHENTICATION_BACKENDS]
# argon2 first; the others still verify older hashes, upgraded at the next sign-in (org.User.check_password).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# At least 10 characters, 3 of the 4 classes, not the username, not a common password (org.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "anjian.org.passwords.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "anjian.org.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "anjian.org.passwords.UsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# A password is changed ANJIAN_PASSWORD_DAYS after it was set (0: never), the desk warning 14 days before. Unless
# set, the demo's documented logins and the tests (which travel in time across years) keep their passwords.
ANJIAN_PASSWORD_DAYS = int(os.environ.get("ANJIAN_PASSWORD_DAYS", "0" if DEMO or TESTING else "180"))
ANJIAN_PASSWORD_WARN_DAYS = int(os.environ.get("ANJIAN_PASSWORD_WARN_DAYS", "14"))
# django-axes (core.lockout): 5 failures lock the account, from whatever address (a county office shares one), for
# 30 minutes from the fifth; attempts during the lock neither count nor extend it; a sign-in clears the count.
# Its database handler: every server process sees the same locks. Sign-ins are logged once, by core.security_log.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = int(os.environ.get("ANJIAN_LOCKOUT_MINUTES", "30")) / 60  # hours, as axes reads a number
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "anjian.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "anjian.core.security_log.address_of"
# A wrong second-factor code counts as a failure too, and for a person who owes a code only the code clears the count
# (anjian.mfa.lockout); codes, like passwords, are never written into axes' record of an attempt.
AXES_HANDLER = "anjian.mfa.lockout.SignInHandler"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp", "code", "recovery-code", "reset-code"]
# axes.W006 wants the address in the lock: here the lock is per account and the address is throttled instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# An address with 20 failed sign-ins in 15 minutes, over any accounts, waits out the window (core.lockout).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"sign_in": os.environ.get("ANJIAN_SIGN_IN_THROTTLE", "20/15m")}
# ---- end of identity controls ----
# ---- Two-factor authentication (anjian/mfa) ----
# The role codes (anjian/org/choices.py Role) whose holders sign in with a code from an authenticator app (TOTP)
# after their password, and `superuser` for superusers: ANJIAN_2FA_ROLES, comma-separated. In production by default
# the superusers and the county office; off in the demo (its login page says so) and in the tests (a test turns it
# on with a settings override); off by default elsewhere.
ANJIAN_2FA_ROLES = (
    []
    if DEMO or TESTING
    else [
        code.strip()
        for code in os.environ.get("ANJIAN_2FA_ROLES", "superuser,county_office" if PRODUCTION else "").split(",")
        if code.strip()
    ]
)
OTP_TOTP_ISSUER = os.environ.get("ANJIAN_2FA_ISSUER", "安监")  # the name the authenticator app shows
# django-otp's throttling stays on: after n wrong codes in a row the next is refused for 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# ---- end of two-factor authentication ----

# ---- Production rules (PRODUCTION above; `anjian check --deploy` is clean with them) ----
if PRODUCTION:
    # Behind nginx, which terminates TLS and says so in X-Forwarded-Proto: gunicorn trusts that header from the
    # addresses in FORWARDED_ALLOW_IPS only (default 127.0.0.1 and ::1), so request.is_secure() cannot be faked.
    SECURE_SSL_REDIRECT = os.environ.get("ANJIAN_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("ANJIAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("ANJIAN_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("ANJIAN_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A session lapses after ANJIAN_SESSION_AGE seconds without a request (30 minutes). Requests renew it, at most
    # once every ANJIAN_SESSION_RENEW_SECONDS (core.middleware.SessionRenewalMiddleware) instead of a database
    # write on every request: it lapses between 29 and 30 minutes after the last request.
    SESSION_COOKIE_AGE = int(os.environ.get("ANJIAN_SESSION_AGE", "1800"))
    ANJIAN_SESSION_RENEW_SECONDS = min(int(os.environ.get("ANJIAN_SESSION_RENEW_SECONDS", "60")), SESSION_COOKIE_AGE)
# ---- end of production rules ----

# ---- The offline field app (anjian/field, anjian/core/capture.py) ----
# A phone's capture time counts for deadlines only if it lies at most this many hours before receipt.
ANJIAN_CAPTURE_TOLERANCE_HOURS = int(os.environ.get("ANJIAN_CAPTURE_TOLERANCE_HOURS", "72"))
# The most units a phone is offered for offline use (a county office gets the first ones by name).
ANJIAN_FIELD_BUNDLE_MAX = int(os.environ.get("ANJIAN_FIELD_BUNDLE_MAX", "2000"))
