"""python manage.py revoke_api_token PREFIX

Revokes the lookup API token whose first characters (as printed when it was made, e.g.
tf_AbC1234) are PREFIX. A revoked token is refused (401) from the next request on."""

from django.core.management.base import BaseCommand, CommandError

from thinkfamily.core.audit import Auditor
from thinkfamily.flags.models import ApiToken
from thinkfamily.flags.tokens import revoke_token


class Command(BaseCommand):
    help = "Revoke a point-of-care lookup API token by its prefix."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        tokens = list(ApiToken.objects.active().filter(prefix=prefix.rstrip("…")))
        if not tokens:
            raise CommandError(f"No active token starts {prefix!r}.")
        for token in tokens:  # prefixes are 7 random characters: two alike are all revoked
            revoke_token(Auditor.system("revoke_api_token"), token)
            self.stdout.write(f"Revoked {token}.")
