"""Django's database sessions, with the save of every request made as its one UPDATE.

The idle timeout (SESSION_SAVE_EVERY_REQUEST) saves the session at the end of every request.
Django's database store wraps that save in ``transaction.atomic``, which is there for the
INSERT of a new session (a duplicate key must not break the caller's transaction). For the
UPDATE of an existing session it adds a BEGIN and a COMMIT on the server (a SAVEPOINT and a
RELEASE inside a transaction) to every page: this store sends the UPDATE alone. A session
deleted meanwhile (signed out in another tab) still ends in ``UpdateError``, as in Django's."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, router


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session())
        try:
            obj.save(force_update=True, using=router.db_for_write(self.model, instance=obj))
        except DatabaseError as error:
            raise UpdateError from error
        return None
