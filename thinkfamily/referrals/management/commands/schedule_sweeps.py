"""Make sure the deadline sweeps are scheduled in the task queue: exactly one run waiting.
Run when the server starts (scripts/serve.sh); safe to run at any time, any number of times."""

from django.core.management.base import BaseCommand

from thinkfamily.referrals.tasks import ensure_scheduled


class Command(BaseCommand):
    help = "Schedule the deadline sweeps (reminders, escalations, outcome chases) unless already scheduled."

    def handle(self, *args, **options):
        result = ensure_scheduled()
        if result is None:
            self.stdout.write("Deadline sweeps are already scheduled.")
        else:
            self.stdout.write(f"Deadline sweeps scheduled (task {result.id}).")
