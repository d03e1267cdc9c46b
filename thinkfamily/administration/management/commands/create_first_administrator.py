import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thinkfamily.administration import staff
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Practitioner, Team

PASSWORD_VARIABLE = "THINKFAMILY_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create the area's first local administrator, who then sets up the area on its pages "
        "(/administration/): no createsuperuser or Django shell is needed. The password comes from the "
        f"{PASSWORD_VARIABLE} environment variable, or is asked for (twice) at the terminal, or, with "
        "--one-time-password, a one-time password is printed to be replaced at the first sign-in. Refused if an "
        "active local administrator exists, unless --force. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--job-title", default="Local administrator")
        parser.add_argument("--organisation-code", default="",
                            help="with --team: put the administrator in this organisation's team")
        parser.add_argument("--team", default="", help="the name of an existing team (with --organisation-code)")
        parser.add_argument("--one-time-password", action="store_true",
                            help="print a one-time password instead of reading one")
        parser.add_argument("--force", action="store_true", help="create another administrator even if one exists")

    def _password(self, one_time: bool) -> str | None:
        if one_time:
            return None
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if password:
            return password
        if not sys.stdin.isatty():
            raise CommandError(f"Give the password in {PASSWORD_VARIABLE}, or use --one-time-password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords are not the same. Nothing was created.")
        return first

    def handle(self, *args, username, first_name, last_name, email, job_title, organisation_code, team,
               one_time_password, force, **options):
        existing = staff.administrators()
        if existing.exists() and not force:
            names = ", ".join(existing.values_list("username", flat=True)[:5])
            raise CommandError(f"The area already has a local administrator ({names}): they add others on the staff "
                               "page. Use --force to create one anyway.")
        found_team = None
        if team or organisation_code:
            if not (team and organisation_code):
                raise CommandError("Give both --organisation-code and --team, or neither.")
            found_team = Team.objects.filter(service__organisation__code__iexact=organisation_code,
                                             name__iexact=team).first()
            if found_team is None:
                raise CommandError(f"No team called {team!r} in the organisation {organisation_code!r}.")
        password = self._password(one_time_password)
        auditor = Auditor.command("First administrator", "create_first_administrator")
        try:
            practitioner, issued = staff.add_practitioner(
                auditor, username=username, first_name=first_name, last_name=last_name, email=email,
                job_title=job_title, role=Practitioner.Role.LOCAL_ADMINISTRATOR, team=found_team,
                password=password, one_time=one_time_password,
            )
        except ValidationError as error:
            messages = [f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()] \
                if hasattr(error, "error_dict") else error.messages
            raise CommandError("Nothing was created. " + " ".join(messages)) from error
        self.stdout.write(f"{practitioner.display_name} ({practitioner.username}) is a local administrator.")
        if issued:
            self.stdout.write(f"One-time password: {issued}\nThey must choose their own password when they first "
                              "sign in.")
        self.stdout.write("Sign in and open /administration/ to set up the area.")
