#!/usr/bin/env python
"""Fail when a view module reaches personal data around the access layer.

Views must reach people and their records through thinkfamily.access.scoping
(AccessScope), which applies the legitimate-relationship rules and audits the access.
This lint reads every views module under thinkfamily/ (except the access package, which
is that layer) and reports any use of a personal-data model's manager
(``Person.objects``, ``Relationship._default_manager``...) or of
``get_object_or_404``/``get_list_or_404`` on one. Run by `make test`.

Modelled on manage-breast-screening's scripts/lint_model_usage_in_views.py."""

import ast
import sys
from pathlib import Path

PERSONAL_DATA_MODELS = {
    "Person",
    "PersonRevision",
    "Relationship",
    "ParentalResponsibility",
    "Household",
    "HouseholdMembership",
    "SchoolEnrolment",
    "GPRegistration",
    "LegalStatusEntry",
    "CaseNote",
    "CaseNoteShare",
    "CaseloadMembership",
    "EpisodeOfCare",
    "AuditEvent",
    "Notification",
    "Event",
    "Concern",
    "Referral",
    "ReferralStatus",
    "DischargeOverride",
    "InformationRequest",
    "InformationResponse",
    "HealthAssessment",
    "AssessmentStep",
    "UASCAssessment",
    "HealthPlan",
    "HealthPlanAction",
    "SDQScore",
    "FamilyHealthHistory",
    "Immunisation",
    "HealthCondition",
    "HealthPassport",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
EXEMPT = ("thinkfamily/access/",)


def problems_in(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in PERSONAL_DATA_MODELS
        ):
            found.append(
                f"{filename}:{node.lineno}: {node.value.id}.{node.attr} used in a view; "
                "reach personal data through thinkfamily.access.scoping.AccessScope"
            )
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name) and first.id in PERSONAL_DATA_MODELS:
                found.append(
                    f"{filename}:{node.lineno}: {node.func.id}({first.id}) used in a view; "
                    "reach personal data through thinkfamily.access.scoping.AccessScope"
                )
    return found


def view_modules(root: Path):
    for path in sorted(root.glob("thinkfamily/**/*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(EXEMPT):
            continue
        if path.name.endswith("views.py") or path.parent.name == "views":
            yield relative, path


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    problems = []
    for relative, path in view_modules(root):
        problems += problems_in(path.read_text(), relative)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} view(s) reach personal data around the access layer.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
