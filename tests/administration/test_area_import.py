"""Onboarding an area from CSV files (issue 12, R10.1): every row checked first, problems
named by file, row and column, all or nothing, and a re-run changes nothing. The sample
files in docs/import/samples/ are the ones the documentation describes."""

import shutil
from pathlib import Path

import nhs_number
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import PractitionerFactory
from thinkfamily.administration import imports
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service, Team
from thinkfamily.people.models import Person

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "import" / "samples"
FILES = ["organisations.csv", "teams.csv", "staff.csv", "people.csv"]


def _counts():
    return (Organisation.objects.count(), Service.objects.count(), Team.objects.count(),
            Practitioner.objects.count(), Person.objects.count(), CaseloadMembership.objects.count())


def _samples(tmp_path, **replace):
    """The sample files copied to ``tmp_path``, with ``replace`` = {file: (old, new)} applied."""
    paths = []
    for name in FILES:
        path = tmp_path / name
        shutil.copy(SAMPLES / name, path)
        if name in replace:
            old, new = replace[name]
            content = path.read_text(encoding="utf-8")
            assert old in content
            path.write_text(content.replace(old, new, 1), encoding="utf-8")
        paths.append(str(path))
    return paths


def _sources(*names, **data):
    return [imports.Source(name=name, data=data.get(name.split(".")[0], (SAMPLES / name).read_bytes()))
            for name in names]


def test_the_sample_people_have_synthetic_nhs_numbers():
    content = (SAMPLES / "people.csv").read_text(encoding="utf-8").splitlines()[1:]
    numbers = [line.split(",")[0].replace(" ", "") for line in content]
    assert numbers and all(nhs_number.REGION_SYNTHETIC.contains_number(n) for n in numbers)


@pytest.mark.req("R10.1")
def test_the_sample_area_imports_and_a_second_run_writes_nothing(db, capsys):
    call_command("import_area", *[str(SAMPLES / name) for name in reversed(FILES)])  # any order
    assert "Organisations: 4 added" in capsys.readouterr().out
    trust = Organisation.objects.get(code="XRT01")
    assert set(trust.commissioned_by.values_list("code", flat=True)) == {"QYG", "XLA01"}
    hana = Practitioner.objects.get(username="h.ahmed")
    assert hana.team.name == "Northfield health visiting team" and hana.role == Practitioner.Role.HEALTH_VISITOR
    assert not hana.has_usable_password()  # given a password by the administrator, not by the file
    ava = Person.objects.get(nhs_number="9151104547")
    place = CaseloadMembership.objects.get(person=ava)
    assert (place.practitioner, place.team, str(place.start_date)) == (hana, hana.team, "2024-02-25")
    grace = Person.objects.get(given_name="Grace")
    assert CaseloadMembership.objects.get(person=grace).practitioner is None  # the team's caseload
    assert Practitioner.objects.get(username="a.grant").role == Practitioner.Role.LOCAL_ADMINISTRATOR
    created = AuditEvent.objects.filter(action="create", actor_username="system")
    assert created.filter(object_type="people.Person").count() == 6
    assert created.filter(object_type="organisations.CaseloadMembership").count() == 6

    counts, events = _counts(), AuditEvent.objects.count()
    assert counts == (4, 7, 7, 7, 6, 6)
    call_command("import_area", *[str(SAMPLES / name) for name in FILES])
    assert _counts() == counts
    assert AuditEvent.objects.count() == events  # nothing written, so nothing audited
    assert "Organisations: 0 added, 0 changed, 4 already as in the file" in capsys.readouterr().out


