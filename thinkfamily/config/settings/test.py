"""Settings for `make test`. DATABASE_URL selects PostgreSQL; SQLite otherwise."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run at once, in the test's thread, after the transaction commits.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# The test database of SQLite is a file, not memory, so that tests can fire concurrent
# requests from threads, each with its own connection (tests/core/test_concurrent_submissions.py):
# an in-memory database shared between connections locks whole tables and fails at once
# instead of waiting its turn.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405

# A second database alias, as a read replica would be (a test mirror of the default database,
# so it reads what the primary committed): the router's tests turn READ_REPLICA on and see
# reads go to it (tests/core/test_replica.py). Off elsewhere, as with no replica configured.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = False
