"""Onboarding an area from CSV files (issue 12, R10.1): organisations, services and teams,
staff, and people with their caseloads. The formats are in docs/import.md; samples in
docs/import/samples/.

- Every row of every file is checked, and every problem is listed by file, row (as a
  spreadsheet numbers it: the header is row 1) and column, in words the person preparing the
  file can act on.
- Either every row is written or none: the whole import is one transaction, rolled back if
  any row has a problem (``check_only`` always rolls back).
- A re-run of the same files changes nothing: rows are matched by their natural keys (an
  organisation's code, a service's name within its organisation, a team's name within its
  service, a practitioner's username, a person's NHS number) and only what differs is written.

The writes go through the services that own them (administration.staff, people.services
.register_person), each audited; a caseload place is written here, audited.

Files are read in the order organisations, teams, staff, people, whatever order they are
given in, so that each can name what the one before it adds."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thinkfamily.administration import staff
from thinkfamily.core import clock, nhs_numbers
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import EARLIEST_YEAR, LATEST_YEAR
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service, Team
from thinkfamily.people.models import Person, Sex
from thinkfamily.people.services import persons as people_services

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Format:
    kind: str
    file_name: str
    required: tuple
    optional: tuple = ()

    @property
    def columns(self) -> tuple:
        return self.required + self.optional


FORMATS = {
    "organisations": Format(
        "organisations", "organisations.csv", ("code", "name", "kind"),
        ("phone", "out_of_hours_phone", "address", "commissioned_by"),
    ),
    "teams": Format(
        "teams", "teams.csv", ("organisation_code", "service_kind", "service_name", "team_name"),
        ("team_phone", "team_email", "service_site", "service_phone"),
    ),
    "staff": Format(
        "staff", "staff.csv", ("username", "first_name", "last_name", "role", "organisation_code", "team_name"),
        ("job_title", "email", "phone"),
    ),
    "people": Format(
        "people", "people.csv",
        ("nhs_number", "given_name", "family_name", "date_of_birth", "kind", "organisation_code", "caseload_team",
         "start_date"),
        ("middle_names", "sex", "practitioner_username"),
    ),
}
ORDER = list(FORMATS)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        if not self.file:
            return self.message
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column ‘{self.column}’"
        return f"{where}: {self.message}"


@dataclass
class Result:
    problems: list = field(default_factory=list)
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    written: bool = False

    def count(self, bucket: str, what: str) -> None:
        target = getattr(self, bucket)
        target[what] = target.get(what, 0) + 1

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        lines = []
        for what in ["organisations", "services", "teams", "staff", "people", "caseload places"]:
            c, u, n = self.created.get(what, 0), self.updated.get(what, 0), self.unchanged.get(what, 0)
            if c or u or n:
                lines.append(f"{what.capitalize()}: {c} added, {u} changed, {n} already as in the file")
        return lines


@dataclass
class Source:
    """One uploaded or named file: its name as the person knows it, and its bytes."""

    name: str
    data: bytes
    kind: str | None = None


class _Rollback(Exception):
    pass


def kind_of(file_name: str) -> str | None:
    """The kind of file a name says (organisations.csv, teams.csv, staff.csv, people.csv;
    a prefix or suffix such as area-staff.csv is fine)."""
    stem = re.sub(r"\.csv$", "", file_name.rsplit("/", 1)[-1].lower())
    found = [kind for kind in ORDER if kind in stem]
    return found[0] if len(found) == 1 else None


# Reading the files -----------------------------------------------------------------------------


def read_rows(source: Source, fmt: Format, problems: list) -> list[tuple[int, dict]]:
    """The rows of a CSV file as (row number, values by column), or [] with the problems
    found in the file as a whole (not UTF-8, empty, wrong header)."""
    name = source.name

    def problem(message, row=None, column=None):
        problems.append(Problem(name, row, column, message))
        return []

    if len(source.data) > MAX_FILE_BYTES:
        return problem(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Split it into smaller files.")
    try:
        content = source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return problem(
            "The file is not saved as UTF-8 text. In Excel, use Save As and choose ‘CSV UTF-8 (Comma delimited)’; "
            "in other programs, choose the UTF-8 encoding when saving as CSV."
        )
    if not content.strip():
        return problem(f"The file is empty. It needs a header row naming the columns: {', '.join(fmt.required)}.")
    if "\x00" in content:
        return problem("The file contains a NUL character: it is not a text file. Save it again as CSV.")
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        return problem(f"The header row could not be read as CSV ({error}).", row=1)
    header = [column.strip().lower() for column in header]
    missing = [column for column in fmt.required if column not in header]
    unknown = [column for column in header if column and column not in fmt.columns]
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if missing:
        problem(f"The header row has no column {', '.join(missing)}. The columns of {fmt.file_name} are: "
                f"{', '.join(fmt.required)} (and, if you have them, {', '.join(fmt.optional)}).", row=1)
    if unknown:
        problem(f"The header row has columns this import does not know: {', '.join(unknown)}. Check their spelling "
                f"against docs/import.md, or remove them.", row=1)
    if duplicated:
        problem(f"The header row names {', '.join(duplicated)} more than once.", row=1)
    if missing or unknown or duplicated:
        return []
    rows = []
    try:
        for values in reader:
            number = reader.line_num
            if not any(value.strip() for value in values):
                continue  # a blank line (a spreadsheet's trailing rows)
            if len(values) != len(header):
                problem(f"The row has {len(values)} values but the header has {len(header)} columns. A value with a "
                        "comma in it must be in double quotes.", row=number)
                continue
            rows.append((number, {column: value.strip() for column, value in zip(header, values, strict=True)
                                  if column}))
            if len(rows) > MAX_ROWS:
                return problem(f"The file has more than {MAX_ROWS} rows. Split it into smaller files.")
    except csv.Error as error:
        problem(f"The file could not be read as CSV after row {reader.line_num} ({error}).")
    if not rows and not problems:
        problem("The file has a header row but no rows under it.")
    return rows


def _choice(value: str, choices, *, what: str) -> str:
    """A choice by its code or its label, in any case."""
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in {code.lower(), label.lower()}:
            return code
    listed = "; ".join(label for _, label in choices)
    raise ValueError(f"‘{value}’ is not a {what} this service knows. Use one of: {listed}.")


def _date(value: str, label: str) -> datetime.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            raise ValueError(f"{label}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        return parsed
    raise ValueError(f"{label} must be a real date, written like 2019-03-27 or 27/03/2019.")


# Writing ----------------------------------------------------------------------------------------

# Model field -> column, so that a model's ValidationError names the column of the file.
COLUMN_FOR = {
    "organisations": {"commissioned_by": "commissioned_by"},
    "teams": {},
    "staff": {"team": "team_name"},
    "people": {},
}


class _RowProblem(Exception):
    def __init__(self, column, message):
        self.column, self.message = column, message
        super().__init__(message)


def _from_validation_error(error: ValidationError, columns: dict) -> list[tuple[str | None, str]]:
    if hasattr(error, "error_dict"):
        found = []
        for name, errors in error.error_dict.items():
            column = None if name == "__all__" else columns.get(name, name)
            for message in ValidationError(errors).messages:
                found.append((column, message))
        return found
    return [(None, message) for message in error.messages]


class _Importer:
    def __init__(self, auditor: Auditor, result: Result):
        self.auditor = auditor
        self.result = result
        self.commissioning = []  # (file, row, organisation, [codes])

    def row(self, source_name, kind, number, values, handler):
        """Run one row's writes in a savepoint; a problem goes into the result, the savepoint
        is rolled back and the import goes on to check the next row."""
        columns = COLUMN_FOR[kind]
        try:
            with transaction.atomic():
                handler(values, source_name, number)
        except _RowProblem as problem:
            self.result.problems.append(Problem(source_name, number, problem.column, problem.message))
        except ValueError as error:  # a value that could not be read (a date, a choice)
            self.result.problems.append(Problem(source_name, number, getattr(error, "column", None), str(error)))
        except ValidationError as error:
            for column, message in _from_validation_error(error, columns):
                self.result.problems.append(Problem(source_name, number, column, message))
        except IntegrityError:
            self.result.problems.append(Problem(
                source_name, number, None, "This row clashes with another row or with what is already recorded."
            ))

    # organisations.csv
    def organisation(self, values, source_name, number):
        kind = _in_column("kind", lambda: _choice(values["kind"], Organisation.Kind.choices,
                                                  what="kind of organisation"))
        fields = {
            "code": values["code"], "name": values["name"], "kind": kind,
            "phone": values.get("phone", ""), "out_of_hours_phone": values.get("out_of_hours_phone", ""),
            "address": values.get("address", ""),
        }
        if not fields["code"]:
            raise _RowProblem("code", "Enter the organisation's code (its ODS code, or a code of your own).")
        if not fields["name"]:
            raise _RowProblem("name", "Enter the organisation's name.")
        existing = Organisation.objects.filter(code__iexact=fields["code"]).first()
        if existing is None:
            organisation = staff.add_organisation(self.auditor, **fields)
            self.result.count("created", "organisations")
        else:
            organisation = existing
            fields["code"] = existing.code
            changed = staff.update_organisation(self.auditor, existing, **fields)
            self.result.count("updated" if changed else "unchanged", "organisations")
        codes = [code.strip() for code in values.get("commissioned_by", "").split(";") if code.strip()]
        self.commissioning.append((source_name, number, organisation, codes))

    def commissioners(self):
        for source_name, number, organisation, codes in self.commissioning:
            def handler(values, source_name, number, organisation=organisation, codes=codes):
                wanted_codes = {code.lower() for code in codes}
                found = {o.code.lower(): o for o in Organisation.objects.all() if o.code.lower() in wanted_codes}
                unknown = [code for code in codes if code.lower() not in found]
                if unknown:
                    raise _RowProblem("commissioned_by", f"No organisation has the code {', '.join(unknown)}: add it "
                                      "to organisations.csv, or correct the code. Separate codes with ‘;’.")
                wanted = {found[code.lower()] for code in codes}
                current = set(organisation.commissioned_by.all())
                if wanted - current:
                    staff.update_organisation(self.auditor, organisation, commissioned_by=current | wanted)
            self.row(source_name, "organisations", number, {}, handler)

    # teams.csv
    def team(self, values, source_name, number):
        organisation = _organisation(values["organisation_code"])
        kind = _in_column("service_kind", lambda: _choice(values["service_kind"], Service.Kind.choices,
                                                          what="kind of service"))
        if not values["service_name"]:
            raise _RowProblem("service_name", "Enter the name of the service.")
        if not values["team_name"]:
            raise _RowProblem("team_name", "Enter the name of the team.")
        service_fields = {"kind": kind, "name": values["service_name"]}
        for column, name in [("service_site", "site"), ("service_phone", "phone")]:
            if column in values:
                service_fields[name] = values[column]
        service = Service.objects.filter(organisation=organisation, name__iexact=values["service_name"]).first()
        if service is None:
            service = _in_columns({"name": "service_name", "kind": "service_kind", "site": "service_site",
                                   "phone": "service_phone"},
                                  lambda: staff.add_service(self.auditor, organisation, **service_fields))
            self.result.count("created", "services")
        elif service.kind != kind:
            raise _RowProblem("service_kind", f"{organisation.name}'s service {service.name} is recorded as "
                              f"{service.get_kind_display()}, not {Service.Kind(kind).label}. Check which is right.")
        team_fields = {"name": values["team_name"]}
        for column, name in [("team_phone", "phone"), ("team_email", "email")]:
            if column in values:
                team_fields[name] = values[column]
        team_columns = {"name": "team_name", "phone": "team_phone", "email": "team_email"}
        team = Team.objects.filter(service=service, name__iexact=values["team_name"]).first()
        if team is None:
            _in_columns(team_columns, lambda: staff.add_team(self.auditor, service, **team_fields))
            self.result.count("created", "teams")
        else:
            team_fields["name"] = team.name
            changed = _in_columns(team_columns, lambda: staff.update_team(self.auditor, team, **team_fields))
            self.result.count("updated" if changed else "unchanged", "teams")

    # staff.csv
    def practitioner(self, values, source_name, number):
        team = _team(values["organisation_code"], values["team_name"], "team_name")
        role = _in_column("role", lambda: _choice(values["role"], Practitioner.Role.choices, what="role"))
        fields = {
            "first_name": values["first_name"], "last_name": values["last_name"], "role": role, "team": team,
            "job_title": values.get("job_title", ""), "phone": values.get("phone", ""),
            "email": values.get("email", ""),
        }
        if not values["username"]:
            raise _RowProblem("username", "Enter the username they will sign in with.")
        existing = Practitioner.objects.filter(username__iexact=values["username"]).first()
        if existing is None:
            staff.add_practitioner(self.auditor, username=values["username"], **fields)
            self.result.count("created", "staff")
            return
        if not existing.is_active:
            raise _RowProblem("username", f"{existing.display_name} ({existing.username}) has left: their account "
                              "is closed. Give a new member of staff a new username.")
        names = {"first_name": existing.first_name, "last_name": existing.last_name}
        if any(fields[name].lower() != names[name].lower() for name in names):
            raise _RowProblem("username", f"This username belongs to {existing.display_name}, not "
                              f"{fields['first_name']} {fields['last_name']}. Check the username.")
        placement = {name: fields[name] for name in staff.PLACEMENT_FIELDS}
        changed = staff.change_placement(self.auditor, existing, **placement)
        self.result.count("updated" if changed else "unchanged", "staff")

    # people.csv
    def person(self, values, source_name, number):
        try:
            nhs_number = nhs_numbers.validate(values["nhs_number"])
        except ValidationError as error:
            raise _RowProblem("nhs_number", " ".join(error.messages)) from None
        kind = _in_column("kind", lambda: _choice(values["kind"], [(Person.Kind.CHILD, "child"),
                                                                   (Person.Kind.ADULT, "adult")],
                                                  what="kind of person"))
        born = _in_column("date_of_birth", lambda: _date(values["date_of_birth"], "Date of birth"))
        start = _in_column("start_date", lambda: _date(values["start_date"], "Start date"))
        sex = Sex.NOT_KNOWN
        if values.get("sex"):
            sex = _in_column("sex", lambda: _choice(values["sex"], Sex.choices, what="sex"))
        team = _team(values["organisation_code"], values["caseload_team"], "caseload_team")
        practitioner = None
        if values.get("practitioner_username"):
            practitioner = Practitioner.objects.filter(username__iexact=values["practitioner_username"]).first()
            if practitioner is None:
                raise _RowProblem("practitioner_username", f"No member of staff has the username "
                                  f"{values['practitioner_username']}: add them to staff.csv, or leave this empty "
                                  "for the team's caseload.")
            if not practitioner.is_active:
                raise _RowProblem("practitioner_username", f"{practitioner.display_name} has left.")
            if practitioner.team_id != team.pk:
                raise _RowProblem("practitioner_username", f"{practitioner.display_name} works in "
                                  f"{practitioner.team.name if practitioner.team_id else 'no team'}, not {team.name}.")
        if start > clock.today():
            raise _RowProblem("start_date", "Start date must be today or in the past.")
        if start < born:
            raise _RowProblem("start_date", "Start date must be on or after the date of birth.")
        person = Person.objects.filter(nhs_number=nhs_number).first()
        if person is None:
            fields = {"kind": kind, "nhs_number": nhs_number, "given_name": values["given_name"],
                      "middle_names": values.get("middle_names", ""), "family_name": values["family_name"],
                      "date_of_birth": born, "sex": sex}
            person = people_services.register_person(self.auditor, **fields)
            self.result.count("created", "people")
        else:
            same = (person.given_name.lower() == values["given_name"].lower()
                    and person.family_name.lower() == values["family_name"].lower() and person.date_of_birth == born)
            if not same:
                raise _RowProblem("nhs_number", "A record with this NHS number is already held for someone whose "
                                  "name or date of birth differ from this row. Check the NHS number against the "
                                  "source; correct the record on its page if the record is wrong.")
            self.result.count("unchanged", "people")
        open_place = CaseloadMembership.objects.filter(person=person, team=team, practitioner=practitioner,
                                                       end_date__isnull=True)
        if open_place.exists():
            self.result.count("unchanged", "caseload places")
            return
        membership = CaseloadMembership(person=person, team=team, practitioner=practitioner, start_date=start)
        membership.full_clean()
        membership.save()
        self.auditor.create(membership, ["person", "team", "start_date", *(["practitioner"] if practitioner else [])],
                            subject=person)
        self.result.count("created", "caseload places")


def _in_column(column, read):
    try:
        return read()
    except ValueError as error:
        raise _RowProblem(column, str(error)) from None


def _in_columns(columns: dict, write):
    """Call a service, naming the file's columns in what it refuses."""
    try:
        return write()
    except ValidationError as error:
        problems = _from_validation_error(error, columns)
        column, message = problems[0]
        if len(problems) > 1:
            message = " ".join(m for _, m in problems)
        raise _RowProblem(column, message) from None


