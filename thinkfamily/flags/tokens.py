"""Bearer tokens for the point-of-care lookup API. A token is shown once, when it is made;
only its SHA-256 is stored, so a copy of the database does not give anyone a token."""

import hashlib
import secrets

from django.db import transaction

from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.compiled import CompiledRead, Slot
from thinkfamily.flags.models import ApiToken

TOKEN_PREFIX = "tf_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(auditor: Auditor, practitioner, *, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for this account. Returns the row and the token, which is not kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        practitioner=practitioner, name=name.strip(), token_hash=hash_token(raw), prefix=raw[:10],
        created_at=clock.now(),
    )
    auditor.create(token, ["practitioner", "name", "prefix"])
    return token, raw


@transaction.atomic
def revoke_token(auditor: Auditor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        auditor.write(token, ["revoked_at"])
    return token


_TOKEN = CompiledRead(lambda: (  # every API call reads it: compiled once (core.compiled)
    ApiToken.objects.active()
    .select_related("practitioner__team__service__organisation")
    .filter(token_hash=Slot("token_hash", ApiToken._meta.get_field("token_hash")))
    .order_by("pk")[:1]
))


def practitioner_for(raw: str | None):
    """The active account a bearer token belongs to, or None for a missing, unknown,
    revoked or deactivated one."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = next(iter(_TOKEN.run(token_hash=hash_token(raw))), None)
    if token is None or not token.practitioner.is_active:
        return None
    return token.practitioner
