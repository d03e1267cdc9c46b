from django.core.management.base import BaseCommand

from thinkfamily.demo.area import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo practitioners' sign-in details (synthetic data only)."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (synthetic data only), password for all: " + DEMO_PASSWORD)
        width = max(len(username) for username, *_ in DEMO_LOGINS)
        for username, role, team in DEMO_LOGINS:
            self.stdout.write(f"  {username.ljust(width)}  {role}, {team}")
        self.stdout.write("")