def _organisation(code: str) -> Organisation:
    if not code:
        raise _RowProblem("organisation_code", "Enter the code of the organisation.")
    found = Organisation.objects.filter(code__iexact=code).first()
    if found is None:
        raise _RowProblem("organisation_code", f"No organisation has the code {code}: add it to organisations.csv, "
                          "or correct the code.")
    return found


def _team(code: str, name: str, column: str) -> Team:
    organisation = _organisation(code)
    if not name:
        raise _RowProblem(column, "Enter the name of the team.")
    found = list(Team.objects.filter(service__organisation=organisation, name__iexact=name).select_related("service"))
    if not found:
        raise _RowProblem(column, f"{organisation.name} has no team called {name}: add it to teams.csv, or correct "
                          "the name.")
    if len(found) > 1:
        raise _RowProblem(column, f"{organisation.name} has more than one team called {name} (in "
                          f"{', '.join(t.service.name for t in found)}). Rename one of them.")
    return found[0]


# The import ----------------------------------------------------------------------------------


def import_area(auditor: Auditor, sources: list[Source], *, check_only: bool = False) -> Result:
    """Check every row of ``sources`` and, if none has a problem and not ``check_only``,
    write them all in one transaction; else write nothing. Refused to anyone but a local
    administrator."""
    staff.require_administrator(auditor)
    result = Result()
    by_kind = {}
    for source in sources:
        kind = source.kind or kind_of(source.name)
        if kind is None:
            result.problems.append(Problem(source.name, None, None, "The file's name does not say what it holds: "
                                           "name it organisations.csv, teams.csv, staff.csv or people.csv."))
        elif kind in by_kind:
            result.problems.append(Problem(source.name, None, None, f"Two files of {kind} were given: give one."))
        else:
            by_kind[kind] = source
    if not sources:
        result.problems.append(Problem("", None, None, "Choose at least one file to import."))
    rows = {kind: read_rows(source, FORMATS[kind], result.problems) for kind, source in by_kind.items()}
    if result.problems:
        return result
    importer = _Importer(auditor, result)
    handlers = {"organisations": importer.organisation, "teams": importer.team, "staff": importer.practitioner,
                "people": importer.person}
    try:
        with transaction.atomic():
            for kind in ORDER:
                if kind not in by_kind:
                    continue
                for number, values in rows[kind]:
                    importer.row(by_kind[kind].name, kind, number, values, handlers[kind])
                if kind == "organisations":
                    importer.commissioners()
            if result.problems or check_only:
                raise _Rollback
    except _Rollback:
        result.written = False
    else:
        result.written = True
    result.problems.sort(key=lambda p: (ORDER.index(by_kind_of(p.file, by_kind)), p.row or 0))
    return result


def by_kind_of(file_name: str, by_kind: dict) -> str:
    return next((kind for kind, source in by_kind.items() if source.name == file_name), ORDER[0])
