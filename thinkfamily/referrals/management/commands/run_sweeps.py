"""Run every deadline sweep once, here and now (for cron, or to see what the worker would do)."""

from django.core.management.base import BaseCommand

from thinkfamily.referrals import sweeps


class Command(BaseCommand):
    help = "Run the deadline sweeps once: reminders, escalations of overdue MASH requests, referral outcome chases."

    def handle(self, *args, **options):
        results = sweeps.run_all()
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in results.items()))
