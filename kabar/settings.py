"""Django settings, derived from the KABAR_* table in kabar/conf.py.

No other module reads os.environ.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kabar import conf

try:
    CONFIG = conf.load()
except conf.ConfigError as exc:
    # One line that names the variable; the CLI prints it without a traceback.
    raise ImproperlyConfigured(str(exc)) from None

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR: Path = CONFIG["KABAR_DATA_DIR"]


def _ensure_data_dir() -> None:
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"KABAR_DATA_DIR={str(DATA_DIR)!r} cannot be created: {exc.strerror}"
        ) from None


def _secret_key() -> str:
    if CONFIG["KABAR_SECRET_KEY"]:
        return CONFIG["KABAR_SECRET_KEY"]
    _ensure_data_dir()
    path = DATA_DIR / "secret_key"
    try:
        key = path.read_text().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    # Written to a private temporary file first, then renamed, so two processes never see half a key.
    tmp = path.with_name(f".secret_key.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    try:
        os.link(tmp, path)  # fails if another process won the race; then use its key
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        tmp.unlink(missing_ok=True)
    return key


SECRET_KEY = _secret_key()
DEBUG: bool = CONFIG["KABAR_DEBUG"]
ALLOWED_HOSTS: list[str] = CONFIG["KABAR_ALLOWED_HOSTS"]
KABAR_HOST: str = CONFIG["KABAR_HOST"]
KABAR_PORT: int = CONFIG["KABAR_PORT"]
KABAR_SEARCH_WINDOW_DAYS: int = CONFIG["KABAR_SEARCH_WINDOW_DAYS"]
KABAR_COUNT_VIEWS: bool = CONFIG["KABAR_COUNT_VIEWS"]
KABAR_CRAWL_MIN_HOST_DELAY: float = CONFIG["KABAR_CRAWL_MIN_HOST_DELAY"]
KABAR_CRAWL_ALLOW_PRIVATE: bool = CONFIG["KABAR_CRAWL_ALLOW_PRIVATE"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "kabar.core",
    "kabar.sources",
    "kabar.articles",
    "kabar.search",
    "kabar.stories",
    "kabar.accounts",
    "kabar.engagement",
    "kabar.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kabar.core.middleware.ContentSecurityPolicyMiddleware",
    "kabar.core.middleware.SecureCookieMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kabar.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kabar.urls"
WSGI_APPLICATION = "kabar.wsgi.application"

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
                "kabar.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = CONFIG["KABAR_DATABASE_URL"]
if _database_url is None:
    _ensure_data_dir()
    _database_url = f"sqlite:///{DATA_DIR / 'kabar.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; the busy timeout makes writers queue
        # instead of failing with "database is locked". IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttle, rate limits) ---------------------------------------------------------
if CONFIG["KABAR_REDIS_URL"]:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CONFIG["KABAR_REDIS_URL"],
            "KEY_PREFIX": "kabar",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kabar"}}

# --- Auth -----------------------------------------------------------------------------------
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
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

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CONFIG["KABAR_TIME_ZONE"]

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
# Files are served straight from the app folders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
if not DEBUG:
    # Behind a TLS-terminating proxy the request is secure only if the proxy says so.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = CONFIG["KABAR_HSTS_SECONDS"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "kabar": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # trafilatura warns about every page it cannot use; the crawler records those itself.
        "trafilatura": {"level": "ERROR"},
        "htmldate": {"level": "ERROR"},
    },
}
