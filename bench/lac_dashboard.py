#!/usr/bin/env python
"""How long the children-in-care health dashboard takes to compute (a benchmark, not a test),
at the area's scale (59,300 children) and at ten times that (593,000), on PostgreSQL.

    .venv/bin/python bench/lac_dashboard.py
    .venv/bin/python bench/lac_dashboard.py --children 59300 593000 --runs 7 \\
        --database-url postgres://postgres@127.0.0.1:5432/thinkfamily_bench_lac

For each size, in order:
1. Creates the database afresh (DROP/CREATE: the audit table refuses DELETE and TRUNCATE by
   design) and migrates it.
2. Seeds it with the real generator (``seed_demo --children N --seed 1``): the whole
   population, with the health assessments, their steps and the SDQ scores of every child
   looked after (thinkfamily/demo/lac_health.py). Prints how long that took. ANALYZE.
3. As the demo children-in-care nurse (cic.demo, who sees every child looked after in the
   area), computes every figure of the dashboard (lac.queries.dashboard: IHA timeliness by month,
   median working days per step, RHA timeliness by age band, QA return rate by practitioner
   and by service, SDQ bands) ``--runs`` times, and prints the median time of the whole
   dashboard and of each figure, each figure being one query; then the same for the
   population list's filter counts and its first page (lac.queries.population).
4. Prints the EXPLAIN (ANALYZE) of the slowest figure's query.

Prints figures; asserts nothing. The clock is set to 25 November 2026, three weeks after the
generator's anchor date (1 November 2026)."""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_postgres_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thinkfamily_bench_lac"
NOW = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)


