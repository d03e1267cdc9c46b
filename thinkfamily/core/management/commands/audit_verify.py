import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thinkfamily.core.audit_chain import CHAINED_FIELDS, GENESIS, first_break
from thinkfamily.core.models import AuditCheckpoint, AuditEvent


class Command(BaseCommand):
    help = (
        "Walk the audit chain and exit non-zero, naming the first bad event, when any row has been "
        "altered or removed behind the application's back. By default the walk starts at the last "
        "verified checkpoint (the head an earlier run found intact, which must still carry the same "
        "hash), so a daily check reads only the events since; --full walks from the first event. "
        "Prints the head of the chain, which can be kept elsewhere (--head) so that removing the "
        "newest events is detected too, and the rate of the walk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--head", help="a head hash printed by an earlier run, which must still be in the chain")
        parser.add_argument("--full", action="store_true",
                            help="walk the whole chain from its first event, not from the last checkpoint")

    def handle(self, *args, head=None, full=False, **options):
        checkpoint = None if full else AuditCheckpoint.objects.order_by("-sequence", "-pk").first()
        if checkpoint is not None:
            _check_checkpoint(checkpoint)
        after_sequence, after_hash = (checkpoint.sequence, checkpoint.hash) if checkpoint else (0, GENESIS)
        events = AuditEvent.objects.filter(sequence__gt=after_sequence).order_by("sequence")
        started = time.perf_counter()
        walk = _Walk(_Row(values) for values in events.values_list(*_Row.__slots__).iterator(chunk_size=5000))
        problem = first_break(walk, after_sequence=after_sequence, after_hash=after_hash)
        seconds = time.perf_counter() - started
        if problem:
            raise CommandError(f"Audit chain broken: {problem}.")
        if head and not AuditEvent.objects.filter(hash=head).exists():
            raise CommandError(f"Audit chain broken: the earlier head {head} is no longer in the chain.")
        # The checkpoint is the last event this run walked, never the table's head read
        # afterwards: events appended while the walk ran are left for the next run to check.
        if walk.last is not None:
            AuditCheckpoint.objects.create(
                sequence=walk.last[0], hash=walk.last[1], full=checkpoint is None, events_checked=walk.count,
                seconds=seconds, verified_at=timezone.now(),  # wall clock: when the check really ran
            )
        count, head_hash = walk.last or (after_sequence, after_hash if checkpoint else "(empty)")
        rate = f"{walk.count / seconds:,.0f} events/s" if seconds > 0 and walk.count else "nothing to walk"
        walked = (f"from checkpoint #{after_sequence}" if checkpoint else "the whole chain")
        self.stdout.write(f"Audit chain intact: {count} events, head {head_hash}")
        self.stdout.write(f"Checked {walk.count} events ({walked}) in {seconds:.2f} s: {rate}")


class _Row:
    """One event as the walk reads it: its columns as a tuple, not a model instance (the walk
    of ten million events spends a third less time this way). ``pk`` is the row's id."""

    __slots__ = ("pk", "previous_hash", "hash", *CHAINED_FIELDS)

    def __init__(self, values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


class _Walk:
    """The events walked: how many, and the (sequence, hash) of the last one."""

    def __init__(self, rows):
        self._rows, self.count, self.last = rows, 0, None

    def __iter__(self):
        for row in self._rows:
            self.count += 1
            self.last = (row.sequence, row.hash)
            yield row


def _check_checkpoint(checkpoint) -> None:
    """The event at the checkpoint must still be there, with the hash it had when verified."""
    verified = f"{checkpoint.verified_at:%Y-%m-%d %H:%M}"
    found = AuditEvent.objects.filter(sequence=checkpoint.sequence).values_list("hash", flat=True).first()
    if found is None:
        raise CommandError(
            f"Audit chain broken: event #{checkpoint.sequence}, verified intact on {verified}, is missing. "
            "Run audit_verify --full to find the first break."
        )
    if found != checkpoint.hash:
        raise CommandError(
            f"Audit chain broken: event #{checkpoint.sequence} no longer carries the hash verified on {verified}: "
            "the chain up to it has been rewritten. Run audit_verify --full to find the first break."
        )
