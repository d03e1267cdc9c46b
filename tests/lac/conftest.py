import pytest

from tests.lac import scenes


@pytest.fixture
def team(council, cic_nurse, camhs):
    """The people around a Sefton child in care (tests.lac.scenes.children_in_care_team)."""
    return scenes.children_in_care_team(council, cic_nurse, camhs)
