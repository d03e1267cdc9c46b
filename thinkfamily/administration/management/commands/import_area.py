from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thinkfamily.administration import imports
from thinkfamily.core.audit import Auditor


class Command(BaseCommand):
    help = (
        "Import an area from CSV files (docs/import.md): organisations.csv, teams.csv, staff.csv and people.csv, "
        "named so (a prefix or suffix is fine), in any order. Every row is checked first; if any row has a problem "
        "nothing is written and every problem is listed by file, row and column. Importing the same files again "
        "changes nothing. Audited. New staff cannot sign in until given a password: "
        "manage.py reset_password <username>, or the administrator's staff page."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="the CSV files")
        parser.add_argument("--check", action="store_true", help="check every row and write nothing")

    def handle(self, *args, files, check, **options):
        sources = []
        for name in files:
            path = Path(name)
            try:
                sources.append(imports.Source(name=path.name, data=path.read_bytes()))
            except OSError as error:
                raise CommandError(f"{name} cannot be read: {error.strerror}.") from error
        auditor = Auditor.command("Area import", "import_area")
        result = imports.import_area(auditor, sources, check_only=check)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was imported: {len(result.problems)} problem(s) to correct.")
        for line in result.summary():
            self.stdout.write(line)
        self.stdout.write("Every row is correct; nothing was written (--check)." if check else "Imported.")
