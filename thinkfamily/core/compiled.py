"""Reads compiled once: a queryset that a hot path runs on every request with new values (the
point-of-care lookup's reads, issue 16) is built and compiled to SQL once per process and
shape; each later run sends the same SQL with the new values and makes the same model
instances (select_related included) as the queryset itself would. Compiling a queryset with
its joins takes longer than the database takes to answer it.

    FLAGS = CompiledRead(lambda n: Flag.objects.filter(person_id__in=slots("ids", n, Flag.person)))
    flags = FLAGS.run(shape=(len(ids),), ids=ids)

The queryset names each value with a ``Slot`` (``slots`` for a list, whose length is part of
the shape): a Slot compiles to a parameter, filled when the read runs with the value made
ready for the database by the Slot's field, as a filter's value would be."""

import threading
from dataclasses import dataclass

from django.db import connections
from django.db.models import Expression


@dataclass(frozen=True)
class _Marker:
    """Where a Slot's value goes among a compiled read's parameters."""

    slot: "Slot"

    def value(self, values: dict, connection):
        slot = self.slot
        value = values[slot.name] if slot.index is None else values[slot.name][slot.index]
        return getattr(slot.prepared_by, "target_field", slot.prepared_by).get_db_prep_value(value, connection)


class Slot(Expression):
    """A value of a compiled read, given when it runs; ``field`` prepares it for the database."""

    def __init__(self, name: str, field, index: int | None = None):
        super().__init__(output_field=getattr(field, "target_field", field))
        self.name, self.prepared_by, self.index = name, field, index

    def __hash__(self):
        return hash((self.name, self.index))

    def __eq__(self, other):
        return isinstance(other, Slot) and (self.name, self.index) == (other.name, other.index)

    def as_sql(self, compiler, connection):
        return "%s", [_Marker(self)]


def slots(name: str, count: int, field) -> list[Slot]:
    """``count`` values of the list ``name`` (a ``__in`` filter's). Through a foreign key, filter
    on the related primary key (``person__pk__in``, the same column, no join): Django prepares
    the values of ``person_id__in`` itself, and would take a Slot for an id."""
    return [Slot(name, field, index) for index in range(count)]


@dataclass
class _Compiled:
    sql: str
    params: list  # a _Marker or a fixed value, for each parameter
    select: list
    klass_info: dict
    annotation_col_map: dict
    col_count: int
    has_extra_select: bool


class CompiledRead:
    """A queryset built by ``build(*shape)`` once per shape, compiled once per database and shape."""

    def __init__(self, build):
        self.build = build
        self._querysets: dict = {}
        self._compiled: dict = {}
        self._lock = threading.Lock()

    def run(self, shape: tuple = (), **values) -> list:
        """The rows, as model instances, for ``values`` (one per Slot name)."""
        queryset = self._querysets.get(shape)
        if queryset is None:
            with self._lock:
                queryset = self._querysets.setdefault(shape, self.build(*shape))
        alias = queryset.db
        connection = connections[alias]
        query = queryset.query.clone()
        compiler = query.get_compiler(using=alias)
        compiled = self._compiled.get((alias, connection.vendor, shape))
        if compiled is None:
            sql, params = compiler.as_sql()
            compiled = _Compiled(sql, list(params), compiler.select, compiler.klass_info,
                                 compiler.annotation_col_map, compiler.col_count, compiler.has_extra_select)
            with self._lock:
                self._compiled[alias, connection.vendor, shape] = compiled
        else:
            compiler.select, compiler.klass_info = compiled.select, compiled.klass_info
            compiler.annotation_col_map, compiler.col_count = compiled.annotation_col_map, compiled.col_count
            compiler.has_extra_select = compiled.has_extra_select
        params = [param.value(values, connection) if isinstance(param, _Marker) else param
                  for param in compiled.params]
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        query.get_compiler = lambda *args, **kwargs: compiler
        ready = queryset._chain()
        ready.query = query
        return list(ready)
