"""python manage.py create_api_token USERNAME [--name "Southport ED system"]

Makes a bearer token for the point-of-care lookup API, belonging to a practitioner or
system account in a service, and prints it once: only its SHA-256 is stored."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thinkfamily.core.audit import Auditor
from thinkfamily.flags.lookup import may_look_up
from thinkfamily.flags.tokens import create_token


class Command(BaseCommand):
    help = "Make a bearer token for the point-of-care lookup API and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for, e.g. the calling system")

    def handle(self, *args, username, name, **options):
        try:
            practitioner = get_user_model().objects.select_related("team__service").get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No account is called {username!r}.") from exc
        if not practitioner.is_active:
            raise CommandError(f"{username} is not active.")
        token, raw = create_token(Auditor.system(f"create_api_token for {username}"), practitioner, name=name)
        self.stdout.write(raw)
        self.stderr.write(
            f"Token {token.prefix}… made for {practitioner.display_name}. It is shown only now: store it in the "
            "calling system's secrets. Revoke it with: manage.py revoke_api_token " + token.prefix
        )
        if not may_look_up(practitioner):
            self.stderr.write(
                self.style.WARNING(
                    "This account is not in an unscheduled-care service: the lookup API will answer 403 to it."
                )
            )
