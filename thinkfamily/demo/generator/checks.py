"""Checking what was written: the current legal statuses counted as the record derives them,
and a fingerprint of every generated row (equal for equal size and seed, on either database)."""

import hashlib
from collections import Counter
from datetime import UTC, date, datetime

from thinkfamily.demo import area as area_data
from thinkfamily.demo.generator.dates import ANCHOR
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.models import (
    GPRegistration,
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
    SchoolEnrolment,
)

START = LegalStatusEntry.Change.START


def current_status_counts(on: date | None = None) -> Counter:
    """Current legal statuses (folded from the in-force entries, as people.family does), counted by status,
    and child protection plans by category."""
    on = on or ANCHOR
    latest = {}
    rows = (
        LegalStatusEntry.objects.in_force()
        .filter(effective_date__lte=on)
        .order_by("effective_date", "recorded_at", "id")
        .values_list("person_id", "status", "change", "cp_category", "placed_out_of_area",
                     "responsible_authority__code")
    )
    for person_id, status, change, category, out, authority in rows.iterator(chunk_size=10000):
        latest[(person_id, status)] = (change, category, out, authority)
    counts = Counter()
    for (_, status), (change, category, out, authority) in latest.items():
        if change != START:
            continue
        counts[status] += 1
        if status == LegalStatus.CHILD_PROTECTION_PLAN:
            counts[f"{status}:{category}"] += 1
        if status == LegalStatus.LOOKED_AFTER:
            if out:
                counts["looked_after:placed out of area"] += 1
            if authority != area_data.SEFTON_COUNCIL:
                counts["looked_after:placed here by another authority"] += 1
    return counts


def _norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


FINGERPRINT_QUERIES = [
    (Person, ["id", "kind", "nhs_number", "given_name", "middle_names", "family_name", "date_of_birth",
              "expected_delivery_date", "sex", "ethnicity", "language", "interpreter_needed", "family_name_key",
              "given_name_key"]),
    (Relationship, ["person_id", "relative_id", "type", "start_date", "end_date", "notes"]),
    (ParentalResponsibility, ["child_id", "holder_id", "holder_organisation__code", "basis", "start_date",
                              "end_date"]),
    (HouseholdMembership, ["person_id", "household__address_line_1", "household__address_line_2", "household__town",
                           "household__postcode", "start_date", "end_date", "reason"]),
    (LegalStatusEntry, ["person_id", "status", "change", "effective_date", "cp_category", "placement_type",
                        "responsible_authority__code", "placing_authority__code", "placed_out_of_area", "notes",
                        "recorded_at"]),
    (SchoolEnrolment, ["person_id", "school__code", "start_date", "end_date", "reason_for_move"]),
    (GPRegistration, ["person_id", "practice__code", "start_date", "end_date"]),
    (CaseloadMembership, ["person_id", "team__name", "practitioner__username", "start_date", "end_date"]),
]


def fingerprint() -> str:
    """A sha256 over every generated row, sorted, without database-assigned keys or timestamps. Equal on SQLite
    and PostgreSQL for the same children and seed."""
    digest = hashlib.sha256()
    for model, fields in FINGERPRINT_QUERIES:
        rows = sorted("\x1f".join(_norm(v) for v in row) for row in model.objects.values_list(*fields).iterator(
            chunk_size=10000))
        digest.update(f"{model.__name__}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
    return digest.hexdigest()

