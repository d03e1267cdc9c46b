"""python manage.py seed_demo --children 59300 --seed 1

Creates the area's organisations, teams and demo logins, the contacts directory of those
teams and practitioners (R2.5), then a deterministic synthetic population of that many
children and young people (0-19) with their families (R10.5).

All of it is one transaction: a seed that fails or is killed part-way leaves the database as
it was (empty), never a half-written demo that ``--if-empty`` would then keep."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from thinkfamily.demo.area import DEMO_LOGINS, DEMO_PASSWORD, ensure_area
from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
from thinkfamily.demo.generator.checks import current_status_counts
from thinkfamily.demo.generator.checks import fingerprint as data_fingerprint
from thinkfamily.demo.generator.dates import ANCHOR
from thinkfamily.demo.generator.population import generate
from thinkfamily.organisations import services as organisation_services
from thinkfamily.people.models import LegalStatus, Person


class Command(BaseCommand):
    help = "Create the area's organisations and demo logins, and a deterministic synthetic population."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=300,
                            help="children and young people aged 0-19 to create (the area has about 59,300)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed and size give the same people")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if people already exist")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")
        parser.add_argument("--fingerprint", action="store_true",
                            help="print a sha256 of the generated rows (equal for equal --children and --seed)")

    def handle(self, *args, children, seed, if_empty, no_progress, fingerprint: bool, verbosity, **options):
        if children < 0:
            raise CommandError("--children must be zero or more.")
        started = time.perf_counter()
        with transaction.atomic():
            if Person.objects.exists():
                if if_empty:
                    # A demo database made before the directory existed gets one; otherwise a no-op.
                    contacts = organisation_services.seed_from_area()
                    if verbosity:
                        self.stdout.write("People already exist: seed_demo --if-empty left them as they are.")
                        if contacts:
                            self.stdout.write(f"Contacts directory: {contacts:,} entries added, none verified yet.")
                    return
                # Not "run flush": the audit table is append-only by trigger, so flush is refused once audited.
                raise CommandError(
                    "People already exist in this database. seed_demo builds a demo in an empty database: point "
                    "DATABASE_URL at a new one (or delete the SQLite file and migrate), or pass --if-empty to leave "
                    "the people as they are."
                )
            area = ensure_area()
            written = generate(area, children=children, seed=seed, progress=verbosity > 0 and not no_progress)
            # The directory lists the area's teams and practitioners (after generate, which may add
            # practitioners), unverified: the system knowing a number is not someone having checked it.
            contacts = organisation_services.seed_from_area()
            # Planner statistics for the tables just filled: without them SQLite (``make run``)
            # chooses plans that took minutes for the children-in-care pages at the area's size.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        if verbosity:
            self.report(children, seed, elapsed, written, contacts, fingerprint)

    def report(self, children, seed, elapsed, written, contacts, fingerprint: bool) -> None:
        """What was written, the current legal statuses, the featured people and the demo logins."""
        out = self.stdout
        out.write(self.style.SUCCESS(
            f"Seeded {children:,} children and young people (seed {seed}) in {elapsed:.1f}s "
            f"on {connection.vendor}; dates are relative to {ANCHOR:%-d %B %Y}."
        ))
        out.write("\nRows written:")
        for model, count in written.items():
            out.write(f"  {model:<24} {count:>9,}")
        out.write(f"  {'ContactEntry':<24} {contacts:>9,}  (contacts directory, none verified yet)")
        kinds = {kind: Person.objects.filter(kind=kind).count() for kind in Person.Kind.values}
        out.write("  people by kind: " + ", ".join(f"{kind} {count:,}" for kind, count in kinds.items()))

        counts = current_status_counts()
        per = 10000 / max(kinds.get(Person.Kind.CHILD, 0), 1)
        out.write(f"\nCurrent legal statuses on {ANCHOR:%-d %B %Y} (per 10,000 children):")
        for status in LegalStatus:
            out.write(f"  {status.label:<40} {counts[status.value]:>6,}  ({counts[status.value] * per:.0f})")
            prefix = f"{status.value}:"
            for key in sorted(k for k in counts if k.startswith(prefix)):
                out.write(f"    {key[len(prefix):] or 'no category':<38} {counts[key]:>6,}")

        if fingerprint:
            out.write(f"\nFingerprint: {data_fingerprint()}")

        out.write("\nFeatured people (the same on every seed):")
        for name, number in FEATURED_NHS_NUMBERS.items():
            out.write(f"  {name:<18} {number[:3]} {number[3:6]} {number[6:]}")
        out.write("  Unborn baby Bennett (no NHS number until birth)")

        out.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
        for username, role, team in DEMO_LOGINS:
            out.write(f"  {username:<14} {role:<34} {team}")