@pytest.mark.req("R10.1")
def test_one_bad_row_writes_nothing_and_names_the_file_row_and_column(db, tmp_path):
    paths = _samples(tmp_path, **{"people.csv": ("946 358 2495,Ruby,,Hughes,2023-09-05",
                                                 "946 358 2496,Ruby,,Hughes,2023-09-05")})
    before, events = _counts(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_area", *paths)
    assert _counts() == before == (0, 0, 0, 0, 0, 0)
    assert AuditEvent.objects.count() == events
    result = imports.import_area(Auditor.system("test"), [
        imports.Source(name=Path(p).name, data=Path(p).read_bytes()) for p in paths
    ])
    assert [str(p) for p in result.problems] == [
        "people.csv, row 4, column ‘nhs_number’: This is not a valid NHS number: the check digit does not match. "
        "Check each digit against the source document."
    ]
    assert not result.written and _counts() == before


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("file,old,new,expected", [
    ("staff.csv", "s.khan,Sana,Khan,School nurse", "s.khan,Sana,Khan,Ship's captain",
     "staff.csv, row 4, column ‘role’: ‘Ship's captain’ is not a role this service knows"),
    ("people.csv", "2016-04-18", "31/02/2016",
     "people.csv, row 5, column ‘date_of_birth’: Date of birth must be a real date"),
    ("people.csv", "2025-01-20,child", "1850-01-20,child",
     "people.csv, row 6, column ‘date_of_birth’: Date of birth: the year must be between 1900 and 2099."),
    ("teams.csv", "XGP01,General practice", "XGP99,General practice",
     "teams.csv, row 7, column ‘organisation_code’: No organisation has the code XGP99"),
    ("organisations.csv", ",QYG;XLA01", ",QYG;NOPE",
     "organisations.csv, row 4, column ‘commissioned_by’: No organisation has the code NOPE"),
    ("people.csv", "Ruby,,Hughes", "Ru\u202eby,,Hughes",
     "people.csv, row 4, column ‘given_name’: Given name contains a hidden character"),
    ("people.csv", "Northfield school nursing team,s.khan", "Northfield school nursing team,h.ahmed",
     "people.csv, row 5, column ‘practitioner_username’: Hana Ahmed works in Northfield health visiting team"),
    ("staff.csv", "r.lee,Rosa", "r lee!,Rosa",
     "staff.csv, row 7, column ‘username’: Enter a valid username"),
])
def test_each_kind_of_bad_value_is_named_in_words_with_its_row_and_column(db, tmp_path, file, old, new, expected):
    paths = _samples(tmp_path, **{file: (old, new)})
    result = imports.import_area(Auditor.system("test"), [
        imports.Source(name=Path(p).name, data=Path(p).read_bytes()) for p in paths
    ])
    assert any(str(p).startswith(expected) for p in result.problems), [str(p) for p in result.problems]
    assert not result.written and _counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.req("R10.1")
@pytest.mark.parametrize("data,expected", [
    (b"", "organisations.csv: The file is empty. It needs a header row"),
    ("code,name,kind\nX1,Caf\u00e9 Trust,NHS trust\n".encode("latin-1"),
     "organisations.csv: The file is not saved as UTF-8 text. In Excel, use Save As"),
    (b"code,nom,kind,colour\nX1,Trust,NHS trust,blue\n",
     "organisations.csv, row 1: The header row has no column name."),
    (b"code,name,kind\n", "organisations.csv: The file has a header row but no rows under it."),
    (b"code,name,kind\nX1,Trust\n", "organisations.csv, row 2: The row has 2 values but the header has 3 columns."),
])
def test_a_file_that_is_not_the_csv_described_is_refused_clearly(db, data, expected):
    result = imports.import_area(Auditor.system("test"), [imports.Source("organisations.csv", data)])
    assert str(result.problems[0]).startswith(expected), [str(p) for p in result.problems]
    assert not result.written and Organisation.objects.count() == 0


def test_a_file_whose_name_says_nothing_is_refused(db):
    result = imports.import_area(Auditor.system("test"), [imports.Source("export (3).csv", b"code,name,kind\n")])
    assert "name it organisations.csv" in str(result.problems[0])


def test_check_only_writes_nothing(db):
    result = imports.import_area(Auditor.system("test"), _sources(*FILES), check_only=True)
    assert result.ok and not result.written
    assert "Organisations: 4 added, 0 changed, 0 already as in the file" in result.summary()
    assert _counts() == (0, 0, 0, 0, 0, 0)


# The upload page ----------------------------------------------------------------------------


def _uploads(**override):
    return {name.split(".")[0]: SimpleUploadedFile(name, override.get(name, (SAMPLES / name).read_bytes()),
                                                   content_type="text/csv")
            for name in FILES}


@pytest.mark.req("R10.1")
def test_the_administrator_checks_then_imports_the_files_on_the_upload_page(client, db):
    admin = PractitionerFactory(username="admin", team=None, role=Practitioner.Role.LOCAL_ADMINISTRATOR)
    client.force_login(admin)
    checked = client.post(reverse("administration:import"), _uploads() | {"action": "check"})
    assert checked.status_code == 200
    assert "Every row is correct" in checked.content.decode(), checked.content.decode()
    assert _counts() == (0, 0, 0, 1, 0, 0)
    imported = client.post(reverse("administration:import"), _uploads() | {"action": "import"}, follow=True)
    assert "The files have been imported" in imported.content.decode()
    assert _counts() == (4, 7, 7, 8, 6, 6)  # the administrator and the 7 staff of the file
    assert AuditEvent.objects.filter(action="create", actor=admin, object_type="people.Person").count() == 6

    bad = (SAMPLES / "teams.csv").read_text(encoding="utf-8").replace("Safeguarding team", "Spaceport")
    refused = client.post(reverse("administration:import"),
                          _uploads(**{"teams.csv": bad.encode()}) | {"action": "import"})
    page = refused.content.decode()
    assert "Nothing was imported: 2 problems to correct" in page
    assert "teams.csv, row 4, column ‘service_kind’: ‘Spaceport’ is not a kind of service" in page


@pytest.mark.req("R10.1")
def test_the_upload_page_and_the_import_are_refused_to_anyone_else(client, health_visitor):
    client.force_login(health_visitor)
    before = AuditEvent.objects.filter(action="refused").count()
    response = client.post(reverse("administration:import"), _uploads() | {"action": "import"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="refused").count() == before + 1
    assert not Organisation.objects.filter(code="XRT01").exists()
    with pytest.raises(Exception, match="Only a local administrator"):
        imports.import_area(Auditor(actor=health_visitor), _sources(*FILES))
