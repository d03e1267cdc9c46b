"""Settings for `make run` on a developer's machine: SQLite under var/, debug on."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# The service's own 400, 404 and 500 pages even with DEBUG on (core.middleware.
# DevelopmentErrorPagesMiddleware); DJANGO_DEBUG_PAGES=1 shows Django's debug pages instead.
DJANGO_DEBUG_PAGES = env_bool("DJANGO_DEBUG_PAGES", False)
