from django.core.management.base import BaseCommand

from thinkfamily.notifications.tasks import sweep


class Command(BaseCommand):
    help = (
        "Run one delivery sweep: send the e-mail alert of every notification that is due (never "
        "handed to the queue, or failed earlier and backed off long enough). Safe to run from cron "
        "or a worker every minute, and from several at once: each row is claimed before it is sent."
    )

    def handle(self, *args, **options):
        outcome = sweep()
        self.stdout.write(
            f"Delivered {outcome['delivered']}, failed {outcome['failed']} (will retry), "
            f"{outcome['waiting']} undelivered in all."
        )
