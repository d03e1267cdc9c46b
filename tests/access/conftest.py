import pytest

from tests.access import matrix


@pytest.fixture
def world(family, health_visitor, council, safeguarding_lead, camhs, cic_nurse, gp, mash_worker,
          other_area_mash_worker):
    """Liam's family and a practitioner of every kind, with and without a relationship
    (tests.access.matrix)."""
    return matrix.access_world(family, health_visitor, council, safeguarding_lead, camhs, cic_nurse, gp, mash_worker,
                               other_area_mash_worker)
