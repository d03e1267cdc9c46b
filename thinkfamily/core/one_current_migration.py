"""For the migrations that add a "one current X" constraint (core.concurrency): the rows that
would break it, made before it existed (the check-then-insert races of issue 11, defect 4),
are dealt with first, and the same way everywhere:

- a later row that is a copy of the first (every value the same but its id and times: the same
  form sent twice) is ended the day it started, with its reason where the model keeps one, so
  the history still shows it and nothing is lost; a copy of a row that never ends (a birth
  parent) is deleted, since it holds nothing the first does not;
- a later row that differs from the first (another school, other contact numbers...) is not
  guessed at: the migration stops, naming the rows, for someone who knows the child to decide
  which is right and end the other in the record. Nothing is changed when it stops.

Called from RunPython with historical models (``apps.get_model``)."""

import datetime

from django.db.models import Count

NOT_COMPARED = {"id", "created_at", "updated_at", "version", "recorded_at"}


def _values(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname not in NOT_COMPARED}


def resolve(model, *, group: list[str], open_rows, end=None, delete_copies: bool = False, what: str) -> int:
    """Deal with the groups of ``open_rows`` (a queryset of ``model``) that share the values of
    ``group``. ``end(row, first)`` returns the fields that end a copy; ``delete_copies`` deletes
    copies instead; with neither, any second row stops the migration. Returns the rows ended
    or deleted; raises RuntimeError naming the rows it will not guess about."""
    clashes = open_rows.values(*group).annotate(rows=Count("pk")).filter(rows__gt=1)
    problems, resolved = [], 0
    for clash in clashes:
        rows = list(open_rows.filter(**{name: clash[name] for name in group}).order_by("pk"))
        first = rows[0]
        for row in rows[1:]:
            copy = _values(row) == _values(first)
            if copy and delete_copies:
                model._base_manager.filter(pk=row.pk).delete()
            elif copy and end is not None:
                model._base_manager.filter(pk=row.pk).update(**end(row, first))
            else:
                about = ", ".join(f"{name} {clash[name]}" for name in group)
                problems.append(f"- {what} {row.pk}, beside {first.pk} ({about})")
                continue
            resolved += 1
    if problems:
        raise RuntimeError(
            f"Some records have more than one current {what}, which is now refused. The later ones below are not "
            f"copies of the first, so which is right needs someone who knows the person: end the wrong one in the "
            f"record, then run migrate again. Nothing has been changed.\n" + "\n".join(problems)
        )
    return resolved


def ended_the_day_it_started(row, first, *, reason_field: str | None = None) -> dict:
    end = {"end_date": row.start_date or datetime.date.today()}  # wall clock: a migration runs in real time
    if reason_field:
        end[reason_field] = f"A copy of {first.pk}, made by the same form sent twice (ended by the rule of one)"
    return end
