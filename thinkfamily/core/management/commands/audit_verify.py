from django.core.management.base import BaseCommand, CommandError

from thinkfamily.core.audit_chain import first_break
from thinkfamily.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Walk the audit chain and exit non-zero, naming the first bad event, when any row has been "
        "altered or removed behind the application's back. Prints the head of the chain, which can be "
        "kept elsewhere (--head) so that removing the newest events is detected too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--head", help="a head hash printed by an earlier run, which must still be in the chain")

    def handle(self, *args, head=None, **options):
        events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=5000)
        problem = first_break(events)
        if problem:
            raise CommandError(f"Audit chain broken: {problem}.")
        if head and not AuditEvent.objects.filter(hash=head).exists():
            raise CommandError(f"Audit chain broken: the earlier head {head} is no longer in the chain.")
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        count, head_hash = last if last else (0, "(empty)")
        self.stdout.write(f"Audit chain intact: {count} events, head {head_hash}")
