"""Aggregates Django does not have, for the dashboards: each figure stays one query on
PostgreSQL and on SQLite alike (the MASH dashboard's response times, the children-in-care
dashboard's median working days per step)."""

import math

from django.db import connection
from django.db.models import Aggregate, FloatField


class Percentile(Aggregate):
    """A continuous percentile (linear interpolation) as one aggregate in the query: the SQL
    standard's ``percentile_cont`` (PostgreSQL); on SQLite, which lacks it, an aggregate
    function of the same definition registered on the connection
    (``_ensure_sqlite_percentile``). NULLs are ignored (an open request with no response time
    yet, a step not measured)."""

    name = "Percentile"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # The SQL standard's ordered-set aggregate (PostgreSQL, and any engine that has it).
        return super().as_sql(
            compiler,
            connection,
            function="percentile_cont",
            template=f"%(function)s({self.fraction}) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        _ensure_sqlite_percentile(connection)
        return Aggregate.as_sql(
            self,
            compiler,
            connection,
            function="tf_percentile_cont",
            template=f"%(function)s(%(expressions)s, {self.fraction})",
            **extra_context,
        )


class _PercentileCont:
    def __init__(self):
        self.values = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values, fraction):
    """The same definition as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _ensure_sqlite_percentile(conn=None):
    conn = conn or connection
    conn.ensure_connection()
    # Registering is cheap and idempotent; a new connection (after a reconnect) needs it again.
    conn.connection.create_aggregate("tf_percentile_cont", 2, _PercentileCont)
