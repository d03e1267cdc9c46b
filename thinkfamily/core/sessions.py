"""The database session store, saving an existing session in one statement.

Every request saves the session (SESSION_SAVE_EVERY_REQUEST: the idle timeout moves on).
Django's store wraps that save in a transaction: BEGIN, UPDATE, COMMIT, three statements and
three round trips to the database on every page. A single UPDATE is atomic by itself, so
outside a transaction this store sends the UPDATE alone (issue 16). Creating a session, and a
save inside a caller's transaction (which needs its savepoint), are Django's own."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, connections, router


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        using = router.db_for_write(self.model)
        if must_create or self.session_key is None or connections[using].in_atomic_block:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session())
        try:
            obj.save(force_update=True, using=router.db_for_write(self.model, instance=obj))
        except DatabaseError as exc:  # the session was deleted meanwhile (signed out elsewhere)
            raise UpdateError from exc
        return None
