"""Settings for family_tools, driven by environment variables with safe defaults.

Every knob is an environment variable; see README.md ("Configuration").
"""

import os
import re
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """On or off from the environment; any other word stops the start, naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r} is not on or off (1/0, yes/no, true/false)")
    return value.lower() in TRUE_WORDS


def env_number(name, default, kind=int, minimum=None, maximum=None):
    """A number from the environment; a value that is not one stops the start, naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a{'n integer' if kind is int else ' number'}"
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at most {maximum}")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# A one-off command (migrate, demo_data, sign_in_link, …) signs nothing that outlives it, so
# it may run on a throwaway key; serving the site (and checking it) needs the site's own.
ONE_OFF_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] not in (
    [],
    ["runserver"],
    ["check"],
)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-key-for-local-development-only"
    elif ONE_OFF_COMMAND:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs its own secret key, e.g. "
            "export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )

# The overlay address tunneler apps use, plus loopback for local development. Printed QR
# labels encode http://SITE_HOST/…, so it is a host name (and port) alone, no scheme or path.
SITE_HOST = os.environ.get("SITE_HOST", "").strip() or "family.tools.ziti"
if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?", SITE_HOST):
    raise ImproperlyConfigured(
        f"SITE_HOST={SITE_HOST!r} is not a host name (like family.tools.ziti), "
        "without http:// or a path"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [SITE_HOST, "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
    "family_tools",
    "members",
    "toolpool",
    "packertracker",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "family_tools.lib.middleware.PrivateByDefaultMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.OverlayIdentityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "family_tools.urls"
WSGI_APPLICATION = "family_tools.wsgi.application"
FORM_RENDERER = "family_tools.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "family_tools.context_processors.site",
                "toolpool.context_processors.attention",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'family_tools.sqlite3'}", conn_max_age=600
    )
}
# Connections stay open (checked before reuse): a request opens no database files, which
# also keeps request threads clear of libziti's fd closes (family_tools/dark/ziti_sdk.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # the start of each transaction, so two approvals queue up instead of deadlocking.
        # Temporary tables and sort spills stay in memory instead of opening temp files.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: threads and runner processes in tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

AUTH_USER_MODEL = "members.Member"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Overlay callers: members.middleware.OverlayIdentityMiddleware asks it on every request.
    "members.backends.OverlayIdentityBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Messages travel in a cookie: overlay callers have no server-side session to keep them in.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
CSRF_FAILURE_VIEW = "family_tools.views.csrf_failure"
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "members:login"

# Sign-in failures: locked per account and, separately, per client address.
AXES_FAILURE_LIMIT = env_number("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_number("SIGNIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "members.views.signin_locked_out"
AXES_VERBOSE = False

INVITATION_VALID_DAYS = env_number("INVITATION_VALID_DAYS", 7, minimum=1)
# A sign-in link skips the password, so it works only briefly (the first admin's one included).
SIGN_IN_LINK_VALID_MINUTES = env_number("SIGN_IN_LINK_VALID_MINUTES", 60, minimum=1)

# Notifications: read ones are pruned after this many days (by manage.py send_reminders).
NOTIFICATION_KEEP_READ_DAYS = env_number("NOTIFICATION_KEEP_READ_DAYS", 60, minimum=1)
# The daily digest goes out with the first send_reminders run from this hour (local time) on.
NOTIFICATION_DIGEST_HOUR = env_number("NOTIFICATION_DIGEST_HOUR", 7, minimum=0, maximum=23)

# Mail: through an SMTP server once EMAIL_HOST is set, printed to the console in development,
# and not at all otherwise (the site then notifies in its inbox only, and "Forgot your
# password?" names the admins to ask).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = env_number("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Mail is sent off the request, but a server that never answers must not hold a sender forever.
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"family_tools <noreply@{SITE_HOST}>")
EMAIL_ENABLED = bool(EMAIL_HOST) or DEBUG
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
# Nothing on the site is translated: without the translation machinery every request is cheaper.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# whitenoise serves the app folders' static files straight away: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Photos are private to the family: served by a view that checks the sign-in, never publicly.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
MAX_UPLOAD_MB = env_number("MAX_UPLOAD_MB", 8, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Photos one worker decodes at the same time: a phone JPEG costs ~35 MB, a 7000×7000 PNG ~270 MB.
# A photo that finds no free turn within PHOTO_WAIT_SECONDS is refused with "try again".
PHOTOS_AT_ONCE = env_number("PHOTOS_AT_ONCE", 1, minimum=1)
PHOTO_WAIT_SECONDS = env_number("PHOTO_WAIT_SECONDS", 10.0, float, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. Over the overlay the browser speaks plain HTTP to its local tunneler, and the
# tunneler carries the traffic end-to-end encrypted to the app: HTTPS-only cookies, HSTS and
# an HTTPS redirect would break the site there. HTTPS=1 turns them all on for a deployment
# behind a TLS proxy instead.
HTTPS = env_bool("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = (
    []
    if HTTPS
    else [
        "security.W004",  # HSTS: the overlay encrypts; http://family.tools.ziti must keep working
        "security.W008",  # HTTPS redirect: same reason, the tunneler speaks plain HTTP locally
        "security.W012",  # secure session cookie: would never be sent over the tunneler's HTTP
        "security.W016",  # secure CSRF cookie: same reason as the session cookie
    ]
)

# Every asset is served by the site itself: a dark site never reaches out to a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Served dark by run_ziti.py: the enrolled identity the server binds as, and the service.
ZITI_IDENTITY_FILE = os.environ.get("ZITI_IDENTITY_FILE", "")
ZITI_SERVICE = os.environ.get("ZITI_SERVICE", "family.tools")
ZITI_WORKERS = env_number("ZITI_WORKERS", 1, minimum=1)
ZITI_THREADS = env_number("ZITI_THREADS", 8, minimum=1)
# How long to wait for the controller and the service before giving up with a clear message.
ZITI_TIMEOUT_SECONDS = env_number("ZITI_TIMEOUT_SECONDS", 30.0, float, minimum=1)
# A worker whose event loop sends no heartbeat for this long is replaced.
ZITI_HEARTBEAT_TIMEOUT_SECONDS = env_number(
    "ZITI_HEARTBEAT_TIMEOUT_SECONDS", 20.0, float, minimum=2
)
# run_ziti.py runs `manage.py send_reminders` this often (0: never; cron or a timer does it).
REMINDERS_EVERY_MINUTES = env_number("REMINDERS_EVERY_MINUTES", 5.0, float, minimum=0)
# A worker holding more open files than this asks to be replaced (0: 4096, or half its limit).
ZITI_MAX_FDS = env_number("ZITI_MAX_FDS", 0, minimum=0)

# The overlay identity of the caller, set only by run_ziti.py in the WSGI environ. Not an
# HTTP_* key, so no request header can ever produce it.
OVERLAY_IDENTITY_ENVIRON_KEY = "family_tools.ziti_identity"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s [%(process)d] %(levelname)s %(name)s %(message)s"}
    },
    "filters": {"expected_refusals": {"()": "family_tools.lib.logging.ExpectedRefusalsAreInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["expected_refusals"]},
    },
}
