import datetime

import pytest

from tests.protection.scenes import adult_mental_health, discussion, initial_conference, known_to_agencies

DISCUSSED = datetime.date(2026, 3, 2)
CONFERENCE_DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def amh(db):
    return adult_mental_health()


@pytest.fixture
def known(family, gp, health_visitor, camhs, amh):
    """Liam's and Mia's family, known to Liam's GP and health visitor, Mia's CAMHS and their
    mother's adult mental health service."""
    known_to_agencies(family, gp=gp, health_visitor=health_visitor, camhs=camhs, amh=amh)
    return family


@pytest.fixture
def conference(known, social_worker):
    """The initial conference about Liam and Mia, arranged after the strategy discussion, with
    every agency that knows the family invited."""
    strategy = discussion(social_worker, known["liam"], DISCUSSED, other_children=[known["mia"]])
    return initial_conference(social_worker, strategy, CONFERENCE_DAY)
