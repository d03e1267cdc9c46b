
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thinkfamily.access import services
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Practitioner


class Command(BaseCommand):
    help = (
        "Reset a practitioner's password to a one-time password, printed once, which they must "
        "replace when they next sign in. Check who is asking first (in person, or by calling them "
        "back on a number you already hold), and give the password only to them, never by email. "
        "Their other sessions end and a lock-out on their username is lifted. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--reason", required=True, help='why, and how you checked who asked: "Forgot it; called back on ward phone"'
        )

    def handle(self, *args, username, reason, **options):
        practitioner = Practitioner.objects.filter(username=username).first()
        if practitioner is None:
            raise CommandError(f"No practitioner has the username {username!r}.")
        if not practitioner.is_active:
            raise CommandError(f"{username!r} is not an active account: nothing was changed.")
        auditor = Auditor.command("Password reset by an administrator", "reset_password")
        try:
            one_time = services.reset_password(auditor, practitioner, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"The password of {practitioner.display_name} ({username}) has been reset.\n"
            f"One-time password: {one_time}\n"
            "Give it to them yourself (in person or by phone, never by email). They must choose their own "
            "password when they next sign in. Their other sessions have ended."
        )
