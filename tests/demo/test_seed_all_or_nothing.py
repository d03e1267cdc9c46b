"""seed_demo is one transaction (issue 11, defect 12): a seed that fails part-way leaves the
database as it was, so the next `make run` (``seed_demo --if-empty``) seeds the whole demo
instead of keeping half of one."""

import pytest
from django.apps import apps
from django.core.management import call_command

from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS
from thinkfamily.demo.generator.checks import fingerprint
from thinkfamily.demo.generator.population import delete_people
from thinkfamily.lac.models import HealthPassport
from thinkfamily.organisations.models import ContactEntry
from thinkfamily.people.models import Person

STEPS = [
    "thinkfamily.demo.generator.population.add_lac_health",  # just after the people are written
    "thinkfamily.demo.generator.population.add_lac_stories",  # the last step of the population
    "thinkfamily.organisations.services.seed_from_area",  # the contacts directory, after everything
]


def _row_counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _make_run(children=20):
    """What `make run` does after migrating."""
    call_command("seed_demo", children=children, seed=1, if_empty=True, verbosity=0)


@pytest.mark.req("R10.5")
@pytest.mark.parametrize("step", STEPS)
def test_a_seed_that_fails_part_way_writes_nothing_and_the_next_make_run_seeds_the_whole_demo(
    national_flag_types, monkeypatch, step
):
    before = _row_counts()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("seed_demo stopped part-way")

    with monkeypatch.context() as patched:
        patched.setattr(step, killed)
        with pytest.raises(KeyboardInterrupt):
            _make_run()
    assert _row_counts() == before
    assert not Person.objects.exists()

    _make_run()
    assert Person.objects.filter(kind=Person.Kind.CHILD).exclude(nhs_number__in=FEATURED_NHS_NUMBERS.values()).count()
    assert set(FEATURED_NHS_NUMBERS.values()) <= set(Person.objects.values_list("nhs_number", flat=True))
    assert HealthPassport.objects.filter(released_at__isnull=False).exists()  # Keira's, from the last story
    assert ContactEntry.objects.exists()
    seeded = fingerprint()

    delete_people()
    _make_run()
    assert fingerprint() == seeded  # the same demo as a seed that was never interrupted
