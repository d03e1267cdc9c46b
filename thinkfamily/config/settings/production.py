"""Production settings: thin, everything secret from the environment. Every variable is
described in docs/deploy.md."""

from .base import *  # noqa: F403
from .env import env_bool, env_header, env_https_origins, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Behind a TLS-terminating proxy (docs/deploy.md). The proxy speaks plain HTTP to gunicorn, so
# Django learns the request was HTTPS only from a header the proxy sets: without it every
# request is redirected to https:// again, forever, and no form passes the CSRF check. The
# proxy must set this header on every request (overwriting what a client sent), and the
# application must be reachable only through the proxy. "none" when gunicorn terminates TLS.
SECURE_PROXY_SSL_HEADER = env_header("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
# The one proxy appends the browser's address to X-Forwarded-For: the lock-out counts failed
# sign-ins by that address, not the proxy's (which would lock the whole trust out at once).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1)
# Trust X-Forwarded-Host only when the proxy is known to set it (it is otherwise the client's).
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
# Origins, other than the host Django sees, from which forms may be posted (a proxy that
# rewrites the Host header, without X-Forwarded-Host).
CSRF_TRUSTED_ORIGINS = env_https_origins("DJANGO_CSRF_TRUSTED_ORIGINS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": True,
            "timeout": 10,
        },
    }
}
