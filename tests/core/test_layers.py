"""The layers contract in `make lint` (.importlinter, docs/adr/0014-where-code-lives.md) fails
the build on a wrong-way import: shown on a copy of the code with one such import added."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    shutil.copytree(ROOT / "thinkfamily", tmp_path / "thinkfamily",
                    ignore=shutil.ignore_patterns("migrations", "templates", "static", "__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_code_keeps_the_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("core/clock.py", "flags.models"),  # the shared kernel reaching up to a capability
        ("people/models.py", "lac.models"),  # a person's rows knowing the children-in-care pipeline
        ("people/models.py", "access.scoping"),  # the record below the access rules that scope it
        ("organisations/models.py", "caseloads.services"),  # a model calling a service above it
        ("flags/services.py", "referrals.models"),  # two capabilities are siblings
        ("people/services/births.py", "lac.models"),  # a service in a folder calling a capability above it
        ("lac/queries/dashboard.py", "home.queries"),  # a capability's reads reaching a composed page
        ("lac/services/pipeline.py", "legal_status.services"),  # a capability calling the work above it
        ("appointments/models.py", "lac.models"),  # an appointment knowing it is a health assessment (ADR 0015)
        ("referrals/models.py", "casenotes.models"),  # a concern knowing the note it was written in
    ],
)
def test_a_wrong_way_import_breaks_the_build(copy_of_the_code, module, imported):
    path = copy_of_the_code / "thinkfamily" / module
    package, name = imported.split(".")
    path.write_text(path.read_text(encoding="utf-8") + f"\nfrom thinkfamily.{package} import {name}  # noqa\n",
                    encoding="utf-8")

    result = lint_imports(copy_of_the_code)

    importer = module.split("/")[0]
    assert result.returncode == 1
    assert f"thinkfamily.{importer} is not allowed to import thinkfamily.{package}" in result.stdout
    assert "0 kept, 1 broken" in result.stdout
