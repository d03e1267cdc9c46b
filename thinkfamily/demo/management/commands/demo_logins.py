import textwrap

from django.core.management.base import BaseCommand

from thinkfamily.demo import guide
from thinkfamily.demo.area import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = ("Print the demo guide: each demo sign-in, what the role does, which featured people it can open "
            "(asked of the access rules) and the story to try (synthetic data only).")

    def handle(self, *args, **options):
        out = self.stdout
        out.write("")
        out.write("Demo sign-ins (synthetic data only), password for all: " + DEMO_PASSWORD)
        entries = guide.entries()
        if not entries:  # no demo data loaded: the sign-ins alone
            width = max(len(username) for username, *_ in DEMO_LOGINS)
            for username, role, team in DEMO_LOGINS:
                out.write(f"  {username.ljust(width)}  {role}, {team}")
            out.write("")
            return
        for entry in entries:
            out.write("")
            out.write(f"  {entry.username}  {entry.name}: {entry.role}, {entry.team}")
            opens = ", ".join(f"{p.name} ({p.nhs_number})" if p.nhs_number else p.name for p in entry.can_open)
            for paragraph in (entry.does, f"Can open: {opens or 'none of the featured people'}",
                              f"Try: {entry.try_this}"):
                out.write(textwrap.fill(paragraph, 96, initial_indent=" " * 6, subsequent_indent=" " * 8))
        out.write("")
        out.write("The sign-in page shows this guide too.")
        out.write("")