def figures(scope, today) -> dict:
    """Each figure of the dashboard as a function that runs its query (lists force evaluation)."""
    from thinkfamily.lac.queries import dashboard

    return {
        "IHA timeliness by month": lambda: dashboard.iha_by_month(scope, today),
        "median working days per step": lambda: dashboard.step_medians(scope, today),
        "RHA timeliness by age band": lambda: dashboard.rha_by_age_band(scope, today),
        "QA return rate by practitioner": lambda: dashboard.qa_return_rate(scope, today, "practitioner"),
        "QA return rate by service": lambda: dashboard.qa_return_rate(scope, today, "service"),
        "SDQ bands": lambda: dashboard.sdq_bands(scope, today),
    }


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run_size(url: str, children: int, runs: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import RequestFactory

    connections.close_all()
    fresh_postgres_database(url)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", children=children, seed=seed, verbosity=0)
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from thinkfamily.access.scoping import AccessScope
    from thinkfamily.core import clock
    from thinkfamily.lac.models import AssessmentStep, HealthAssessment, SDQScore
    from thinkfamily.lac.queries import dashboard, population
    from thinkfamily.organisations.models import Practitioner
    from thinkfamily.people.models import Person

    out = {
        "seed_seconds": seed_seconds,
        "children": Person.objects.filter(kind="child").count(),
        "assessments": HealthAssessment.objects.count(),
        "steps": AssessmentStep.objects.count(),
        "sdq": SDQScore.objects.count(),
    }
    request = RequestFactory().get("/children-in-care/dashboard/")
    request.user = Practitioner.objects.get(username="cic.demo")
    with clock.travel_to(NOW):
        scope = AccessScope(request)
        today = clock.today()
        each = figures(scope, today)
        out["dashboard_seconds"], _ = timed(lambda: [f() for f in each.values()], runs)
        out["per_figure"] = {name: timed(f, runs)[0] for name, f in each.items()}
        out["population_counts_seconds"], counts = timed(lambda: population.counts(scope, today), runs)
        out["population_page_seconds"], _ = timed(
            lambda: list(population.children(scope, today)[: population.PAGE_SIZE]), runs)
        out["population_counts"] = counts
        out["iha_entered"] = sum(r["total"] for r in dashboard.iha_by_month(scope, today))
        out["looked_after_visible"] = counts["all"] - counts["care_leavers"]
        slowest = max(out["per_figure"], key=out["per_figure"].get)
        out["slowest"] = slowest
        out["plan"] = _plan(slowest, scope, today)
    return out


def _plan(name, scope, today) -> str:
    """The EXPLAIN ANALYZE of a figure's aggregate query."""
    from django.db.models import Count, Q

    from thinkfamily.lac.models import AssessmentStep, HealthAssessment
    from thinkfamily.lac.queries import dashboard

    Kind = HealthAssessment.Kind
    since = dashboard.period_start(today)
    assessments = HealthAssessment.objects.filter(child__in=scope.people())
    if name.startswith("IHA"):
        query = assessments.filter(kind=Kind.INITIAL, entered_care_on__gte=since).values("entered_care_on").annotate(
            n=Count("id"))
    elif name.startswith("median"):
        iha = assessments.filter(kind=Kind.INITIAL, entered_care_on__gte=since)
        query = AssessmentStep.objects.filter(assessment__in=iha.values("pk")).values("step").annotate(n=Count("id"))
    elif name.startswith("RHA"):
        query = assessments.filter(kind=Kind.REVIEW, due_on__gte=since, due_on__lte=today).values(
            "child_age_band").annotate(n=Count("id"))
    elif name.startswith("QA"):
        query = assessments.filter(kind__in=[Kind.INITIAL, Kind.REVIEW], due_on__gte=since).filter(
            Q(qa_accepted_on__isnull=False) | Q(qa_return_count__gt=0)).values("assessing_service_id").annotate(
            n=Count("id"))
    else:
        query = dashboard._latest_sdq(scope, today).values("band").annotate(n=Count("id"))
    return query.explain(analyze=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, nargs="+", default=[59_300, 593_000])
    parser.add_argument("--runs", type=int, default=7, help="runs of each figure; the median is printed")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinkfamily.config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.db import connection

    print(f"Children-in-care dashboard benchmark on {connection.vendor} {connection.settings_dict['NAME']} "
          f"(median of {args.runs} runs, as cic.demo, on {NOW:%d %B %Y})", flush=True)
    results = {}
    for size in args.children:
        r = run_size(args.database_url, size, args.runs, args.seed)
        results[size] = r
        print(f"\n== {size:,} children: seeded in {r['seed_seconds']:.0f} s with seed_demo "
              f"({r['assessments']:,} health assessments, {r['steps']:,} steps, {r['sdq']:,} SDQ scores)")
        print(f"  children in care visible to cic.demo: {r['population_counts']['all']:,} "
              f"({r['looked_after_visible']:,} looked after, {r['population_counts']['care_leavers']:,} care "
              f"leavers); IHAs in the 12 months: {r['iha_entered']:,}")
        print(f"  whole dashboard (6 queries):        {r['dashboard_seconds'] * 1000:8.1f} ms")
        for name, seconds in r["per_figure"].items():
            print(f"    {name:32s} {seconds * 1000:8.1f} ms")
        print(f"  population: filter counts (1 query) {r['population_counts_seconds'] * 1000:8.1f} ms")
        print(f"  population: first page of 50        {r['population_page_seconds'] * 1000:8.1f} ms")
        print(f"  EXPLAIN ANALYZE of the slowest figure ({r['slowest']}):")
        for line in r["plan"].splitlines():
            print(f"    {line}")
        sys.stdout.flush()
    if len(args.children) >= 2:
        small, large = args.children[0], args.children[-1]
        a, b = results[small], results[large]
        print(f"\n== Growth from {small:,} to {large:,} children ({large / small:.0f} times as many)")
        print(f"  whole dashboard {a['dashboard_seconds'] * 1000:8.1f} ms -> {b['dashboard_seconds'] * 1000:8.1f} ms"
              f"   ratio {b['dashboard_seconds'] / a['dashboard_seconds']:5.1f}")


if __name__ == "__main__":
    main()
