"""Settings shared by every environment. Environment-specific files import from here."""

import datetime
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from .env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_linear_migrations",
    "axes",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "thinkfamily.core",
    "thinkfamily.organisations",
    "thinkfamily.people",
    "thinkfamily.access",
    "thinkfamily.casenotes",
    "thinkfamily.notifications",
    "thinkfamily.chronology",
    "thinkfamily.flags",
    "thinkfamily.referrals",
    "thinkfamily.lac",
    "thinkfamily.appointments",
    "thinkfamily.assessments",
    "thinkfamily.pathways",
    "thinkfamily.protection",
    "thinkfamily.administration",
    "thinkfamily.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "thinkfamily.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "thinkfamily.access.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thinkfamily.core.middleware.RequestIdMiddleware",
    "thinkfamily.core.replica.PrimaryAfterWriteMiddleware",
    "axes.middleware.AxesMiddleware",
    # With DEBUG on only: the service's own error pages instead of Django's debug pages.
    "thinkfamily.core.middleware.DevelopmentErrorPagesMiddleware",
]

ROOT_URLCONF = "thinkfamily.config.urls"
WSGI_APPLICATION = "thinkfamily.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "thinkfamily" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "thinkfamily.config.jinja2.environment",
            # csp_nonce: the request's Content Security Policy nonce, for the one inline script.
            "context_processors": [
                "django.template.context_processors.csp",
                "thinkfamily.home.navigation.header",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL points elsewhere (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thinkfamily.sqlite3'}"),
        conn_max_age=60,
    )
}
# PostgreSQL: parameters bound on the server, and a statement run DATABASE_PREPARE_THRESHOLD
# times on a connection prepared there (psycopg), so the point-of-care lookup's dozen statements
# are planned once per connection, not once per request (issue 16). 0 turns both off (needed
# behind a pooler in transaction mode, such as PgBouncer before 1.21).
DATABASE_PREPARE_THRESHOLD = env_int("DATABASE_PREPARE_THRESHOLD", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_PREPARE_THRESHOLD > 0:
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": DATABASE_PREPARE_THRESHOLD,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # One writer at a time: a transaction takes the write lock when it begins, and a writer
        # that finds it taken waits its turn (up to 30 s) instead of failing with "database is
        # locked" when several requests write at once.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

# A PostgreSQL read replica for dashboards and lists of many people (thinkfamily.core.replica,
# docs/scaling.md): reads inside views marked ``reads_from_replica`` go there, unless the user
# wrote within the last REPLICA_LAG_SECONDS; every write goes to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
READ_REPLICA = bool(DATABASE_REPLICA_URL)
REPLICA_LAG_SECONDS = 10
if READ_REPLICA:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
DATABASE_ROUTERS = ["thinkfamily.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.Practitioner"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# NCSC-style: at least 12 characters, no composition rules, and a deny list of what attackers
# try first (thinkfamily/core/passwords.py; it covers Django's common-password and all-digits
# checks, which would only repeat its message).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "thinkfamily.core.passwords.HardToGuessValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend, reading the user with their team, service and organisation.
    "thinkfamily.access.backends.PractitionerBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes (and whitenoise serves from).
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The NHS design system comes from the nhsuk-frontend npm package (make assets).
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    BASE_DIR / "thinkfamily" / "static",
]
# The NHS stylesheet is served without its web fonts, which live on another origin
# (thinkfamily/core/static.py); the rest as Django finds it.
STATICFILES_FINDERS = [
    "thinkfamily.core.static.NHSStylesheetWithoutWebFontsFinder",
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Sessions end after SESSION_IDLE_MINUTES without a request; the page warns two minutes
# before (static/js/session-timeout.mjs) and can extend the session.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "thinkfamily.core.sessions"  # the save of every request: one UPDATE, no transaction of its own
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "thinkfamily_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# A strict Content Security Policy (Django's built-in): our own origin only, the one inline
# script of the NHS template carries a nonce, no inline styles, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # Nothing leaves the service's origin: the NHS stylesheet is served without its Frutiger
    # web fonts (on the NHS's asset host; thinkfamily/core/static.py), and pages use the NHS
    # font stack's Arial (thinkfamily/static/css/thinkfamily.css).
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Lock-out after repeated failed sign-ins (django-axes; thinkfamily/access/lockout.py): a
# username after AXES_FAILURE_LIMIT failures (wrong passwords and wrong codes alike), and an
# address only after AXES_ADDRESS_FAILURE_LIMIT failures for any usernames, so that one
# person's mistakes on a shared ward PC or behind a trust's NAT do not lock out colleagues.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# The browser's address, not a reverse proxy's (thinkfamily/core/client_address.py): how many
# proxies in front of the application append to X-Forwarded-For. None in development.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "thinkfamily.core.client_address.client_address"
AXES_HANDLER = "thinkfamily.access.lockout.UserThenAddressLockOut"
# axes warns when its parameters leave out the address; the handler above locks the address
# itself, at its own threshold (tests/access/test_sign_in.py proves both locks).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thinkfamily.access.views.signing_in.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "code"]

SERVICE_NAME = "ThinkFamily"

# Background work (notification delivery, reminders and sweeps) goes through Django's task
# framework with the database backend; `make run` starts `manage.py db_worker` beside the
# web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ThinkFamily <no-reply@thinkfamily.example.nhs.uk>")

# Access (R10.1): how long an ED attendance opens the record to that department, and how
# long a break-glass access lasts.
ACCESS_ED_EPISODE_HOURS = env_int("ACCESS_ED_EPISODE_HOURS", 72)
ACCESS_BREAK_GLASS_HOURS = env_int("ACCESS_BREAK_GLASS_HOURS", 24)

# The area's own council (its ODS-style code): children looked after by any other authority
# and placed here are "placed in the area by another authority" (R6.4). Sefton by default,
# the demo's council (thinkfamily/demo/area.py).
AREA_LOCAL_AUTHORITY_CODE = env_str("AREA_LOCAL_AUTHORITY_CODE", "E08000014")

# Contacts directory (R2.5): an entry nobody has verified for this many days is flagged as
# needing checking. About six months; a local choice (no timescale in
# thinkfamily/core/timescales.py sets a figure for it).
CONTACTS_STALE_AFTER_DAYS = env_int("CONTACTS_STALE_AFTER_DAYS", 183)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
